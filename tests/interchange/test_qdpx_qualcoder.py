"""QualCoder's REFI-QDA files in: CRLF ("MAXQDA line endings") and LF exports land on the exact passages,
its annotations (Notes on a passage) come in, and a factcheck file re-exported by QualCoder comes back as
the same annotations with the same records — never doubled, never silently misplaced."""

from __future__ import annotations

from collections import Counter

import pytest
from lxml import etree

from factcheck.domain import ImportedDocument
from factcheck.services import Project
from tests.interchange import qualcoder
from tests.interchange.support import SCHEMAS

PASSAGES = [
    ("The mayor said the budget is balanced.", "Claim"),
    ("Auditors found a 2 million deficit.", "Counterclaim"),
    ("«الميزانية متوازنة»", "Claim"),
]


@pytest.fixture(scope="module")
def xsd():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "refi-qda" / "Project.xsd")))


def _rows(project: Project, document_id: str):
    return {(r.quote, r.label_name.capitalize()): r for r in project.annotations.for_document(document_id)}


@pytest.mark.parametrize("crlf", [True, False], ids=["crlf", "lf"])
def test_a_qualcoder_export_lands_on_the_exact_passages(project, tmp_path, xsd, crlf) -> None:
    qde = qualcoder.project_qde()
    assert xsd.validate(etree.fromstring(qde.encode())), xsd.error_log
    if crlf:  # the example, as QualCoder counts it: CRLF is one character
        assert 'startPosition="27" endPosition="65" name="The mayor said the budget is balanced."' in qde
    path = qualcoder.write(tmp_path / "hearing.qdpx", qde, crlf=crlf)
    report = project.interchange.import_exchange(path)
    assert (len(report.annotations), report.merged, report.needs_review, report.skipped) == (3, 0, 0, ())
    document_id = report.documents[0]
    text = project.documents.text(document_id)
    assert text == qualcoder.LF_TEXT.strip()
    rows = _rows(project, document_id)
    assert set(rows) == {(quote, label) for quote, label in PASSAGES}
    for (quote, _label), row in rows.items():
        assert text[row.start : row.end] == quote and row.anchor_status == "anchored"
    audit = rows["Auditors found a 2 million deficit.", "Counterclaim"]
    assert (audit.claimant_name, audit.claim_date, str(audit.verdict)) == (
        "Audit office",
        "2024-05",
        "supported",
    )
    assert audit.note == "From the audit summary." and audit.annotator == "maria"


@pytest.mark.parametrize("crlf", [True, False], ids=["crlf", "lf"])
def test_stale_positions_are_placed_by_quote_or_imported_for_review(project, tmp_path, crlf) -> None:
    path = qualcoder.write(tmp_path / "stale.qdpx", qualcoder.project_qde(stale=True), crlf=crlf)
    report = project.interchange.import_exchange(path)
    assert len(report.annotations) == 5 and report.moved == 1 and report.needs_review == 1
    assert "1 to review" in report.summary
    rows = project.annotations.for_document(report.documents[0])
    hearing = next(r for r in rows if r.quote == "Budget hearing")
    assert (hearing.start, hearing.anchor_status) == (0, "anchored")  # found by its quote
    review = next(r for r in rows if r.anchor_status == "needs_review")
    assert review.id in report.review and review.quote != "a surplus of 3 million"


def test_qualcoder_annotations_and_memos(project, tmp_path) -> None:
    """A Note with its own PlainTextSelection is an annotation: the note of what is coded on that span,
    else a passage labelled "note". Journals and an empty note are listed as left out, never dropped
    without a word (an empty Note crashed the import before)."""
    path = qualcoder.write(tmp_path / "notes.qdpx", qualcoder.project_qde(notes=True), crlf=True)
    report = project.interchange.import_exchange(path)
    rows = _rows(project, report.documents[0])
    assert rows["The clerk noted nothing else.", "Note"].note == "Ask the clerk for the minutes."
    assert rows["The mayor said the budget is balanced.", "Claim"].note == "Same words as in March."
    assert len(report.annotations) == 4
    assert sorted(report.skipped) == [
        "The note “Fieldwork journal” is a memo of the project, not of a passage; it was left out.",
        "The note “a0000000-0000-4000-8000-000000000003” is empty; it was left out.",
    ]
    assert "2 left out" in report.summary


SOURCE_TEXT = (
    "Minister Amélie Ben Aïssa said unemployment fell to 4% in October 2021 😀.\n"
    "The statistics office says it rose to 5.2%.\n"
    "قال الوزير إن البطالة انخفضت.\n"
    "Critics called the figure “invented”, and a union said wages fell 3%.\n"
    "The ministry repeated that unemployment fell to 4%."
)
RECORDS = [
    ("unemployment fell to 4%", "claim", "Amélie Ben Aïssa", "2021-10", "false"),
    ("it rose to 5.2%", "counterclaim", "Statistics office", "2021-11-02", "supported"),
    ("البطالة انخفضت", "claim", "Amélie Ben Aïssa", "2021", "misleading"),
    ("the figure “invented”", "counterclaim", "Critics", None, "unverified"),
    ("wages fell 3%", "claim", "A union", "2021-10", "mostly_supported"),
    ("October 2021 😀", "claim", "", None, "unprovable"),
    ("Minister Amélie Ben Aïssa said", "claim", "Amélie Ben Aïssa", None, "mixed"),
    ("repeated that unemployment fell", "claim", "The ministry", "2021-12", "false"),
]


EXTRA = [
    ("statistics office", "supported"),
    ("The ministry", "false"),
    ("a union", "mixed"),
    ("Critics", ""),
    ("wages", "false"),
]


def _nineteen(project: Project) -> None:
    """19 annotations over two articles: every verdict, record lines, notes, emoji and Arabic."""
    labels = {label.name: label.id for label in project.labels.list()}
    texts = [SOURCE_TEXT, SOURCE_TEXT.replace("Minister", "The minister").replace("4%", "four per cent")]
    documents = [
        project.documents.add(ImportedDocument(text=text, source_format="txt", title=f"Article {n}"))
        for n, text in enumerate(texts)
    ]
    count = 0
    for document, text in zip(documents, texts, strict=True):
        for quote, label, claimant, date, verdict in RECORDS:
            if quote in text:
                project.annotations.create_from_quote(
                    document.id,
                    quote,
                    labels[label],
                    claimant=claimant,
                    claim_date=date,
                    verdict=verdict,
                    note=f"Checked {count}" if count % 3 == 0 else "",
                )
                count += 1
    for quote, verdict in EXTRA:
        project.annotations.create_from_quote(
            documents[0].id, quote, labels["counterclaim"], verdict=verdict or "unverified"
        )


def _facts(project: Project) -> Counter:
    return Counter(
        (d.title, r.quote, r.start, r.end, r.label_name, str(r.verdict), r.claimant_name, r.claim_date)
        for d in project.documents.list()
        for r in project.annotations.for_document(d.id)
    )


def test_a_factcheck_file_re_exported_by_qualcoder_comes_back_whole(project, tmp_path, xsd) -> None:
    _nineteen(project)
    before = _facts(project)
    assert sum(before.values()) == 19
    ours = tmp_path / "ours.qdpx"
    project.interchange.export("qdpx", ours)
    theirs = qualcoder.reexport(ours, tmp_path / "qualcoder.qdpx")
    with __import__("zipfile").ZipFile(theirs) as archive:
        qde = etree.fromstring(archive.read("project.qde"))
    assert xsd.validate(qde), xsd.error_log
    selections = qde.findall(".//{urn:QDA-XML:project:1.0}PlainTextSelection")
    assert len(selections) > 19  # one per coding: the label's and the verdict's

    fresh = Project.open(tmp_path / "fresh.factcheck")
    try:
        report = fresh.interchange.import_exchange(theirs)
        assert (len(report.annotations), report.needs_review, report.skipped) == (19, 0, ())
        assert _facts(fresh) == before  # 19 in, 19 out, the same verdicts, claimants and dates
    finally:
        fresh.close()
    # Into the project it came from: everything is there already.
    again = project.interchange.import_exchange(theirs)
    assert (len(again.annotations), again.merged, again.documents) == (0, 19, ())
    assert _facts(project) == before
