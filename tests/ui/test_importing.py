"""Importing in the real window: the confirm dialog, paste, URL, drop, folders, duplicates, undo."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import Collected, problems, rows, when_dialog

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "rust-crew-letter-2021-12-09.txt"
HTML = ROOT / "tests" / "importers" / "fixtures" / "rust-crew-letter.html"


@pytest.fixture
def empty_window(tmp_path, make_window):
    return make_window(tmp_path / "empty.factcheck")


def _documents(window):
    return rows(
        window.workspace.project.path, "SELECT title, author, published_at, source_format, url FROM documents"
    )


def test_import_a_file_confirms_the_detected_metadata(qtbot, empty_window):
    window = empty_window

    def edit_and_accept(dialog):
        assert dialog.form.author.text() == "Kristin Myers"
        assert "6 found" in dialog.clean.text()
        assert "Breadcrumb" in dialog.notes.text() and "Caption" in dialog.notes.text()
        dialog.form.outlet.setText("The Blast")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    when_dialog(edit_and_accept)
    window.imports.import_paths([SAMPLE])
    (row,) = _documents(window)
    assert row[0] == "Alec Baldwin Shares ‘Over The Top’ Letter From ‘Rust’ Cast And Crew"
    assert row[1] == "Kristin Myers"
    assert row[2].startswith("2021-12-10 00:39:00")
    text = rows(window.workspace.project.path, "SELECT text FROM documents")[0][0]
    assert "Article continues below advertisement" not in text
    original = rows(window.workspace.project.path, "SELECT original FROM document_versions")[0][0]
    assert original == SAMPLE.read_bytes()
    assert "The Blast" in window.reading.header.text()
    # One undoable step: Ctrl+Z takes the import back, Ctrl+Shift+Z restores the same document.
    document_id = window.workspace.document_id
    window.workspace.undo_stack.undo()
    assert _documents(window) == []
    window.workspace.undo_stack.redo()
    assert rows(window.workspace.project.path, "SELECT id FROM documents") == [(document_id,)]


def test_keeping_boilerplate_is_an_option(qtbot, empty_window):
    window = empty_window

    def keep(dialog):
        dialog.clean.setChecked(False)
        assert "Article continues below advertisement" in dialog.preview.toPlainText()
        dialog.accept()

    when_dialog(keep)
    window.imports.import_paths([SAMPLE])
    text = rows(window.workspace.project.path, "SELECT text FROM documents")[0][0]
    assert text.count("Article continues below advertisement") == 6


def test_importing_the_same_text_again_offers_the_existing_document(qtbot, empty_window):
    window = empty_window
    when_dialog(lambda dialog: dialog.accept())
    window.imports.import_paths([SAMPLE])
    first = window.workspace.document_id

    def open_existing(dialog):
        assert dialog.open_existing.isVisible()
        assert "already in the project" in dialog.duplicate.text()
        dialog.open_existing.click()

    when_dialog(open_existing)
    window.imports.import_paths([SAMPLE])
    assert len(_documents(window)) == 1
    assert window.workspace.document_id == first


def test_paste_from_clipboard_with_ctrl_shift_v(qtbot, empty_window):
    window = empty_window
    QGuiApplication.clipboard().setText(SAMPLE.read_text(encoding="utf-8"))
    when_dialog(lambda dialog: dialog.accept())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window.article, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    ((title, author, published, source_format, _url),) = _documents(window)
    assert (author, source_format) == ("Kristin Myers", "clipboard")


@pytest.fixture
def local_server():
    """A real HTTP server on 127.0.0.1 serving the HTML fixture (never the internet)."""
    page = HTML.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            if self.path == "/article":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_import_from_url_downloads_in_the_background(qtbot, empty_window, local_server):
    window = empty_window
    when_dialog(lambda dialog: dialog.accept())
    window.imports.import_url(f"{local_server}/article")
    qtbot.waitUntil(lambda: len(_documents(window)) == 1, timeout=20000)
    ((title, author, _published, source_format, url),) = _documents(window)
    assert "Rust" in title and url.endswith("/article") and source_format == "html"


def test_a_url_that_answers_404_says_so_and_writes_nothing(qtbot, empty_window, local_server):
    window = empty_window
    shown = problems(window)
    window.imports.import_url(f"{local_server}/missing")
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "404" in shown[-1][1]
    assert _documents(window) == []


def test_dropping_files_imports_them_and_reports_the_bad_one(qtbot, empty_window, tmp_path):
    window = empty_window
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(5):
        (folder / f"article-{number}.txt").write_text(
            f"Headline {number}\n\nBy Jo Writer\n\nBody text {number}. " * 3
        )
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    shown = problems(window)
    reports = Collected(window.imports.bulk_imported)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    # A real drag: the window accepts the drag entering it, then takes the drop.
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(
        window, QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    )
    qtbot.waitUntil(lambda: bool(reports), timeout=20000)
    ((report,),) = reports
    assert report.summary.startswith("Imported 5 of 6 files; 1 could not be imported")
    assert "broken.txt" in shown[-1][1]
    assert len(_documents(window)) == 5
    window.workspace.undo_stack.undo()  # the whole batch is one step
    assert _documents(window) == []
    window.workspace.undo_stack.redo()
    assert len(_documents(window)) == 5


def test_a_bad_single_file_gets_a_clear_message(qtbot, empty_window, tmp_path):
    window = empty_window
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    shown = problems(window)
    window.imports.import_paths([empty])
    assert shown and "empty" in shown[-1][1]
    assert _documents(window) == []
