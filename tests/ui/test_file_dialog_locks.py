"""Why issue 16's project file was corrupted: Qt's file dialog opens and closes every file of the folder it
shows (to tell its type), which drops this process's SQLite locks on the project and its -shm. The project
notices at its next data_version() poll and takes them again (store/sqlite_files.py)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QFileDialog

from factcheck.domain import ImportedDocument
from factcheck.services import Project

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/locks is Linux's")


def test_a_file_dialog_on_the_projects_folder_drops_its_locks_and_the_poll_takes_them_back(
    qtbot, project_path
) -> None:
    project = Project.open(project_path)
    try:
        project.documents.add(ImportedDocument(text="An article.", source_format="txt"))
        seen = project.data_version()
        assert project.locks_held() is True
        dialog = QFileDialog(None, "Import Annotations", str(project_path.parent), "CSV files (*.csv)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: project.locks_held() is False, timeout=10_000)
        dialog.close()
        assert project.data_version() != seen  # the poll reconnected (and the window will reload)
        assert project.locks_held() is True
    finally:
        project.close()
