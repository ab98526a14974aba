"""Headline, byline, date, breadcrumb and caption detection at the top of article text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.importers import DetectedMetadata, detect_metadata
from factcheck.importers.dates import find_datetime, parse_iso_datetime

SAMPLE_TITLE = "Alec Baldwin Shares ‘Over The Top’ Letter From ‘Rust’ Cast And Crew"
BODY = "Actor Alec Baldwin just shared a letter from the cast and crew of “Rust” to his Instagram page."


def test_sample_article(sample_text: str) -> None:
    found = detect_metadata(sample_text)
    assert found == DetectedMetadata(
        title=SAMPLE_TITLE,
        author="Kristin Myers",
        published_at=datetime(2021, 12, 10, 0, 39, tzinfo=UTC),
        byline="By Kristin Myers on December 9, 2021 at 4:39 PM PST",
        breadcrumb=f"Home / Breaking News / {SAMPLE_TITLE}",
        caption="An emotional Alec Baldwin talks",
    )
    assert found.published_at is not None and found.published_at.utcoffset() is not None


@pytest.mark.parametrize(
    ("byline", "author", "expected"),
    [
        (
            "By Kristin Myers on December 9, 2021 at 4:39 PM PST",
            "Kristin Myers",
            datetime(2021, 12, 10, 0, 39),
        ),
        ("By Kristin Myers on July 9, 2021 at 4:39 PM PDT", "Kristin Myers", datetime(2021, 7, 9, 23, 39)),
        ("By Jo Lee on March 1, 2022 at 9:05 AM EST", "Jo Lee", datetime(2022, 3, 1, 14, 5)),
        ("By Jo Lee on June 1, 2022 at 9:05 AM EDT", "Jo Lee", datetime(2022, 6, 1, 13, 5)),
        ("By Ana Ruiz on Jan. 5, 2023 at 11:30 PM CST", "Ana Ruiz", datetime(2023, 1, 6, 5, 30)),
        ("By Ana Ruiz on Aug 5, 2023 at 11:30 pm CDT", "Ana Ruiz", datetime(2023, 8, 6, 4, 30)),
        ("By Sam Hill on February 2, 2020 at 12:00 PM MST", "Sam Hill", datetime(2020, 2, 2, 19, 0)),
        ("By Sam Hill on May 2, 2020 at 12:15 a.m. MDT", "Sam Hill", datetime(2020, 5, 2, 6, 15)),
        ("By Pat Kay on 9 December 2021 at 16:39 GMT", "Pat Kay", datetime(2021, 12, 9, 16, 39)),
        ("By Pat Kay | December 9, 2021 4:39 PM UTC", "Pat Kay", datetime(2021, 12, 9, 16, 39)),
        ("By Pat Kay, Dec. 9, 2021, 4:39 p.m. ET", "Pat Kay", datetime(2021, 12, 9, 21, 39)),
        ("By Kristin Myers on December 9, 2021", "Kristin Myers", datetime(2021, 12, 9, 0, 0)),
        ("By Kristin Myers - 09 December 2021", "Kristin Myers", datetime(2021, 12, 9, 0, 0)),
        ("BY KRISTIN MYERS", "KRISTIN MYERS", None),
        ("By Jane Doe and John Roe, Staff Writers", "Jane Doe and John Roe", None),
        ("Written by Maria de la Cruz on 2021-12-09", "Maria de la Cruz", datetime(2021, 12, 9, 0, 0)),
        # A time without a zone is not an instant: only the date is kept.
        ("By Kristin Myers on December 9, 2021 at 4:39 PM", "Kristin Myers", datetime(2021, 12, 9, 0, 0)),
    ],
)
def test_bylines(byline: str, author: str, expected: datetime | None) -> None:
    found = detect_metadata(f"The Headline Of The Story\n\n{byline}\n\n{BODY}")
    assert found.author == author
    assert found.byline == byline
    assert found.title == "The Headline Of The Story"
    if expected is None:
        assert found.published_at is None
    else:
        assert found.published_at == expected.replace(tzinfo=UTC)
        assert found.published_at.tzinfo is not None


def test_byline_before_headline_and_separate_date_line() -> None:
    text = f"By Jane Doe\n\nCouncil Votes To Close Library\n\nPublished: March 3, 2021 9:15 am EST\nUpdated March 4, 2021\n\n{BODY}"
    found = detect_metadata(text)
    assert found.author == "Jane Doe"
    assert found.title == "Council Votes To Close Library"
    assert found.published_at == datetime(2021, 3, 3, 14, 15, tzinfo=UTC)


def test_updated_line_is_used_only_without_a_published_one() -> None:
    found = detect_metadata(f"Council Votes To Close Library\n\nUpdated March 4, 2021\n\n{BODY}")
    assert found.published_at == datetime(2021, 3, 4, tzinfo=UTC)


def test_headline_and_kicker() -> None:
    found = detect_metadata(f"Politics\n\nSenate Passes Budget Bill After All-Night Session\n\n{BODY}")
    assert found.title == "Senate Passes Budget Bill After All-Night Session"
    assert found.caption == "Politics"


@pytest.mark.parametrize("separator", [" > ", " › ", " » ", " / "])
def test_breadcrumb_separators(separator: str) -> None:
    crumb = separator.join(["Home", "News", "Local"])
    found = detect_metadata(f"{crumb}\n\nBridge Reopens After Repairs\n\n{BODY}")
    assert found.breadcrumb == crumb
    assert found.title == "Bridge Reopens After Repairs"


def test_breadcrumb_names_the_headline_even_when_truncated() -> None:
    text = (
        "A short caption that is long\n\nBridge Reopens\n\n"
        "Home / News / Bridge Reopens…\n\n"
        "Some Much Longer Heading-Like Line Without A Full Stop At All\n\n" + BODY
    )
    assert detect_metadata(text).title == "Bridge Reopens"


def test_plain_paragraphs_have_no_metadata() -> None:
    assert detect_metadata(BODY + "\n\n" + BODY) == DetectedMetadata()
    assert detect_metadata("") == DetectedMetadata()


def test_by_in_a_sentence_is_not_a_byline() -> None:
    found = detect_metadata("By the time we arrived the hall was full\n\n" + BODY)
    assert found.author == ""


def test_iso_timestamps() -> None:
    assert parse_iso_datetime("2021-12-09T16:39:00-08:00") == datetime(2021, 12, 10, 0, 39, tzinfo=UTC)
    assert parse_iso_datetime("2021-12-10T00:39:00Z") == datetime(2021, 12, 10, 0, 39, tzinfo=UTC)
    assert parse_iso_datetime("2021-12-09") == datetime(2021, 12, 9, tzinfo=UTC)
    assert parse_iso_datetime("2021-12-09T16:39:00") == datetime(
        2021, 12, 9, tzinfo=UTC
    )  # no zone: date only
    assert parse_iso_datetime("December 9, 2021") == datetime(2021, 12, 9, tzinfo=UTC)
    assert parse_iso_datetime("yesterday") is None
    assert parse_iso_datetime("") is None


def test_ambiguous_numeric_dates_are_not_guessed() -> None:
    assert find_datetime("03/04/2021") is None
    found = find_datetime("13/04/2021")
    assert found is not None and found.value == datetime(2021, 4, 13, tzinfo=UTC)
    assert find_datetime("February 30, 2021") is None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_never_raises(text: str) -> None:
    found = detect_metadata(text)
    assert isinstance(found, DetectedMetadata)
    assert found.published_at is None or found.published_at.tzinfo is not None


@settings(max_examples=60, deadline=None)
@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)),
    st.sampled_from([("PST", -8), ("EDT", -4), ("CST", -6), ("MDT", -6), ("UTC", 0), ("GMT", 0)]),
)
def test_byline_times_round_trip(moment: datetime, zone: tuple[str, int]) -> None:
    name, offset = zone
    moment = moment.replace(second=0, microsecond=0)
    printed = moment.strftime("%B %-d, %Y at %-I:%M %p ") + name
    found = detect_metadata(f"Headline Here\n\nBy Kristin Myers on {printed}\n\n{BODY}")
    from datetime import timedelta

    assert found.published_at == (moment - timedelta(hours=offset)).replace(tzinfo=UTC)
