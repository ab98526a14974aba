"""Fixtures for driving the real main window on a real project file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from factcheck.services.project import Project
from factcheck.services.setup import add_sample
from factcheck.ui.window import MainWindow


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings):
    """Build a MainWindow on a project file, shown and exposed like a user would see it."""

    def make(path: Path) -> MainWindow:
        window = MainWindow(settings, Project.open)
        qtbot.addWidget(window)
        window.resize(1400, 860)  # a large screen's first window (offscreen fits it to 800 × 600)
        window.show()
        qtbot.waitExposed(window)
        assert window.workspace.open_path(path)
        return window

    return make


@pytest.fixture
def sample_window(tmp_path, make_window):
    """A window on a new project holding the sample article, that article open."""
    path = tmp_path / "sample.factcheck"
    project = Project.open(path)
    add_sample(project)
    project.close()
    return make_window(path)
