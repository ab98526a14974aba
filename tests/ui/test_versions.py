"""A corrected article: import a new version, review what moved, undo; edit properties; read old versions."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from tests.ui.helpers import rows, select_text, when_dialog


def _annotations(window):
    return rows(
        window.workspace.project.path,
        'SELECT quote, start, "end", anchor_status FROM annotations ORDER BY start',
    )


def _new_version(window, tmp_path, transform) -> None:
    text = window.workspace.project.documents.text(window.workspace.document_id)
    path = tmp_path / "corrected.txt"
    path.write_text(transform(text), encoding="utf-8")
    window.imports.import_new_version(path)


def test_new_version_keeps_highlights_and_asks_about_the_edited_one(qtbot, sample_window, tmp_path):
    window = sample_window
    for quote, key in (("unsafe", Qt.Key.Key_C), ("The work was hard, but meaningful.", Qt.Key.Key_X)):
        select_text(qtbot, window, quote)
        qtbot.keyClick(window.article, key)
    before = _annotations(window)

    def correct(text: str) -> str:
        text = "Editor's note: this story was updated.\n\n" + text
        return text.replace("The work was hard, but meaningful.", "The work was hard but very meaningful.")

    _new_version(window, tmp_path, correct)
    after = _annotations(window)
    new_text = window.workspace.project.documents.text(window.workspace.document_id)
    moved = next(a for a in after if a[0] == "unsafe")
    assert moved[3] == "moved" and new_text[moved[1] : moved[2]] == "unsafe"
    edited = next(a for a in after if a[0].startswith("The work"))
    assert edited[3] == "needs_review"
    assert new_text[edited[1] : edited[2]] == "The work was hard but very meaningful."
    assert window.review.isVisible()
    assert "1 annotation to decide on" in window.review.summary.text()
    assert window.review.new_text.toPlainText() == "The work was hard but very meaningful."
    # Accept the proposed place: the annotation now quotes the corrected wording.
    window.review.accept_button.click()
    accepted = next(a for a in _annotations(window) if a[0].startswith("The work"))
    assert accepted == ("The work was hard but very meaningful.", edited[1], edited[2], "anchored")
    assert "Every annotation sits" in window.review.summary.text()
    # Undo the decision, then the whole new version: the first text and offsets come back.
    window.workspace.undo_stack.undo()
    assert next(a for a in _annotations(window) if a[0].startswith("The work"))[3] == "needs_review"
    window.workspace.undo_stack.undo()
    assert _annotations(window) == before
    assert rows(window.workspace.project.path, "SELECT count(*) FROM document_versions") == [(1,)]


def test_an_annotation_whose_words_are_gone_is_marked_and_can_be_placed_by_hand(
    qtbot, sample_window, tmp_path
):
    window = sample_window
    select_text(qtbot, window, "laughter and optimism were common")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    _new_version(
        window, tmp_path, lambda text: text.replace("laughter and optimism were common", "spirits rose")
    )
    ((quote, _s, _e, status),) = _annotations(window)
    assert status in ("orphaned", "needs_review")
    if status == "needs_review":
        window.review.orphan_button.click()
        assert _annotations(window)[0][3] == "orphaned"
    assert "not in text" in window.annotation_list.model.index(0, 2).data()
    select_text(qtbot, window, "spirits rose")
    window.review.relocate_button.click()
    assert _annotations(window)[0][0] == "spirits rose"
    assert _annotations(window)[0][3] == "anchored"


def test_properties_are_edited_and_undone(qtbot, sample_window):
    window = sample_window

    def edit(dialog):
        dialog.form.outlet.setText("The Blast")
        dialog.form.published.setText("2021-12-09 16:39 -08:00")
        dialog.accept()

    when_dialog(edit)
    window.document_actions.edit_properties()
    ((outlet, published),) = rows(window.workspace.project.path, "SELECT outlet, published_at FROM documents")
    assert outlet == "The Blast" and published.startswith("2021-12-10 00:39:00")
    assert window.workspace.document_row().published_at == datetime(2021, 12, 10, 0, 39, tzinfo=UTC)
    window.workspace.undo_stack.undo()
    assert rows(window.workspace.project.path, "SELECT outlet FROM documents") == [("",)]


def test_versions_dialog_shows_the_older_text(qtbot, sample_window, tmp_path):
    window = sample_window
    old_text = window.workspace.project.documents.text(window.workspace.document_id)
    _new_version(window, tmp_path, lambda text: text + "\n\nUpdate: a paragraph was added.")
    seen = {}

    def look(dialog):
        assert dialog.list.count() == 2
        dialog.list.setCurrentRow(0)
        seen["text"] = dialog.viewer.toPlainText()
        dialog.reject()

    when_dialog(look)
    window.document_actions.show_versions()
    assert seen["text"] == old_text
