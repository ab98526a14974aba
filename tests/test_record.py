"""The fact-checker's record on an annotation: claim dates, claimant, attribution, verdict, rating, note."""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.domain import (
    Attribution,
    BadInputError,
    ClaimDate,
    DatePrecision,
    ImportedDocument,
    NotFoundError,
    Verdict,
)
from factcheck.services import Project
from tests.helpers.rows import content

# --- ClaimDate --------------------------------------------------------------------------------------------


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), st.sampled_from(list(DatePrecision)))
def test_claim_date_round_trips_through_its_text(day: date, precision: DatePrecision) -> None:
    value = ClaimDate(
        day.year,
        None if precision == DatePrecision.YEAR else day.month,
        day.day if precision == DatePrecision.DAY else None,
    )
    text = str(value)
    assert len(text) == {"year": 4, "month": 7, "day": 10}[precision]
    assert ClaimDate.parse(text) == value
    assert ClaimDate.parse(f"  {text}\n") == value
    assert value.precision == precision
    assert value.first_day() <= day <= value.last_day()
    if precision == DatePrecision.DAY:
        assert text == day.isoformat() and value == ClaimDate.from_date(day)


@given(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31))
def test_claim_date_accepts_exactly_the_days_of_the_calendar(year: int, month: int, day: int) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if day <= calendar.monthrange(year, month)[1]:
        assert ClaimDate.parse(text).last_day() == date(year, month, day)
    else:
        with pytest.raises(BadInputError, match="that month has"):
            ClaimDate.parse(text)


@pytest.mark.parametrize(
    "text, message",
    [
        ("2021-02-29", "no February 29, 2021"),
        ("2021-02-31", "February 31"),
        ("2021-04-31", "that month has 30 days"),
        ("2021-13", "no month 13"),
        ("2021-00", "no month 0"),
        ("2021-10-00", "no October 0"),
        ("0000", "1–9999"),
        ("21", "not a claim date"),
        ("2021-1", "not a claim date"),
        ("2021/10/07", "not a claim date"),
        ("07.10.2021", "not a claim date"),
        ("October 2021", "not a claim date"),
        ("2021-10-07T10:00", "not a claim date"),
        ("２０２１", "not a claim date"),  # full-width digits are not ISO digits
        ("", "not a claim date"),
    ],
)
def test_impossible_or_malformed_claim_dates_are_refused(text: str, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        ClaimDate.parse(text)


def test_leap_days_and_periods() -> None:
    assert ClaimDate.parse("2020-02-29").last_day() == date(2020, 2, 29)
    assert ClaimDate.parse("2021-02").last_day() == date(2021, 2, 28)
    assert ClaimDate.parse("2021").first_day() == date(2021, 1, 1)
    assert ClaimDate.parse("2021").last_day() == date(2021, 12, 31)
    assert ClaimDate.parse("2021-10").display == "October 2021"
    assert ClaimDate.parse("2021-12-09").display == "9 December 2021"


def test_future_dates_are_flagged_and_a_period_that_has_begun_is_not() -> None:
    today = date(2024, 5, 15)
    assert ClaimDate.parse("2024-05-16").is_future(today)
    assert not ClaimDate.parse("2024-05-15").is_future(today)
    assert not ClaimDate.parse("2024-05").is_future(today)
    assert not ClaimDate.parse("2024").is_future(today)
    assert ClaimDate.parse("2024-06").is_future(today)
    assert ClaimDate.parse("2025").is_future(today)
    assert ClaimDate.from_date(date.today() + timedelta(days=1)).is_future()
    assert not ClaimDate.from_date(date.today()).is_future()


# --- Editing the record -----------------------------------------------------------------------------------


@pytest.fixture
def dated_doc(project: Project, sample_text: str):
    pst = timezone(timedelta(hours=-8))
    return project.documents.add(
        ImportedDocument(
            text=sample_text, source_format="txt", published_at=datetime(2021, 12, 9, 12, 0, tzinfo=pst)
        )
    )


def _claim(project: Project) -> str:
    return project.labels.by_name("claim").id


def test_a_new_annotation_has_an_empty_record_and_the_publication_date(project: Project, dated_doc) -> None:
    row = project.annotations.create_from_quote(dated_doc.id, "unsafe", _claim(project))
    assert (row.claimant_id, row.claimant_name, row.claim_date, row.claim_date_precision) == (
        None,
        "",
        None,
        None,
    )
    assert row.claim_date_is_default and row.document_date == "2021-12-09"
    assert row.effective_claim_date == ClaimDate(2021, 12, 9)
    assert (row.attribution, row.verdict, row.rating_text, row.note, row.matter_ids) == (
        None,
        Verdict.UNVERIFIED,
        "",
        "",
        (),
    )
    assert (row.rating_value, row.rating_best, row.rating_worst) == (None, None, None)


def test_update_sets_every_field_and_returns_before_and_after(project: Project, dated_doc) -> None:
    row = project.annotations.create_from_quote(dated_doc.id, "unsafe", _claim(project))
    counterclaim = project.labels.by_name("counterclaim")
    before, after = project.annotations.update(
        row.id,
        label_id=counterclaim.id,
        claimant="Crew members who quit",
        claim_date="2021-10",
        attribution="paraphrase",
        verdict="Mostly supported",
        rating_text="Mostly true",
        rating_value=4,
        rating_best=5,
        rating_worst="1",
        note="# Sources\n\n* *Los Angeles Times*, 22 October 2021",
    )
    assert before == row
    assert (after.label_id, after.label_name, after.label_color) == (
        counterclaim.id,
        "counterclaim",
        counterclaim.color,
    )
    assert after.claimant_name == "Crew members who quit" and after.claimant_id
    assert (after.claim_date, after.claim_date_precision, after.claim_date_is_default) == (
        "2021-10",
        DatePrecision.MONTH,
        False,
    )
    assert after.effective_claim_date == ClaimDate(2021, 10)
    assert after.document_date == "2021-12-09"
    assert (after.attribution, after.verdict) == (Attribution.PARAPHRASE, Verdict.MOSTLY_SUPPORTED)
    assert (after.rating_text, after.rating_value, after.rating_best, after.rating_worst) == (
        "Mostly true",
        4,
        5,
        1,
    )
    assert after.note.startswith("# Sources")
    assert after.updated_at >= before.updated_at and after.created_at == before.created_at
    assert project.annotations.get(row.id) == after

    # Clearing: no claimant, back to the publication date, no attribution, verdict back to unverified.
    _, cleared = project.annotations.update(
        row.id, claimant="", claim_date=None, attribution=None, verdict="", rating_value=None, note=""
    )
    assert (cleared.claimant_id, cleared.claimant_name, cleared.claim_date, cleared.claim_date_precision) == (
        None,
        "",
        None,
        None,
    )
    assert cleared.claim_date_is_default and cleared.effective_claim_date == ClaimDate(2021, 12, 9)
    assert (cleared.attribution, cleared.verdict, cleared.rating_value, cleared.note) == (
        None,
        Verdict.UNVERIFIED,
        None,
        "",
    )


def test_undo_of_an_update_is_replace_with_the_row_before(project: Project, dated_doc) -> None:
    row = project.annotations.create_from_quote(dated_doc.id, "unsafe", _claim(project))
    first, middle = project.annotations.update(row.id, claimant="A", verdict="false", note="one")
    second, after = project.annotations.update(row.id, claimant="B", claim_date="2020", note="two")
    assert content(project.annotations.replace(second)) == content(second)
    assert content(project.annotations.get(row.id)) == content(second)
    assert content(project.annotations.replace(first)) == content(first) == content(row)
    # Redo is revert the other way round; every step is a new version.
    assert content(project.annotations.revert(middle, first)) == content(middle)
    assert content(project.annotations.revert(after, second)) == content(after)
    assert project.annotations.get(row.id).version == row.version + 6


def test_the_same_claimant_is_one_entity_across_articles(project: Project, dated_doc) -> None:
    other = project.documents.add(
        ImportedDocument(text="Crew members said the set was unsafe.", source_format="txt")
    )
    a = project.annotations.create_from_quote(
        dated_doc.id, "unsafe", _claim(project), claimant="Crew members"
    )
    b = project.annotations.create_from_quote(
        other.id, "unsafe", _claim(project), claimant="  crew   MEMBERS "
    )
    assert a.claimant_id == b.claimant_id and b.claimant_name == "Crew members"  # the first spelling stays
    assert [(c.name, c.annotation_count) for c in project.claimants.list()] == [("Crew members", 2)]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"claim_date": "2021-02-31"}, "February 31"),
        ({"claim_date": "2021-13"}, "no month 13"),
        ({"claim_date": "last October"}, "not a claim date"),
        ({"verdict": "pants on fire"}, "not a verdict"),
        ({"attribution": "hearsay"}, "not a kind of attribution"),
        ({"rating_value": "four"}, "must be a number"),
        ({"rating_value": float("nan")}, "finite"),
        ({"rating_best": 5, "rating_worst": 5}, "must differ"),
        ({"rating_value": 7, "rating_best": 5, "rating_worst": 1}, "outside its scale"),
        ({"rating_text": "x" * 201}, "at most 200"),
        ({"claimant": "c" * 301}, "at most 300"),
        ({"claimant": 42}, "by name"),
        ({"colour": "red"}, "Unknown annotation field"),
        ({"quote": "rewritten"}, "Unknown annotation field"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(project: Project, dated_doc, fields, message) -> None:
    row = project.annotations.create_from_quote(dated_doc.id, "unsafe", _claim(project))
    with pytest.raises(BadInputError, match=message):
        project.annotations.update(row.id, **fields)
    assert project.annotations.get(row.id) == row
    assert project.claimants.list() == []


def test_a_rating_is_checked_against_the_scale_already_stored(project: Project, dated_doc) -> None:
    row = project.annotations.create_from_quote(dated_doc.id, "unsafe", _claim(project))
    project.annotations.update(row.id, rating_best=1, rating_worst=5)  # a reversed scale is fine
    _, after = project.annotations.update(row.id, rating_value=2)
    assert after.rating_value == 2
    with pytest.raises(BadInputError, match="outside its scale"):
        project.annotations.update(row.id, rating_value=6)
    with pytest.raises(BadInputError, match="outside its scale"):
        project.annotations.update(row.id, rating_best=1.5, rating_worst=1.8)


def test_a_future_claim_date_is_stored_the_ui_asks_first(project: Project, dated_doc) -> None:
    row = project.annotations.create_from_quote(dated_doc.id, "unsafe", _claim(project))
    future = ClaimDate.from_date(date.today() + timedelta(days=400))
    _, after = project.annotations.update(row.id, claim_date=future)
    assert after.claim_date == str(future) and after.effective_claim_date.is_future()


def test_unknown_ids_in_update(project: Project, dated_doc) -> None:
    row = project.annotations.create_from_quote(dated_doc.id, "unsafe", _claim(project))
    missing = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(NotFoundError):
        project.annotations.update(missing, verdict="false")
    with pytest.raises(NotFoundError):
        project.annotations.update(row.id, label_id=missing)
    with pytest.raises(NotFoundError):
        project.annotations.update(row.id, claimant_id=missing)
    with pytest.raises(NotFoundError):
        project.annotations.create_from_quote(dated_doc.id, "chaotic", _claim(project), matter_ids=[missing])
    assert project.annotations.count() == 1


def test_create_sets_the_record_in_the_same_transaction(project: Project, dated_doc) -> None:
    matter = project.matters.create("Was the Rust set unsafe?")
    row = project.annotations.create_from_quote(
        dated_doc.id,
        "unsafe",
        _claim(project),
        claimant="crew members who quit",
        claim_date="2021-10",
        attribution="direct quote",
        verdict="unprovable",
        note="*why*",
        matter_ids=[matter.id],
    )
    assert (row.claimant_name, row.claim_date, row.attribution, row.verdict, row.note, row.matter_ids) == (
        "crew members who quit",
        "2021-10",
        Attribution.DIRECT_QUOTE,
        Verdict.UNPROVABLE,
        "*why*",
        (matter.id,),
    )
    assert project.annotations.get(row.id) == row
    # A bad value leaves nothing behind: no annotation, no claimant.
    with pytest.raises(BadInputError):
        project.annotations.create_from_quote(
            dated_doc.id, "chaotic", _claim(project), claimant="X", verdict="?"
        )
    assert project.annotations.count() == 1 and len(project.claimants.list()) == 1


def test_a_megabyte_note_is_stored_whole(project: Project, dated_doc) -> None:
    row = project.annotations.create_from_quote(dated_doc.id, "unsafe", _claim(project))
    nested = "> " * 5000 + "deep\n" + "[" * 20000 + "]" * 20000 + "\n"
    note = (nested + "| a | b |\n|---|---|\n" + "Ünïcödé 🙂 **bold** _it_ `code`\r\n" * 30000)[: 1024 * 1024]
    assert len(note.encode("utf-8")) > 1_000_000
    _, after = project.annotations.update(row.id, note=note)
    assert after.note == note
    assert project.annotations.get(row.id).note == note
    preview = project.annotations.for_document(dated_doc.id, preview=80)[0]
    assert preview.note == note[:80] and not preview.complete
    with pytest.raises(ValueError):
        project.annotations.replace(preview)


def test_a_lone_surrogate_in_a_note_becomes_a_replacement_character(project: Project, dated_doc) -> None:
    row = project.annotations.create_from_quote(dated_doc.id, "unsafe", _claim(project))
    _, after = project.annotations.update(row.id, note="broken \ud83d here")
    assert after.note == "broken \ufffd here"


def test_previews_carry_the_record(project: Project, dated_doc) -> None:
    matter = project.matters.create("M")
    row = project.annotations.create_from_quote(
        dated_doc.id, "unsafe", _claim(project), claimant="crew", verdict="false", matter_ids=[matter.id]
    )
    full = project.annotations.for_document(dated_doc.id)
    preview = project.annotations.for_document(dated_doc.id, preview=3)
    assert full == [row]
    restored = replace(
        preview[0],
        quote=row.quote,
        prefix=row.prefix,
        suffix=row.suffix,
        complete=True,
        created_at=row.created_at,
        updated_at=row.updated_at,
        matter_ids=row.matter_ids,
    )
    assert restored == row
    # A list preview leaves out what a list never shows: context, times and matters.
    assert (preview[0].quote, preview[0].prefix, preview[0].suffix) == ("uns", "", "")
    assert (preview[0].created_at, preview[0].matter_ids, preview[0].complete) == (None, (), False)


def test_the_default_claim_date_follows_the_publication_date(project: Project, dated_doc) -> None:
    row = project.annotations.create_from_quote(dated_doc.id, "unsafe", _claim(project))
    project.documents.update_metadata(dated_doc.id, published_at=datetime(2021, 12, 1, 12, tzinfo=UTC))
    assert project.annotations.get(row.id).effective_claim_date == ClaimDate(2021, 12, 1)
    project.documents.update_metadata(dated_doc.id, published_at=None)
    undated = project.annotations.get(row.id)
    assert undated.document_date is None and undated.effective_claim_date is None
    _, dated = project.annotations.update(row.id, claim_date="2021")
    assert dated.effective_claim_date == ClaimDate(2021)


def test_old_call_sites_keep_working(project: Project, dated_doc) -> None:
    """create/set_label/delete/restore as the window's commands call them today."""
    claim, counterclaim = _claim(project), project.labels.by_name("counterclaim").id
    row = project.annotations.create(dated_doc.id, 100, 180, claim)
    assert project.annotations.get(row.id) == row
    row = project.annotations.set_label(row.id, counterclaim)
    _, row = project.annotations.update(row.id, claimant="someone", note="n", verdict="mixed")
    deleted = project.annotations.delete(row.id)
    assert deleted == row
    assert project.annotations.restore(deleted) == row
    assert project.annotations.for_document(dated_doc.id) == [row]
