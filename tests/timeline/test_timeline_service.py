"""The timeline's data: entries in time order with their claim-date intervals, lanes, links, undated ones."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from factcheck.domain import BadInputError, DatePrecision, ImportedDocument, LinkRelation, NotFoundError
from factcheck.reports.data import EntryKind, LaneBy
from factcheck.services.project import Project
from factcheck.services.search import make_filters
from factcheck.services.timeline import NO_CLAIMANT, NO_MATTER
from tests.timeline.sample import MATTER, REBUTTAL, SampleMatter


def test_the_sample_matter_in_time_order_with_intervals(project: Project, sample: SampleMatter) -> None:
    data = project.timeline.entries(make_filters(matter_id=sample.matter_id))
    assert [e.id for e in data.entries] == [sample.unsafe, sample.chaotic, sample.letter, sample.comment]
    assert data.undated == ()
    unsafe, chaotic, letter, comment = data.entries
    # A month is a span [first instant, first instant after), not a point.
    assert unsafe.precision is DatePrecision.MONTH
    assert (unsafe.first, unsafe.end) == (
        datetime(2021, 10, 1, tzinfo=UTC),
        datetime(2021, 11, 1, tzinfo=UTC),
    )
    assert (letter.first, letter.end) == (
        datetime(2021, 12, 9, tzinfo=UTC),
        datetime(2021, 12, 10, tzinfo=UTC),
    )
    assert letter.precision is DatePrecision.DAY and not letter.date_is_default
    assert [e.kind for e in data.entries] == [
        EntryKind.CLAIM,
        EntryKind.CLAIM,
        EntryKind.COUNTERCLAIM,
        EntryKind.COUNTERCLAIM,
    ]
    assert unsafe.claimant_name == chaotic.claimant_name == "crew members who quit"
    assert letter.quote == REBUTTAL
    assert comment.document_outlet == "Instagram" and comment.document_url.startswith(
        "https://www.instagram.com/"
    )
    assert letter.label_color == "#D55E00" and unsafe.label_color == "#0072B2"
    assert data.matter_name == MATTER


def test_one_lane_for_the_matter_and_the_links_between_its_entries(
    project: Project, sample: SampleMatter
) -> None:
    data = project.timeline.entries(make_filters(matter_id=sample.matter_id))
    assert [(lane.key, lane.title) for lane in data.lanes] == [(sample.matter_id, MATTER)]
    assert data.lanes[0].entry_ids == (sample.unsafe, sample.chaotic, sample.letter, sample.comment)
    assert {(link.source_id, link.target_id, link.relation) for link in data.links} == {
        (sample.letter, sample.unsafe, LinkRelation.DISPUTES),
        (sample.letter, sample.chaotic, LinkRelation.DISPUTES),
        (sample.comment, sample.letter, LinkRelation.DISPUTES),
    }


def test_lanes_by_claimant_and_by_document(project: Project, sample: SampleMatter) -> None:
    by_claimant = project.timeline.entries(make_filters(matter_id=sample.matter_id), by="claimant")
    assert [lane.title for lane in by_claimant.lanes] == [
        "crew members who quit",
        "the cast and crew of Rust",
        "an Instagram commenter",
    ]
    by_document = project.timeline.entries(make_filters(matter_id=sample.matter_id), by=LaneBy.DOCUMENT)
    assert [lane.key for lane in by_document.lanes] == [sample.article_id, sample.comment_doc_id]
    assert by_document.lanes[1].entry_ids == (sample.comment,)
    with pytest.raises(BadInputError):
        project.timeline.entries(by="week")


def test_an_annotation_in_two_matters_is_in_both_lanes_and_one_in_none_in_the_no_matter_lane(
    project: Project, sample: SampleMatter
) -> None:
    other = project.matters.create("Was the crew disgruntled?")
    project.matters.add_member(other.id, sample.letter)
    claim = project.labels.by_name("claim").id
    loose = project.annotations.create_from_quote(
        sample.article_id, "payments were made", claim, claim_date="2021-11"
    )
    data = project.timeline.entries()
    titles = [lane.title for lane in data.lanes]
    assert titles == [MATTER, "Was the crew disgruntled?", NO_MATTER]
    letter = next(e for e in data.entries if e.id == sample.letter)
    assert set(letter.lane_keys) == {sample.matter_id, other.id}
    assert data.lanes[1].entry_ids == (sample.letter,)
    assert data.lanes[2].entry_ids == (loose.id,)
    # Filtered to one matter: only that matter's lane, even for the annotation in two.
    only = project.timeline.entries(make_filters(matter_id=other.id))
    assert [lane.key for lane in only.lanes] == [other.id]
    # By claimant, the annotation without one goes to the "No claimant" lane, listed last.
    by_claimant = project.timeline.entries(by="claimant")
    assert by_claimant.lanes[-1].title == NO_CLAIMANT
    assert by_claimant.lanes[-1].entry_ids == (loose.id,)


def test_a_date_known_only_to_the_year_is_the_whole_year(project: Project, sample: SampleMatter) -> None:
    project.annotations.update(sample.chaotic, claim_date="2021")
    data = project.timeline.entries(make_filters(matter_id=sample.matter_id))
    chaotic = next(e for e in data.entries if e.id == sample.chaotic)
    assert chaotic.precision is DatePrecision.YEAR
    assert (chaotic.first, chaotic.end) == (
        datetime(2021, 1, 1, tzinfo=UTC),
        datetime(2022, 1, 1, tzinfo=UTC),
    )
    # The year starts first, so it comes first.
    assert data.entries[0].id == sample.chaotic


def test_undated_entries_are_kept_apart_never_dropped(project: Project, sample: SampleMatter) -> None:
    """A matter with no dated claims still has its lane; its annotations are in the undated list."""
    undated_doc = project.documents.add(
        ImportedDocument(text="Someone said the set was a death trap.", source_format="txt")
    )
    matter = project.matters.create("Was the set a death trap?")
    claim = project.labels.by_name("claim").id
    row = project.annotations.create_from_quote(
        undated_doc.id, "the set was a death trap", claim, matter_ids=[matter.id]
    )
    assert row.effective_claim_date is None
    data = project.timeline.entries(make_filters(matter_id=matter.id))
    assert data.entries == ()
    assert [e.id for e in data.undated] == [row.id]
    assert data.undated[0].first is None and data.undated[0].date_text == "Undated"
    assert [(lane.title, lane.entry_ids, lane.undated_ids) for lane in data.lanes] == [
        ("Was the set a death trap?", (), (row.id,))
    ]
    everything = project.timeline.entries()
    assert row.id in [e.id for e in everything.undated]
    assert len(everything) == 5


def test_the_publication_day_stands_in_for_a_missing_claim_date(
    project: Project, sample: SampleMatter
) -> None:
    project.annotations.update(sample.comment, claim_date=None)
    data = project.timeline.entries(make_filters(matter_id=sample.matter_id))
    comment = next(e for e in data.entries if e.id == sample.comment)
    assert comment.date_is_default and str(comment.date) == "2021-12-10"
    assert data.entries[-1].id == sample.comment


def test_filters_narrow_the_timeline(project: Project, sample: SampleMatter) -> None:
    december = project.timeline.entries(make_filters(date_from="2021-12"))
    assert [e.id for e in december.entries] == [sample.letter, sample.comment]
    # The letter's links to the October claims are outside: not among the links shown.
    assert [(link.source_id, link.target_id) for link in december.links] == [(sample.comment, sample.letter)]
    counter = project.labels.by_name("counterclaim").id
    assert {e.id for e in project.timeline.entries(make_filters(labels=[counter])).entries} == {
        sample.letter,
        sample.comment,
    }
    with pytest.raises(NotFoundError):
        project.timeline.entries(make_filters(matter_id="no-such-matter"))


def test_full_text_brings_whole_quotes_notes_and_the_other_ends_of_links(
    project: Project, sample: SampleMatter
) -> None:
    long_quote = project.documents.text(sample.article_id)[:600]
    claim = project.labels.by_name("claim").id
    row = project.annotations.create(sample.article_id, 0, 600, claim, claim_date="2021-12-09")
    preview = next(e for e in project.timeline.entries().entries if e.id == row.id)
    assert len(preview.quote) <= 301 and preview.quote.endswith("…")
    full = project.timeline.entries(make_filters(date_from="2021-12"), full_text=True)
    whole = next(e for e in full.entries if e.id == row.id)
    assert whole.quote == long_quote.strip()
    letter = next(e for e in full.entries if e.id == sample.letter)
    assert letter.note == "The letter was shared by Alec Baldwin on Instagram."
    assert {e.id for e in full.outside} == {sample.unsafe, sample.chaotic}
    assert {(link.source_id, link.target_id) for link in full.outside_links} == {
        (sample.letter, sample.unsafe),
        (sample.letter, sample.chaotic),
    }


def test_a_response_on_the_same_day_comes_after_what_it_answers(
    project: Project, sample: SampleMatter
) -> None:
    """The reader's comment is published later, but even with the letter's article ranked after it, the
    comment (which disputes the letter) stays after the letter on their shared day."""
    project.documents.update_metadata(sample.comment_doc_id, published_at=datetime(2021, 1, 1, tzinfo=UTC))
    data = project.timeline.entries(make_filters(matter_id=sample.matter_id))
    assert [e.id for e in data.entries][2:] == [sample.letter, sample.comment]
