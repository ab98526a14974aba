"""Every view follows the workspace: edits from another connection (a second Project, the CLI) show in every
panel after the poll, also after an undo; the inspector only ever edits the selected annotation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from factcheck.domain import ImportedDocument
from factcheck.services.project import Project
from factcheck.services.setup import add_sample
from tests.ui.helpers import rows, select_text, when_dialog

ROOT = Path(__file__).resolve().parents[2]


def _shows(window, *, matter: str, label: str, quote: str) -> dict[str, bool]:
    """Which panels show the matter, the label and the annotation (each panel asked in its own terms)."""
    panel = window.matters_panel
    matters = [panel.model.row_at(r).name for r in range(panel.model.rowCount())]
    model = window.annotation_list.model
    timeline = window.timeline.data() if window.timeline is not None else None
    return {
        "matters panel": matter in matters,
        "tag action": any(a.text() == f"Tag as {label}" for a in window.tag_actions.values()),
        "annotate menu": any(a.text() == f"Tag as {label}" for a in window.annotate_menu.actions()),
        "toolbar": any(a.text() == f"Tag as {label}" for a in window.toolbar.actions()),
        "annotation list": any(model.row_at(r).quote == quote for r in range(model.rowCount())),
        "article": any(span.annotation.quote == quote for span in window.article._index),
        "timeline": timeline is not None and any(e.quote == quote for e in timeline.all_entries),
        "inspector's matters": matter
        in [
            window.inspector.matter_choice.itemText(i) for i in range(window.inspector.matter_choice.count())
        ],
    }


def _everywhere(window, **what) -> bool:
    return all(_shows(window, **what).values())


@pytest.fixture
def watched(qtbot, sample_window):
    """The sample window with the matters panel and the timeline shown, and one claim tagged in it."""
    window = sample_window
    window.show_matters()
    window.timeline_dock.show_panel()
    qtbot.waitUntil(lambda: window.timeline is not None and window.timeline.isVisible())
    select_text(qtbot, window, "unsafe")
    qtbot.keyClick(window.article, Qt.Key.Key_C)
    return window


def test_another_project_connection_shows_in_every_panel_after_the_poll_and_after_undo(qtbot, watched):
    window = watched
    path, document_id = window.workspace.project.path, window.workspace.document_id
    other = Project.open(path)
    try:
        matter = other.matters.create("Was the crew paid on time?")
        label = other.labels.add("evidence", None, "E")
        other.annotations.create_from_quote(document_id, "chaotic", label.id, matter_ids=[matter.id])
    finally:
        other.close()
    expected = {"matter": "Was the crew paid on time?", "label": "evidence", "quote": "chaotic"}
    # The real 1.5 s poll, no call into the window: every panel catches up by itself.
    qtbot.waitUntil(lambda: _everywhere(window, **expected), timeout=8000)
    # An undo of the window's own edit re-reads nothing stale: the other connection's work stays shown.
    window.workspace.undo()
    assert rows(path, "SELECT quote FROM annotations") == [("chaotic",)]
    qtbot.waitUntil(lambda: _everywhere(window, **expected), timeout=3000)
    assert not any(span.annotation.quote == "unsafe" for span in window.article._index)
    # And the label's key tags at once.
    select_text(qtbot, window, "exploitative")
    qtbot.keyClick(window.article, Qt.Key.Key_E)
    assert ("exploitative", "evidence") in rows(
        path, "SELECT a.quote, l.name FROM annotations a JOIN labels l ON l.id = a.label_id"
    )


def test_the_command_line_on_the_same_file_shows_in_every_panel(qtbot, watched):
    window = watched
    path, document_id = window.workspace.project.path, window.workspace.document_id

    def cli(*args: str) -> None:
        code = f"import sys; from factcheck import cli; sys.exit(cli.main({[*args, '--db', str(path)]!r}))"
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr

    cli("matter", "create", "Who wrote the letter?")
    cli("label", "add", "rhetoric", "--key", "R")
    cli(
        "annotate",
        document_id,
        "--quote",
        "exploitative",
        "--label",
        "rhetoric",
        "--matter",
        "Who wrote the letter?",
    )
    expected = {"matter": "Who wrote the letter?", "label": "rhetoric", "quote": "exploitative"}
    qtbot.waitUntil(lambda: _everywhere(window, **expected), timeout=8000)
    window.workspace.undo()  # the window's own tag
    qtbot.waitUntil(lambda: _everywhere(window, **expected), timeout=3000)


def test_an_edit_with_a_dialog_open_still_updates_the_window(qtbot, watched):
    """The labels dialog stays open (non-modal) while labels change elsewhere: menus follow all the same."""
    window = watched
    dialog = window.labels_dialog()
    dialog.show_dialog()
    other = Project.open(window.workspace.project.path)
    try:
        other.labels.add("context", None, "Ctrl+1")
    finally:
        other.close()
    window.workspace.reload()  # F5
    assert any(a.text() == "Tag as context" for a in window.annotate_menu.actions())
    assert any(dialog.model.row_at(r).label.name == "context" for r in range(dialog.model.rowCount()))


@pytest.fixture
def two_articles(tmp_path, make_window):
    """The sample with a claim, and a second article with a claim; the window on the sample."""
    path = tmp_path / "two.factcheck"
    project = Project.open(path)
    sample = add_sample(project)
    claim = project.labels.by_name("claim").id
    unsafe = project.annotations.create_from_quote(sample, "unsafe", claim).id
    other = project.documents.add(
        ImportedDocument(
            text="The union said the set was unsafe and chaotic.",
            title="Union statement",
            source_format="txt",
        )
    ).id
    union_claim = project.annotations.create_from_quote(other, "chaotic", claim).id
    project.close()
    window = make_window(path)
    window.workspace.set_current_document(sample)
    return window, {"sample": sample, "unsafe": unsafe, "other": other, "union_claim": union_claim}


def _record(window, annotation_id: str) -> tuple:
    ((row,),) = [
        rows(
            window.workspace.project.path,
            "SELECT a.claimant_id, a.verdict, a.note, a.label_id FROM annotations a WHERE a.id = ?",
            (annotation_id,),
        )
    ]
    return row


def _type(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_switching_documents_then_editing_never_touches_the_previous_documents_annotation(
    qtbot, two_articles
):
    window, ids = two_articles
    inspector = window.inspector
    window.workspace.set_current_annotation(ids["unsafe"])
    assert inspector.row.id == ids["unsafe"]
    before = _record(window, ids["unsafe"])
    # Switch articles the way a researcher does: click the other document in the list.
    documents = window.documents
    row = documents.proxy.mapFromSource(documents.model.index(documents.model.row_of(ids["other"]), 0)).row()
    documents.view.setFocus()
    documents.view.selectRow(row)
    assert window.workspace.document_id == ids["other"]
    assert inspector.row is None and not inspector.claimant.isEnabled(), "the inspector cleared"
    _type(qtbot, inspector.claimant, "crew members who quit")
    inspector.verdict.setCurrentIndex(inspector.verdict.findData("false"))
    inspector.verdict.activated.emit(inspector.verdict.currentIndex())
    assert _record(window, ids["unsafe"]) == before
    # Selecting the other article's claim and editing changes that one only.
    window.workspace.set_current_annotation(ids["union_claim"])
    _type(qtbot, inspector.claimant, "IATSE")
    assert _record(window, ids["unsafe"]) == before
    assert _record(window, ids["union_claim"])[0] is not None


def test_a_note_being_typed_lands_on_its_own_annotation_when_the_document_changes(qtbot, two_articles):
    window, ids = two_articles
    inspector = window.inspector
    window.workspace.set_current_annotation(ids["unsafe"])
    inspector.note.setFocus()
    qtbot.keyClicks(inspector.note, "OSHA report")
    window.workspace.set_current_document(ids["other"])  # before the note's save timer fired
    window.workspace.set_current_annotation(ids["union_claim"])
    assert _record(window, ids["unsafe"])[2] == "OSHA report"
    assert _record(window, ids["union_claim"])[2] == ""
    assert inspector.note.toPlainText() == ""


def test_the_inspector_clears_when_its_annotation_is_deleted_or_an_import_shows_another_document(
    qtbot, two_articles
):
    window, ids = two_articles
    inspector = window.inspector
    window.workspace.set_current_annotation(ids["unsafe"])
    window.annotation_list.view.setFocus()
    qtbot.keyClick(window.annotation_list.view, Qt.Key.Key_Delete)
    assert (
        rows(window.workspace.project.path, "SELECT id FROM annotations WHERE id = ?", (ids["unsafe"],)) == []
    )
    assert inspector.row is None and window.workspace.annotation_id is None
    window.workspace.undo()
    window.workspace.set_current_annotation(ids["unsafe"])
    assert inspector.row.id == ids["unsafe"]
    when_dialog(lambda dialog: dialog.accept())
    window.imports.import_paths([ROOT / "tests" / "importers" / "fixtures" / "rust-crew-letter.html"])
    assert window.workspace.document_id not in (ids["sample"], ids["other"])
    assert inspector.row is None
