"""The window paints before the database layer loads: the UI's modules must not import SQLAlchemy, and the
panels not visible at first paint (timeline, search, labels, export, the team dialogs) load on first use."""

from __future__ import annotations

import ast
import subprocess
import sys

LAZY = (
    "factcheck.ui.timeline",
    "factcheck.ui.dialogs.search_dialog",
    "factcheck.ui.dialogs.labels_dialog",
    "factcheck.ui.window.exchange_flow",
    "factcheck.ui.window.agreement_panel",
    "factcheck.ui.dialogs.project_settings_dialog",
    "factcheck.ui.dialogs.server_dialog",
    "factcheck.ui.dialogs.annotator_dialog",
    "factcheck.ui.dialogs.own_annotation_dialog",
    "factcheck.importers",
)


def _loaded_by_the_window(prefixes: tuple[str, ...]) -> list[str]:
    code = (
        "import sys, factcheck.ui.window, factcheck.ui.application; "
        f"print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return ast.literal_eval(out)


def test_the_main_window_module_does_not_load_sqlalchemy_or_alembic():
    assert _loaded_by_the_window(("sqlalchemy", "alembic")) == []


def test_panels_hidden_at_first_paint_load_on_first_use():
    assert _loaded_by_the_window(LAZY) == []
