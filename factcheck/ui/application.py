"""Start the GUI: paint the window first, then load SQLAlchemy and open the project behind it."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt
from PySide6.QtWidgets import QApplication

from factcheck.ui.window import MainWindow


def run_gui(
    db: Path | None,
    open_initial: Callable[[Path | None, str | None], object],
    open_project: Callable[[Path], object],
    *,
    on_first_paint: Callable[[], None] | None = None,
) -> int:
    """Show the window, then open ``db`` (or the last/default project) once the first frame is up."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("factcheck")
    app.setOrganizationName("factcheck")
    app.setApplicationDisplayName("factcheck")
    settings = QSettings()
    window = MainWindow(settings, open_project)
    app.aboutToQuit.connect(window.workspace.close)  # however the app ends, jobs end first
    bench = os.environ.get("FACTCHECK_BENCH_FIRST_PAINT")

    def open_first() -> None:
        if on_first_paint is not None:
            on_first_paint()
        last = settings.value("last_project", "")
        target = db if db is not None else (Path(last) if last and Path(last).exists() else None)
        try:
            project = open_initial(target, str(settings.value("annotator", "") or "") or None)
        except Exception as exc:  # noqa: BLE001 - any failure to open is shown, never a silent exit
            window.workspace.problem.emit("Cannot open project", str(exc))
            window.statusBar().showMessage("No project open: use File ▸ Open Project or New Project.")
            return
        window.workspace.set_project(project)

    # The window is painted first; SQLAlchemy is imported and the project opened behind that frame.
    AfterFirstPaint(app, _bench_hook(bench, open_first) if bench else open_first)
    window.show()
    return app.exec()


class AfterFirstPaint(QObject):
    """Runs ``callback`` once the first frame has been painted and flushed (an app-wide event filter
    sees the first Paint; a posted event is delivered after that frame, before other queued work)."""

    def __init__(self, app: QApplication, callback: Callable[[], None]) -> None:
        super().__init__(app)
        self._app = app
        self._callback = callback
        self._posted = False
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._posted:
            self._posted = True
            self._app.removeEventFilter(self)
            QCoreApplication.postEvent(
                self, QEvent(QEvent.Type.User), Qt.EventPriority.LowEventPriority.value
            )
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() != QEvent.Type.User:
            return super().event(event)
        self._callback()
        return True


def _bench_hook(t0: str, open_first: Callable[[], None]) -> Callable[[], None]:
    """Benchmark hook (bench/bench_workbench.py): FACTCHECK_BENCH_FIRST_PAINT=T0 prints
    ``first_paint_s`` from T0 (the launcher's time.monotonic()) to the first painted frame, then opens the
    project as usual and prints ``project_shown_s`` once its document is painted, and quits.
    Any other value measures from the start of run_gui."""
    now = time.monotonic()
    try:
        start = float(t0) if 0 <= now - float(t0) < 60 else now
    except ValueError:
        start = now

    def first_paint() -> None:
        print(f"first_paint_s={time.monotonic() - start:.4f}", flush=True)
        open_first()
        for widget in QApplication.topLevelWidgets():
            widget.repaint()
        print(f"project_shown_s={time.monotonic() - start:.4f}", flush=True)
        QApplication.quit()

    return first_paint
