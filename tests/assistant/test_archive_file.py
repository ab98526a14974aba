"""Archive files: CSV/TSV with the id first (even with an empty header), ClaimReview JSON-LD, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.domain import BadInputError
from factcheck.interchange.archive_file import read_archive


def test_tsv_with_an_empty_first_header_and_quoted_fields(tmp_path: Path) -> None:
    path = tmp_path / "claims.tsv"
    path.write_text('\tvclaim\ttitle\n0\tA "quoted" claim.\tIts title\n7\t"Has\ta tab"\t\n', encoding="utf-8")
    archive = read_archive(path)
    assert [(r.source_id, r.claim, r.title) for r in archive.records] == [
        ("0", 'A "quoted" claim.', "Its title"),
        ("7", "Has a tab", ""),
    ]


def test_csv_with_optional_columns_in_any_order(tmp_path: Path) -> None:
    path = tmp_path / "checks.csv"
    path.write_text(
        "ID,URL,Verdict,Claim,date\nfc-1,https://x.org/1,False,The moon is cheese.,2021-01-02\nfc-2,,,,\n",
        encoding="utf-8",
    )
    archive = read_archive(path)
    assert archive.skipped == 1
    (record,) = archive.records
    assert (record.source_id, record.claim, record.verdict, record.url, record.date) == (
        "fc-1",
        "The moon is cheese.",
        "False",
        "https://x.org/1",
        "2021-01-02",
    )


def test_claimreview_feed(tmp_path: Path) -> None:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example/42",
        "claimReviewed": "Crime doubled last year.",
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly false"},
        "datePublished": "2022-03-04",
    }
    path = tmp_path / "feed.json"
    path.write_text(
        json.dumps({"@type": "DataFeed", "dataFeedElement": [{"item": [review]}]}), encoding="utf-8"
    )
    (record,) = read_archive(path).records
    assert (record.source_id, record.claim, record.verdict, record.date) == (
        "https://checks.example/42",
        "Crime doubled last year.",
        "Mostly false",
        "2022-03-04",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,headline\n1,x\n", "no claim column"),
        ("id,claim\n1,a\n1,b\n", "appears twice"),
        ("id,claim\n,a\n", "has no id"),
        ("id,claim\n", "holds no fact-checks"),
    ],
)
def test_bad_archives_are_refused_in_plain_words(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInputError, match=message):
        read_archive(path)
