"""The window on a project database on the real PostgreSQL server (its own database, dropped after): opened
through File ▸ Open Server Project, an edit made while the server is out of reach is reported and never shown
as saved, work goes on when it is back; an annotator signed in with their own login cannot rename themselves."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from factcheck.domain import ImportedDocument
from factcheck.services.project import Project
from factcheck.ui.window import MainWindow
from tests.helpers.postgres import admin_connect, url_for
from tests.ui.helpers import problems, select_text, when_dialog

pytestmark = pytest.mark.postgres

TEXT = "First, the crew said the set was unsafe. Then the producer said it was safe. Nobody else spoke."


@pytest.fixture
def database(pg_server) -> str:
    """A new database of this test's own, holding one article (dropped at the end of the run)."""
    name = pg_server.create_database(f"_{uuid.uuid4().hex[:6]}")
    project = Project.open(url_for(name))
    project.documents.add(ImportedDocument(text=TEXT, source_format="txt", title="Set"))
    project.close()
    return name


def _server_window(qtbot, tmp_path, url: str) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, Project.open)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    job = window.projects.open_server(url)  # what File ▸ Open Server Project… does once the address is typed
    qtbot.waitUntil(lambda: not job.is_running() and window.workspace.project is not None, timeout=20000)
    assert window.workspace.project.is_server and window.workspace.document_id is not None
    assert window.projects.recent_servers() == [url]
    return window


def _server_rows(database: str, sql: str) -> list[tuple]:
    with admin_connect(database) as conn:
        return conn.execute(sql).fetchall()


def _close_message(qtbot) -> str:
    qtbot.waitUntil(
        lambda: any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()),
        timeout=5000,
    )
    (box,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    text = box.text()
    box.accept()
    return text


def test_an_edit_while_the_server_is_out_of_reach_is_reported_and_never_shown_saved(
    qtbot, tmp_path, database
):
    window = _server_window(qtbot, tmp_path, url_for(database))
    workspace = window.workspace
    shown = problems(window)
    select_text(qtbot, window, "unsafe")
    _out_of_reach(database, True)
    try:
        qtbot.keyClick(window.article, Qt.Key.Key_C)
        assert shown and shown[-1][0] == "Change not saved" and "not saved" in shown[-1][1]
        # Nothing in the view says it was saved: no row, no highlight, nothing to undo, the save status.
        assert window.annotation_list.model.rowCount() == 0
        assert list(window.article._index) == []
        assert not window.undo_action.isEnabled()
        assert "not saved" in window.saved_label.text()
        assert not workspace.connected
        assert "not saved" in window.statusBar().currentMessage()
        assert "not saved" in _close_message(qtbot)
    finally:
        _out_of_reach(database, False)
    assert _server_rows(database, "SELECT count(*) FROM annotations") == [(0,)]
    # The server is back: the window notices by itself, and the same edit now goes through.
    qtbot.waitUntil(lambda: workspace.connected, timeout=20000)
    assert window.saved_label.text() == "✓ Connected again"
    select_text(qtbot, window, "unsafe")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    assert window.annotation_list.model.rowCount() == 1
    assert "Saved" in window.saved_label.text()
    assert _server_rows(database, "SELECT quote FROM annotations") == [("unsafe",)]

    # An undo that cannot be committed is not shown as done either: Undo still offers it, then works.
    _out_of_reach(database, True)
    try:
        qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert "Could not undo" in _close_message(qtbot)
        assert window.undo_action.isEnabled() and window.undo_action.text() == "&Undo Tag as claim"
        assert not window.redo_action.isEnabled()
        assert window.annotation_list.model.rowCount() == 1
    finally:
        _out_of_reach(database, False)
    qtbot.waitUntil(lambda: workspace.connected, timeout=20000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.annotation_list.model.rowCount() == 0 and window.redo_action.isEnabled()
    assert _server_rows(database, "SELECT count(*) FROM annotations") == [(0,)]


def _out_of_reach(database: str, out: bool) -> None:
    """New connections to the database refused and open ones ended (out), or allowed again."""
    with admin_connect() as admin:
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {"false" if out else "true"}')
        if out:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,)
            )


@pytest.fixture
def annotator_login(database):
    """An annotator's own login on the database, subject to its row-level security (dropped after)."""
    name = f"fc_ana_{uuid.uuid4().hex[:6]}"
    with admin_connect() as admin:
        admin.execute(f'CREATE ROLE "{name}" LOGIN')
    with admin_connect(database) as admin:
        admin.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{name}"')
    yield name
    with admin_connect() as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (name,))
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.execute(f'DROP ROLE IF EXISTS "{name}"')


def test_an_annotator_signed_in_with_their_own_login_sees_their_name_greyed(
    qtbot, tmp_path, database, annotator_login
):
    window = _server_window(qtbot, tmp_path, url_for(database, user=annotator_login))
    project = window.workspace.project
    assert project.annotator_fixed and project.annotator == annotator_login
    seen = {}

    def look(dialog) -> None:
        seen.update(enabled=dialog.field.isEnabled(), text=dialog.field.text(), note=dialog.fixed_note.text())
        dialog.reject()

    when_dialog(look)
    window.annotator_action.trigger()
    assert seen["enabled"] is False and seen["text"] == annotator_login
    assert f"signed in to the database server as {annotator_login}" in seen["note"]
    select_text(qtbot, window, "unsafe")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    assert _server_rows(database, "SELECT annotator FROM annotations") == [(annotator_login,)]
    window.close()
