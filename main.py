"""Run factcheck from a source checkout: python main.py [--db PATH] or python main.py COMMAND ..."""

from factcheck.app import main

raise SystemExit(main())
