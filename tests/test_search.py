"""Find anything: article text and annotations (quote, note, claimant), with the shared filters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from factcheck.domain import BadInputError, ClaimDate, Filters, ImportedDocument
from factcheck.services import Project
from factcheck.services.search import make_filters, search_pattern


@pytest.fixture
def world(project: Project, sample_doc):
    """The sample (undated) and a dated second article, annotated by two researchers."""
    claim = project.labels.by_name("claim").id
    counterclaim = project.labels.by_name("counterclaim").id
    second = project.documents.add(
        ImportedDocument(
            text="Crew members said the set was UNSAFE. A union letter called it chaotic.\n\nMore later.",
            title="Union statement",
            source_format="txt",
            published_at=datetime(2021, 10, 22, 18, tzinfo=UTC),
        )
    )
    matter = project.matters.create("Was the Rust set unsafe?")
    project.annotator = "ana"
    unsafe = project.annotations.create_from_quote(
        sample_doc.id,
        "unsafe",
        claim,
        claimant="crew members who quit",
        claim_date="2021-10",
        matter_ids=[matter.id],
    )
    letter = project.annotations.create_from_quote(
        sample_doc.id,
        "The descriptions of ‘Rust’ as a chaotic, dangerous, and exploitative workplace are false",
        counterclaim,
        claimant="cast and crew of Rust (letter)",
        claim_date="2021-12-09",
        verdict="misleading",
        note="Compare with the **union's** account of unsafe practice.",
        matter_ids=[matter.id],
    )
    project.annotator = "ben"
    union = project.annotations.create_from_quote(second.id, "the set was UNSAFE", claim, claimant="IATSE")
    comment = project.annotations.create_from_quote(sample_doc.id, "payments were made", counterclaim)
    return {
        "doc": sample_doc,
        "second": second,
        "matter": matter,
        "claim": claim,
        "counterclaim": counterclaim,
        "unsafe": unsafe,
        "letter": letter,
        "union": union,
        "comment": comment,
    }


def test_a_word_is_found_in_quotes_notes_and_article_text(project: Project, world) -> None:
    results = project.search.search("Unsafe")
    by_id = {hit.annotation.id: hit for hit in results.annotations}
    assert set(by_id) == {world["unsafe"].id, world["letter"].id, world["union"].id}
    assert by_id[world["unsafe"].id].field == "quote"
    assert by_id[world["letter"].id].field == "note"
    assert by_id[world["letter"].id].snippet.match == "unsafe"
    hit = by_id[world["union"].id]
    assert (hit.snippet.match, hit.snippet.before[-12:]) == ("UNSAFE", "the set was ")

    texts = {key: project.documents.text(key) for key in (world["doc"].id, world["second"].id)}
    assert len(results.texts) == 3  # twice in the sample, once in the union statement
    for text_hit in results.texts:
        text = texts[text_hit.document_id]
        assert text[text_hit.start : text_hit.end].casefold() == "unsafe"
        assert text_hit.snippet.match == text[text_hit.start : text_hit.end]
        assert (text_hit.snippet.before + text_hit.snippet.match + text_hit.snippet.after) in text
    first = next(h for h in results.texts if h.document_id == world["doc"].id)
    assert first.annotation_ids == (world["unsafe"].id,)  # the passage someone tagged
    assert not results.truncated


def test_claimants_quotes_and_spaces(project: Project, world) -> None:
    results = project.search.search("IATSE")
    assert [(h.annotation.id, h.field) for h in results.annotations] == [(world["union"].id, "claimant")]
    assert results.texts == []
    # Straight quotes find curly ones, and any whitespace matches a space.
    results = project.search.search("'Rust'   as a\tchaotic")
    assert [h.annotation.id for h in results.annotations] == [world["letter"].id]
    assert results.texts[0].snippet.match == "‘Rust’ as a chaotic"
    assert project.search.search("union's").annotations[0].field == "note"
    assert search_pattern("   ") is None


def test_filters_narrow_annotations_and_leave_the_text_out(project: Project, world) -> None:
    def ids(**filters) -> set[str]:
        results = project.search.search("", **filters)
        assert results.texts == []
        return {h.annotation.id for h in results.annotations}

    everything = {world[k].id for k in ("unsafe", "letter", "union", "comment")}
    assert ids() == everything
    assert ids(labels=[world["counterclaim"]]) == {world["letter"].id, world["comment"].id}
    crew = project.claimants.by_name("crew members who quit")
    assert ids(claimants=[crew.id]) == {world["unsafe"].id}
    assert ids(verdicts=["misleading"]) == {world["letter"].id}
    assert ids(verdicts=["unverified", "Misleading"]) == everything
    assert ids(matter_id=world["matter"].id) == {world["unsafe"].id, world["letter"].id}
    assert ids(document_id=world["second"].id) == {world["union"].id}
    assert ids(annotators=["ben"]) == {world["union"].id, world["comment"].id}
    # Claim dates: 2021-10 (a month), 2021-12-09, and the union's default, its publication day 2021-10-22;
    # the comment has no date at all (undated article, no claim date).
    assert ids(date_from="2021-10-15", date_to="2021-10-31") == {world["unsafe"].id, world["union"].id}
    assert ids(date_from="2021-10-23") == {world["unsafe"].id, world["letter"].id}
    assert ids(date_to="2021-10-01") == {world["unsafe"].id}
    assert ids(date_from="2021-11", date_to="2021") == {world["letter"].id}
    assert ids(date_from="2021-12") == {world["letter"].id}
    assert ids(labels=[world["claim"]], annotators=["ana"]) == {world["unsafe"].id}

    # With text and an annotation filter, only annotations are searched.
    results = project.search.search("unsafe", labels=[world["claim"]])
    assert {h.annotation.id for h in results.annotations} == {world["unsafe"].id, world["union"].id}
    assert results.texts == []
    # A document filter keeps the text hits, in that document only.
    results = project.search.search("unsafe", document_id=world["second"].id)
    assert [h.document_id for h in results.texts] == [world["second"].id]


def test_one_documents_list_takes_the_same_filters(project: Project, world) -> None:
    doc = world["doc"].id
    assert project.annotations.filtered(doc, None) == project.annotations.for_document(doc)
    claims = project.annotations.filtered(doc, Filters(labels=(world["claim"],)))
    assert [row.id for row in claims] == [world["unsafe"].id]
    in_matter = project.annotations.filtered(doc, make_filters(matter_id=world["matter"].id), preview=10)
    assert [row.id for row in in_matter] == [world["unsafe"].id, world["letter"].id]
    assert not in_matter[1].complete and len(in_matter[1].quote) == 10
    dated = project.annotations.filtered(doc, Filters(date_from=ClaimDate(2021, 12)))
    assert [row.id for row in dated] == [world["letter"].id]


def test_bad_filters_are_refused(project: Project, world) -> None:
    with pytest.raises(BadInputError, match="not a verdict"):
        project.search.search("x", verdicts=["fake"])
    with pytest.raises(BadInputError, match="February 30"):
        project.search.search("x", date_from="2021-02-30")
    with pytest.raises(BadInputError, match="ends .* before it begins"):
        project.search.search("x", date_from="2022", date_to="2021-12")
    with pytest.raises(BadInputError, match="either as a Filters"):
        project.search.search("x", Filters(), labels=["a"])
    with pytest.raises(BadInputError, match="at least 1"):
        project.search.search("x", limit=0)


def test_the_limit_cuts_each_list(project: Project, world) -> None:
    results = project.search.search("the", limit=2)
    assert len(results.annotations) <= 2 and len(results.texts) == 2 and results.truncated
    results = project.search.search("", limit=3)
    assert len(results.annotations) == 3 and results.truncated


# --- Speed ------------------------------------------------------------------------------------------------
