"""The window paints before the database layer loads: the UI's modules must not import SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys


def test_the_main_window_module_does_not_load_sqlalchemy_or_alembic():
    code = (
        "import sys, factcheck.ui.main_window, factcheck.ui.application; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
