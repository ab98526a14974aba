"""The fact-checker's record in the real window: the inspector, links, matters, a safe note preview."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.helpers import rows, select_text, when_dialog

UNSAFE = "unsafe"
REBUTTAL = "The descriptions of ‘Rust’ as a chaotic, dangerous, and exploitative workplace are false"
COMMENT = "payments were made.... generally on time... while working 72 hour work weeks"


def tag(qtbot, window, quote: str, key) -> str:
    select_text(qtbot, window, quote)
    qtbot.keyClick(window.article, key)
    return window.inspector.row.id


def type_into(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def record(window, annotation_id: str) -> tuple:
    (row,) = rows(
        window.workspace.project.path,
        "SELECT c.name, a.claim_date, a.claim_date_precision, a.verdict, a.attribution, a.note "
        "FROM annotations a LEFT JOIN claimants c ON c.id = a.claimant_id WHERE a.id = ?",
        (annotation_id,),
    )
    return row


def answer_next_question(button) -> None:
    """Click ``button`` on the next message box the app shows (a real modal dialog)."""

    def poll():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_every_field_is_saved_as_edited_and_undoable(qtbot, sample_window):
    window = sample_window
    claim = tag(qtbot, window, UNSAFE, Qt.Key.Key_C)
    inspector = window.inspector
    type_into(qtbot, inspector.claimant, "crew members who quit")
    type_into(qtbot, inspector.claim_date, "2021-10")
    inspector.verdict.setCurrentIndex(inspector.verdict.findData("mixed"))
    inspector.verdict.activated.emit(inspector.verdict.currentIndex())
    inspector.attribution.setCurrentIndex(inspector.attribution.findData("paraphrase"))
    inspector.attribution.activated.emit(inspector.attribution.currentIndex())
    assert record(window, claim)[:5] == ("crew members who quit", "2021-10", "month", "mixed", "paraphrase")
    assert "October 2021" in inspector.claim_date_hint.text()
    assert window.undo_action.text() == "&Undo Edit attribution"
    window.workspace.undo_stack.undo()
    window.workspace.undo_stack.undo()
    assert record(window, claim)[3:5] == ("unverified", None)
    # The claimant is one entity across articles: the completer offers it for the next annotation.
    tag(qtbot, window, "chaotic", Qt.Key.Key_C)
    qtbot.waitUntil(lambda: "crew members who quit" in inspector._claimant_names.stringList())


def test_a_bad_or_future_claim_date_is_not_saved_silently(qtbot, sample_window):
    window = sample_window
    claim = tag(qtbot, window, UNSAFE, Qt.Key.Key_C)
    inspector = window.inspector
    type_into(qtbot, inspector.claim_date, "2021-02-31")
    assert "⚠" in inspector.claim_date_hint.text()
    assert record(window, claim)[1] is None
    answer_next_question(QMessageBox.StandardButton.No)
    type_into(qtbot, inspector.claim_date, "2999-01-01")
    assert record(window, claim)[1] is None
    answer_next_question(QMessageBox.StandardButton.Yes)
    type_into(qtbot, inspector.claim_date, "2999-01-01")
    assert record(window, claim)[1] == "2999-01-01"


def test_note_is_saved_and_its_preview_runs_and_loads_nothing(qtbot, sample_window):
    window = sample_window
    claim = tag(qtbot, window, UNSAFE, Qt.Key.Key_C)
    inspector = window.inspector
    note = (
        "**Evidence**: the OSHA report.\n\n<script>alert('x')</script>\n\n"
        '<img src="http://tracker.example/pixel.png"> <img src="file:///etc/passwd">\n\n'
        "[click](javascript:alert(1)) and [the report](https://www.osha.gov/)"
    )
    inspector.note.setFocus()
    inspector.note.setPlainText(note)
    with qtbot.waitSignal(inspector.preview.rendered, timeout=5000):
        pass
    qtbot.waitUntil(lambda: record(window, claim)[5] == note, timeout=5000)
    html = inspector.preview.toHtml()
    assert "Evidence" in html and "https://www.osha.gov/" in html
    for forbidden in ("<script", "alert", "tracker.example", "file:///etc/passwd", "javascript:"):
        assert forbidden not in html
    assert inspector.preview.refused_loads == []
    # Even HTML that skipped the sanitiser loads nothing: the view refuses every resource itself.
    inspector.preview.setHtml('<img src="http://tracker.example/x.png"><img src="file:///etc/passwd">')
    inspector.preview.grab()
    assert inspector.preview.document().resource(1, "http://tracker.example/x.png") is None


def test_a_megabyte_note_neither_hangs_nor_is_lost(qtbot, sample_window):
    window = sample_window
    claim = tag(qtbot, window, UNSAFE, Qt.Key.Key_C)
    inspector = window.inspector
    note = ("> " * 3000 + "deep\n") + ("- item *em*\n" * 90_000)
    assert len(note) > 1_000_000
    inspector.note.setPlainText(note)
    inspector.save_note()
    assert record(window, claim)[5] == note


def test_link_a_counterclaim_to_the_claim_it_disputes(qtbot, sample_window):
    window = sample_window
    claim = tag(qtbot, window, UNSAFE, Qt.Key.Key_C)
    counter = tag(qtbot, window, REBUTTAL, Qt.Key.Key_X)

    def choose(dialog):
        assert dialog.relation.value == "disputes"  # the default for a counterclaim
        qtbot.keyClicks(dialog.query, "unsafe")
        dialog.refresh()
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    when_dialog(choose)
    window.activateWindow()
    qtbot.keyClick(window.article, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert rows(
        window.workspace.project.path, "SELECT source_id, relation, target_id FROM annotation_links"
    ) == [(counter, "disputes", claim)]
    assert window.inspector.links_summary.text() == "Links: disputes 1"
    window.inspector.links.setCurrentRow(0)
    window.inspector.follow_button.click()
    assert window.inspector.row.id == claim
    assert window.inspector.links_summary.text() == "Links: disputed by 1"
    window.workspace.undo_stack.undo()
    assert rows(window.workspace.project.path, "SELECT count(*) FROM annotation_links") == [(0,)]


def test_join_a_new_matter_then_delete_the_annotation_and_undo(qtbot, sample_window):
    window = sample_window
    claim = tag(qtbot, window, UNSAFE, Qt.Key.Key_C)
    counter = tag(qtbot, window, REBUTTAL, Qt.Key.Key_X)
    window.workspace.project.links.link(counter, claim, "disputes")
    window.workspace.set_current_annotation(claim)
    inspector = window.inspector
    inspector.matter_choice.setEditText("Was the Rust set unsafe?")
    inspector.join_button.click()
    assert rows(
        window.workspace.project.path,
        "SELECT m.name, mm.annotation_id FROM matters m JOIN matter_members mm ON mm.matter_id = m.id",
    ) == [("Was the Rust set unsafe?", claim)]
    before = rows(window.workspace.project.path, "SELECT * FROM annotations ORDER BY id")
    answer_next_question(QMessageBox.StandardButton.Yes)
    window.annotation_list.view.setFocus()
    qtbot.keyClick(window.annotation_list.view, Qt.Key.Key_Delete)
    assert rows(window.workspace.project.path, "SELECT count(*) FROM annotation_links") == [(0,)]
    assert rows(window.workspace.project.path, "SELECT count(*) FROM matter_members") == [(0,)]
    window.workspace.undo_stack.undo()
    assert rows(window.workspace.project.path, "SELECT * FROM annotations ORDER BY id") == before
    assert rows(window.workspace.project.path, "SELECT count(*) FROM annotation_links") == [(1,)]
    assert rows(window.workspace.project.path, "SELECT count(*) FROM matter_members") == [(1,)]


def test_the_sample_annotated_as_a_researcher_would(qtbot, sample_window):
    """Allegations as claims (crew members who quit, October 2021), the letter's rebuttal disputing them,
    a reader's comment disputing the letter — all in one matter."""
    window = sample_window
    inspector = window.inspector
    claims = []
    for quote in (UNSAFE, "chaotic"):
        claims.append(tag(qtbot, window, quote, Qt.Key.Key_C))
        type_into(qtbot, inspector.claimant, "crew members who quit")
        type_into(qtbot, inspector.claim_date, "2021-10")
        inspector.matter_choice.setEditText("Was the Rust set unsafe?")
        inspector.join_button.click()
    rebuttal = tag(qtbot, window, REBUTTAL, Qt.Key.Key_X)
    type_into(qtbot, inspector.claimant, "cast and crew of Rust (letter)")
    type_into(qtbot, inspector.claim_date, "2021-12-09")
    inspector.matter_choice.setEditText("Was the Rust set unsafe?")
    inspector.join_button.click()
    for claim in claims:
        when_dialog(lambda d, c=claim: (_pick(d, c), d.accept()))
        window.annotating.link()
        window.workspace.set_current_annotation(rebuttal)
    comment = tag(qtbot, window, COMMENT, Qt.Key.Key_X)
    type_into(qtbot, inspector.claimant, "Instagram commenter")
    type_into(qtbot, inspector.claim_date, "2021-12-09")
    when_dialog(lambda d: (_pick(d, rebuttal), d.accept()))
    answer_next_question(QMessageBox.StandardButton.Yes)  # "Put it in the matter too?"
    window.annotating.link()
    links = rows(
        window.workspace.project.path,
        "SELECT source_id, relation, target_id FROM annotation_links ORDER BY created_at",
    )
    assert links == [
        (rebuttal, "disputes", claims[0]),
        (rebuttal, "disputes", claims[1]),
        (comment, "disputes", rebuttal),
    ]
    ((name, members),) = rows(
        window.workspace.project.path,
        "SELECT m.name, count(*) FROM matters m JOIN matter_members mm ON mm.matter_id = m.id GROUP BY m.id",
    )
    assert (name, members) == ("Was the Rust set unsafe?", 4)
    matter = window.workspace.project.matters.list()[0]
    assert (matter.claims, matter.counterclaims) == (2, 2)


def _pick(dialog, annotation_id: str) -> None:
    for index in range(dialog.results.count()):
        if dialog.results.item(index).data(Qt.ItemDataRole.UserRole) == annotation_id:
            dialog.results.setCurrentRow(index)
            dialog.target_id = annotation_id
            return
    raise AssertionError("annotation not offered")
