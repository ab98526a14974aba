"""File ▸ Open Recent: the last projects opened, kept in QSettings (UI state, not project data)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu, QWidget

MAX_RECENT = 8
KEY = "recent_projects"


class ProjectMenu(QMenu):
    def __init__(self, title: str, settings: QSettings, open_path: Callable[[Path], object], parent: QWidget):
        super().__init__(title, parent)
        self._settings = settings
        self._open_path = open_path
        self.aboutToShow.connect(self._rebuild)
        self._rebuild()

    def paths(self) -> list[str]:
        value = self._settings.value(KEY, [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add(self, path: Path) -> None:
        entry = str(Path(path).resolve())
        paths = [entry] + [p for p in self.paths() if p != entry]
        self._settings.setValue(KEY, paths[:MAX_RECENT])
        self._rebuild()

    def _rebuild(self) -> None:
        self.clear()
        paths = self.paths()
        for number, entry in enumerate(paths, start=1):
            path = Path(entry)
            label = (
                f"&{number} {path.stem}  —  {path.parent}" if number < 10 else f"{path.stem} — {path.parent}"
            )
            action = self.addAction(label)
            action.setEnabled(path.exists())
            action.triggered.connect(lambda _=False, p=path: self._open_path(p))
        if not paths:
            self.addAction("No recent projects").setEnabled(False)
        else:
            self.addSeparator()
            self.addAction("Clear Menu").triggered.connect(self._clear)

    def _clear(self) -> None:
        self._settings.setValue(KEY, [])
        self._rebuild()
