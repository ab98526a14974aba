"""The main window and its parts: the panes, the docks, and the flows behind the menus' actions."""

from factcheck.ui.window.main_window import MainWindow

__all__ = ["MainWindow"]
