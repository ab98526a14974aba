"""The UI stays readable: no function in factcheck/ui longer than 80 lines, and the main window (layout,
menus and actions only) at most 450 lines."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[1] / "factcheck" / "ui"
MAX_FUNCTION_LINES = 80
MAX_WINDOW_LINES = 450


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node.lineno, node.end_lineno - node.lineno + 1


def test_no_ui_function_is_longer_than_80_lines():
    long = [
        f"{path.relative_to(UI.parent.parent)}:{line} {name}() has {length} lines"
        for path in sorted(UI.rglob("*.py"))
        for name, line, length in _functions(path)
        if length > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_the_main_window_is_layout_menus_and_actions_in_at_most_450_lines():
    path = UI / "window" / "main_window.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    (window,) = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "MainWindow"]
    assert [ast.unparse(base) for base in window.bases] == ["QMainWindow"], "no mixins"
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_WINDOW_LINES


def test_the_checker_sees_a_long_function(tmp_path):
    long = tmp_path / "long.py"
    long.write_text("def f():\n" + "    x = 1\n" * 90)
    assert [length for _name, _line, length in _functions(long)] == [91]
