"""Every Qt model of the UI passes pytest-qt's model tester, filled from a real project and while rows are
added, removed and replaced as the window does after an edit."""

from __future__ import annotations

import pytest

from factcheck.services.project import Project
from factcheck.services.setup import add_sample
from factcheck.ui.models.annotation_table import AnnotationTableModel
from factcheck.ui.models.document_table import DocumentTableModel
from factcheck.ui.models.label_table import LabelEntry, LabelTableModel
from factcheck.ui.models.matter_table import MatterTableModel, MemberTableModel
from factcheck.ui.models.search_results import SearchResultsModel, result_rows


@pytest.fixture
def world(tmp_path):
    project = Project.open(tmp_path / "models.factcheck")
    sample = add_sample(project)
    claim = project.labels.by_name("claim").id
    counter = project.labels.by_name("counterclaim").id
    matter = project.matters.create("Was the Rust set unsafe?")
    for quote, label in (("unsafe", claim), ("chaotic", counter), ("exploitative", claim)):
        project.annotations.create_from_quote(sample, quote, label, matter_ids=[matter.id])
    yield project, sample, matter.id
    project.close()


def test_the_annotation_list_model_stays_consistent_through_edits(qapp, qtmodeltester, world):
    project, sample, _matter = world
    rows = project.annotations.for_document(sample, preview=200)
    model = AnnotationTableModel()
    model.set_rows(rows[:2])
    qtmodeltester.check(model, force_py=True)
    model.insert_row(2, rows[2])
    model.remove_row(0)
    model.replace_row(0, rows[1])
    qtmodeltester.check(model, force_py=True)
    assert [model.row_at(r).id for r in range(model.rowCount())] == [rows[1].id, rows[2].id]


def test_the_documents_matters_members_labels_and_search_models(qapp, qtmodeltester, world):
    project, sample, matter = world
    documents = DocumentTableModel()
    documents.set_rows(project.documents.list())
    qtmodeltester.check(documents, force_py=True)
    matters = MatterTableModel()
    matters.set_rows(project.matters.list())
    qtmodeltester.check(matters, force_py=True)
    members = MemberTableModel()
    members.set_members(project.matters.members(matter), {sample: "The letter"})
    qtmodeltester.check(members, force_py=True)
    usage = project.labels.usage()
    labels = LabelTableModel()
    labels.set_rows([LabelEntry(label.id, label, usage.get(label.id, 0)) for label in project.labels.list()])
    qtmodeltester.check(labels, force_py=True)
    results = project.search.search("unsafe")
    search = SearchResultsModel()
    search.set_rows(result_rows(results, {sample: "The letter"}))
    qtmodeltester.check(search, force_py=True)
    assert search.rowCount() >= 2 and labels.rowCount() == 2 and members.rowCount() == 3
