"""The filter bar on a real project: choices from the project, Filters out, red hints for unusable input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from factcheck.domain import ClaimDate, Filters
from factcheck.services.project import Project
from factcheck.services.setup import add_sample
from factcheck.ui.filter_bar import FilterBar


@pytest.fixture
def project(tmp_path):
    project = Project.open(tmp_path / "bar.factcheck")
    sample = add_sample(project)
    claim = project.labels.by_name("claim").id
    matter = project.matters.create("Was the Rust set unsafe?")
    project.annotator = "ana"
    project.annotations.create_from_quote(
        sample,
        "unsafe",
        claim,
        claimant="Crew members who quit",
        claim_date="2021-10",
        matter_ids=[matter.id],
    )
    project.annotator = "ben"
    project.annotations.create_from_quote(sample, "chaotic", claim, claimant="IATSE")
    yield project
    project.close()


@pytest.fixture
def bar(qtbot, project) -> FilterBar:
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.set_project(project)
    bar.show()
    qtbot.waitExposed(bar)
    return bar


def _texts(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_choices_come_from_the_project(bar, project):
    assert _texts(bar.label_combo) == ["Any label", "claim", "counterclaim"]
    assert _texts(bar.verdict_combo)[:3] == ["Any verdict", "Unverified", "Supported"]
    assert _texts(bar.matter_combo) == ["Any matter", "Was the Rust set unsafe?"]
    assert _texts(bar.annotator_combo) == ["Anyone", "ana", "ben"]
    assert len(_texts(bar.document_combo)) == 2
    assert _texts(bar.claimant_combo) == ["", "Crew members who quit", "IATSE"]
    assert bar.filters() == Filters()
    assert not bar.clear_button.isEnabled()


def test_each_choice_makes_a_filter_and_emits_changed(qtbot, bar, project):
    claim = project.labels.by_name("claim").id
    with qtbot.waitSignal(bar.changed) as changed:
        bar.label_combo.setCurrentIndex(1)
    assert changed.args == [Filters(labels=(claim,))]
    bar.verdict_combo.setCurrentIndex(bar.verdict_combo.findData("misleading"))
    bar.annotator_combo.setCurrentIndex(2)
    bar.matter_combo.setCurrentIndex(1)
    bar.document_combo.setCurrentIndex(1)
    filters = bar.filters()
    assert filters.labels == (claim,) and filters.verdicts == ("misleading",)
    assert filters.annotators == ("ben",) and filters.matter_id == project.matters.list()[0].id
    assert filters.document_id == project.documents.list()[0].id
    with qtbot.waitSignal(bar.changed) as changed:
        bar.clear_button.click()
    assert changed.args == [Filters()]


def test_a_claimant_is_typed_with_completion_in_any_case(qtbot, bar, project):
    iatse = project.claimants.by_name("IATSE").id
    bar.claimant_combo.setFocus()
    with qtbot.waitSignal(bar.changed) as changed:
        qtbot.keyClicks(bar.claimant_combo.lineEdit(), "iatse")
    assert changed.args[0].claimants == (iatse,)
    assert bar.claimant_combo.completer().completionMode().name == "PopupCompletion"
    bar.claimant_combo.setEditText("nobody")
    assert bar.filters().claimants == ()
    assert bar.problems() == ["No claimant is called “nobody”; pick one from the list."]
    assert bar.hint.isVisible()


def test_partial_dates_filter_and_a_bad_one_shows_a_red_hint_not_an_exception(qtbot, bar):
    with qtbot.waitSignal(bar.changed):
        qtbot.keyClicks(bar.date_from, "2021")
    assert bar.filters().date_from == ClaimDate(2021)
    qtbot.keyClicks(bar.date_from, "-10")
    assert bar.filters().date_from == ClaimDate(2021, 10)
    with qtbot.assertNotEmitted(bar.changed):
        bar.date_to.setText("2021-02-31")
    assert bar.filters().date_to is None
    assert bar.hint.isVisible()
    assert "There is no February 31, 2021" in bar.hint.text()
    assert bar.date_to.accessibleDescription() == bar.hint.text()
    bar.date_to.setText("2021-09")
    assert "ends before it starts" in bar.hint.text()
    bar.date_to.setText("2021-12-09")
    assert not bar.hint.isVisible()
    assert bar.filters().date_to == ClaimDate(2021, 12, 9)


def test_choices_reload_and_keep_what_is_chosen(bar, project):
    bar.matter_combo.setCurrentIndex(1)
    chosen = bar.matter_combo.currentData()
    project.matters.create("Did the crew walk off over pay?")
    bar.reload_choices()
    assert bar.matter_combo.currentData() == chosen
    assert bar.matter_combo.count() == 3
    project.matters.delete(chosen)
    bar.reload_choices()
    assert bar.matter_combo.currentIndex() == 0 and bar.filters().matter_id is None


def test_set_filters_shows_them(bar, project):
    claim = project.labels.by_name("claim").id
    iatse = project.claimants.by_name("IATSE").id
    filters = Filters(
        labels=(claim,),
        claimants=(iatse,),
        verdicts=("false",),
        date_from=ClaimDate(2021, 10),
        date_to=ClaimDate(2021),
    )
    bar.set_filters(filters)
    assert bar.filters() == filters
    assert bar.claimant_combo.currentText() == "IATSE" and bar.date_from.text() == "2021-10"


def test_the_document_field_can_be_left_out_for_one_documents_list(qtbot, project):
    bar = FilterBar(show_document=False, columns=2)
    qtbot.addWidget(bar)
    bar.set_project(project)
    bar.show()
    assert not bar.document_combo.isVisible()
    assert bar.filters().document_id is None


def test_keyboard_and_accessible_names(qtbot, bar):
    for widget in (*bar.findChildren(QComboBox), *bar.findChildren(QLineEdit)):
        assert widget.accessibleName(), widget
    bar.label_combo.setFocus()
    qtbot.waitUntil(bar.label_combo.hasFocus, timeout=2000)
    order = [bar.focusWidget()]
    for _ in range(6):
        qtbot.keyClick(bar.focusWidget(), Qt.Key.Key_Tab)
        order.append(bar.focusWidget())
    assert bar.verdict_combo in order and bar.claimant_combo in order and bar.date_from in order
