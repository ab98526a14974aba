"""Find in Project (Ctrl+Shift+F) in the real window: text and annotation hits, filters, Enter opens."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QTableView

from factcheck.domain import ImportedDocument
from factcheck.services.project import Project
from factcheck.services.setup import add_sample
from factcheck.ui.dialogs.search_dialog import SearchDialog
from factcheck.ui.models.search_results import ANNOTATION, TEXT
from tests.ui.helpers import rows, select_text

UNION = "Crew members said the set was UNSAFE. A union letter called it chaotic.\n\nMore later."


@pytest.fixture
def world(tmp_path):
    """The sample and a dated union statement, annotated the way a researcher would (via the services)."""
    path = tmp_path / "world.factcheck"
    project = Project.open(path)
    sample = add_sample(project)
    union = project.documents.add(
        ImportedDocument(
            text=UNION,
            title="Union statement",
            source_format="txt",
            published_at=datetime(2021, 10, 22, 18, tzinfo=UTC),
        )
    ).id
    claim = project.labels.by_name("claim").id
    counterclaim = project.labels.by_name("counterclaim").id
    matter = project.matters.create("Was the Rust set unsafe?")
    ids = {
        "path": path,
        "sample": sample,
        "union": union,
        "claim": claim,
        "counterclaim": counterclaim,
        "matter": matter.id,
        "unsafe": project.annotations.create_from_quote(
            sample,
            "unsafe",
            claim,
            claimant="crew members who quit",
            claim_date="2021-10",
            matter_ids=[matter.id],
        ).id,
        "letter": project.annotations.create_from_quote(
            sample,
            "The descriptions of ‘Rust’ as a chaotic, dangerous, and exploitative workplace are false",
            counterclaim,
            claimant="cast and crew of Rust (letter)",
            claim_date="2021-12-09",
            verdict="misleading",
            note="Compare with the union's account of unsafe practice.",
            matter_ids=[matter.id],
        ).id,
        "union_claim": project.annotations.create_from_quote(
            union, "the set was UNSAFE", claim, claimant="IATSE"
        ).id,
    }
    project.close()
    return ids


def _dialog(qtbot, window) -> SearchDialog:
    dialog = SearchDialog(window.workspace, window.reading, window)
    dialog.show_dialog(use_selection=False)
    qtbot.waitExposed(dialog)
    return dialog


def _search(qtbot, dialog: SearchDialog, text: str) -> None:
    dialog.query.setText(text)
    with qtbot.waitSignal(dialog.results_shown, timeout=5000):
        dialog.search_now()


def _hits(dialog: SearchDialog) -> list:
    return dialog.model.rows()


def _annotation_ids(dialog: SearchDialog) -> set[str]:
    return {row.id for row in _hits(dialog) if row.kind == ANNOTATION}


def test_typing_finds_unsafe_in_the_article_then_the_annotation_after_tagging(qtbot, sample_window):
    window = sample_window
    dialog = _dialog(qtbot, window)
    with qtbot.waitSignal(dialog.results_shown, timeout=5000):
        qtbot.keyClicks(dialog.query, "unsafe")  # searched after the typing pause, on the worker
    text = window.workspace.project.documents.text(window.workspace.document_id)
    passages = [row for row in _hits(dialog) if row.kind == TEXT]
    assert [text[row.start : row.end] for row in passages] == ["unsafe", "unsafe"]
    assert dialog.counts.text() == "0 annotations, 2 passages in articles"
    assert passages[0].snippet.match == "unsafe" and "Western film" in passages[0].snippet.before

    start, end = select_text(qtbot, window, "unsafe")
    with qtbot.waitSignal(dialog.results_shown, timeout=5000):  # the edit re-runs the open search
        qtbot.keyClick(window.article, Qt.Key.Key_C)
    (annotation_id,) = [r[0] for r in rows(window.workspace.project.path, "SELECT id FROM annotations")]
    (hit,) = [row for row in _hits(dialog) if row.kind == ANNOTATION]
    assert hit.id == annotation_id and hit.annotation.label_name == "claim" and hit.field == "quote"
    assert (hit.snippet.match, hit.start, hit.end) == ("unsafe", start, end)
    assert dialog.counts.text() == "1 annotation, 2 passages in articles"
    assert [row.tagged for row in _hits(dialog) if row.kind == TEXT] == [1, 0]
    assert dialog.model.index(0, 1).data() == hit.context


def test_filters_narrow_by_label_verdict_date_range_and_matter(qtbot, world, make_window):
    window = make_window(world["path"])
    dialog = _dialog(qtbot, window)
    bar = dialog.filter_bar
    _search(qtbot, dialog, "unsafe")
    assert _annotation_ids(dialog) == {world["unsafe"], world["letter"], world["union_claim"]}
    assert any(row.kind == TEXT for row in _hits(dialog))

    bar.label_combo.setCurrentIndex(bar.label_combo.findData(world["claim"]))
    with qtbot.waitSignal(dialog.results_shown, timeout=5000):
        pass  # the filter change alone starts the search
    assert _annotation_ids(dialog) == {world["unsafe"], world["union_claim"]}
    assert not any(row.kind == TEXT for row in _hits(dialog)), (
        "labels belong to annotations, not article text"
    )
    assert "Article text is not searched" in dialog.note.text()

    bar.clear()
    bar.verdict_combo.setCurrentIndex(bar.verdict_combo.findData("misleading"))
    with qtbot.waitSignal(dialog.results_shown, timeout=5000):
        dialog.search_now()
    assert _annotation_ids(dialog) == {world["letter"]}
    assert dialog.model.index(0, dialog.model.VERDICT).data() == "Misleading"

    bar.clear()
    bar.date_from.setText("2021-10")
    bar.date_to.setText("2021-10")
    with qtbot.waitSignal(dialog.results_shown, timeout=5000):
        dialog.search_now()
    # "unsafe" was claimed in October 2021; the union statement's claim defaults to its date, 22 October.
    assert _annotation_ids(dialog) == {world["unsafe"], world["union_claim"]}
    bar.date_to.setText("2021-10-2")  # half typed: a red hint, and the range still ends in October
    assert bar.hint.isVisibleTo(dialog) and "2021-10-2" in bar.hint.text()
    assert bar.filters().date_to is None
    bar.date_to.setText("2021-10-21")
    with qtbot.waitSignal(dialog.results_shown, timeout=5000):
        dialog.search_now()
    assert not bar.hint.isVisibleTo(dialog)
    assert _annotation_ids(dialog) == {world["unsafe"]}

    bar.clear()
    bar.matter_combo.setCurrentIndex(bar.matter_combo.findData(world["matter"]))
    _search(qtbot, dialog, "")  # no words: every annotation of the matter
    assert _annotation_ids(dialog) == {world["unsafe"], world["letter"]}
    assert dialog.counts.text() == "2 annotations"


def test_enter_opens_an_annotation_hit_in_its_document(qtbot, world, make_window):
    window = make_window(world["path"])
    dialog = _dialog(qtbot, window)
    _search(qtbot, dialog, "IATSE")  # the claimant's name
    assert window.workspace.document_id != world["union"]
    (row,) = [i for i, hit in enumerate(_hits(dialog)) if hit.id == world["union_claim"]]
    assert _hits(dialog)[row].field == "claimant"
    dialog.view.setFocus()
    dialog.view.selectRow(row)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert window.workspace.document_id == world["union"]
    assert window.reading.selected_annotation().id == world["union_claim"]
    assert dialog.isVisible(), "the dialog stays open to walk through the hits"


def test_enter_in_the_search_field_opens_the_passage_selected_in_the_article(qtbot, world, make_window):
    window = make_window(world["path"])
    window.workspace.set_current_document(world["union"])
    dialog = _dialog(qtbot, window)
    _search(qtbot, dialog, "walking off set")
    (hit,) = _hits(dialog)
    assert hit.kind == TEXT and hit.document_id == world["sample"]
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert window.workspace.document_id == world["sample"]
    assert window.article.selected_span() == (hit.start, hit.end)
    assert window.article.textCursor().selectedText() == "walking off set"


def test_enter_right_after_typing_opens_the_first_hit_when_it_arrives(qtbot, world, make_window):
    window = make_window(world["path"])
    dialog = _dialog(qtbot, window)
    qtbot.keyClicks(dialog.query, "exploitative")
    with qtbot.waitSignal(dialog.opened, timeout=5000):
        qtbot.keyClick(dialog.query, Qt.Key.Key_Enter)
    assert window.reading.selected_annotation().id == world["letter"]


def test_the_dialog_keeps_its_query_filters_and_results_between_openings(qtbot, world, make_window):
    window = make_window(world["path"])
    dialog = _dialog(qtbot, window)
    dialog.filter_bar.label_combo.setCurrentIndex(
        dialog.filter_bar.label_combo.findData(world["counterclaim"])
    )
    _search(qtbot, dialog, "false")
    assert _annotation_ids(dialog) == {world["letter"]}
    qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    dialog.show_dialog(use_selection=False)
    assert dialog.query.text() == "false" and dialog.query.selectedText() == "false"
    assert dialog.filter_bar.label_combo.currentData() == world["counterclaim"]
    assert _annotation_ids(dialog) == {world["letter"]}


def test_a_selection_in_the_article_becomes_the_query(qtbot, sample_window):
    window = sample_window
    select_text(qtbot, window, "chaotic")
    dialog = SearchDialog(window.workspace, window.reading, window)
    with qtbot.waitSignal(dialog.results_shown, timeout=5000):
        dialog.show_dialog()
    assert dialog.query.text() == "chaotic"
    assert dialog.counts.text() == "0 annotations, 2 passages in articles"


def test_nothing_typed_and_no_filter_asks_for_words(qtbot, sample_window):
    dialog = _dialog(qtbot, sample_window)
    _search(qtbot, dialog, "   ")
    assert dialog.model.rowCount() == 0
    assert dialog.counts.text().startswith("Type words to search")


def test_every_control_has_an_accessible_name(qtbot, sample_window):
    dialog = _dialog(qtbot, sample_window)
    for kind in (QComboBox, QLineEdit, QPushButton, QTableView):
        for widget in dialog.findChildren(kind):
            if widget.isVisibleTo(dialog):
                assert widget.accessibleName() or (kind is QPushButton and widget.text()), widget
