"""Start the GUI: paint the window first, then load SQLAlchemy and open the project behind it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from factcheck.ui.main_window import MainWindow


def run_gui(
    db: Path | None,
    open_initial: Callable[[Path | None, str | None], object],
    open_project: Callable[[Path], object],
    import_file: Callable[[Path], object],
    *,
    on_first_paint: Callable[[], None] | None = None,
) -> int:
    """Show the window, then open ``db`` (or the last/default project) once the first frame is up."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("factcheck")
    app.setOrganizationName("factcheck")
    app.setApplicationDisplayName("factcheck")
    settings = QSettings()
    window = MainWindow(settings, open_project, import_file)
    window.show()

    def open_first() -> None:
        if on_first_paint is not None:
            on_first_paint()
        last = settings.value("last_project", "")
        target = db if db is not None else (Path(last) if last and Path(last).exists() else None)
        try:
            project = open_initial(target, str(settings.value("annotator", "") or "") or None)
        except Exception as exc:  # noqa: BLE001 - any failure to open is shown, never a silent exit
            window.report_error("Cannot open project", str(exc))
            window.statusBar().showMessage("No project open: use File ▸ Open Project or New Project.")
            return
        window.set_project(project)

    QTimer.singleShot(0, open_first)
    return app.exec()
