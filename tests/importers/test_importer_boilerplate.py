"""Removing advertisement separators and repeated short lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.importers import remove_boilerplate
from factcheck.importers.boilerplate import clean_boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Article continues below advertisement",
        "Story continues below advertisement",
        "Advertisement",
        "ADVERTISEMENT",
        "advertisement",
        "  Advertisement  ",
        "Advertisement - Scroll to continue reading",
        "Continue reading below",
        "Continue reading the main story",
        "Skip Advertisement",
        "The article continues after this ad",
        "Ad",
    ],
)
def test_known_ad_lines(line: str) -> None:
    text = f"First paragraph.\n\n{line}\n\nSecond paragraph."
    assert remove_boilerplate(text) == ("First paragraph.\n\nSecond paragraph.", 1)


@pytest.mark.parametrize(
    "line",
    [
        "Advertisements were everywhere in the city.",
        "The advertisement was pulled after complaints.",
        "Ad agencies disagreed.",
        "Story continues below the fold, editors said.",
    ],
)
def test_sentences_about_ads_are_kept(line: str) -> None:
    text = f"First paragraph.\n\n{line}\n\nSecond paragraph."
    assert remove_boilerplate(text) == (text, 0)


def test_sample_has_six_ad_lines(sample_text: str) -> None:
    cleaned, removed = remove_boilerplate(sample_text)
    assert removed == 6
    assert "advertisement" not in cleaned.lower()
    assert "\n\n\n" not in cleaned
    # Everything else is untouched.
    assert [p for p in sample_text.split("\n\n") if "advertisement" not in p] == cleaned.split("\n\n")


def test_repeated_short_lines() -> None:
    text = "\n\n".join(
        [
            "Para one has words.",
            "Share this article",
            "Para two has words.",
            "Photo: Getty Images",
            "Share this article",
            "Para three.",
            "Photo: Getty Images",
            "Share this article",
            "Photo: Getty Images",
            "The end.",
        ]
    )
    result = clean_boilerplate(text)
    assert result.text == "Para one has words.\n\nPara two has words.\n\nPara three.\n\nThe end."
    assert (result.ad_lines, result.repeated_lines, result.removed) == (0, 6, 6)
    assert result.notes() == ("Removed 6 repeated lines",)


def test_twice_repeated_lines_and_long_repeats_are_kept() -> None:
    twice = "Share\n\nA.\n\nShare\n\nB."
    assert remove_boilerplate(twice) == (twice, 0)
    long_line = "This sentence is a long one that a writer repeats for effect, like a refrain in a speech!"
    thrice = "\n\n".join([long_line] * 3)
    assert remove_boilerplate(thrice) == (thrice, 0)


def test_transcript_labels_and_separators_are_kept() -> None:
    transcript = "\n".join(
        ["MAYOR:", "We will.", "REPORTER:", "When?", "MAYOR:", "Soon.", "REPORTER:", "Ok.", "MAYOR:"]
    )
    assert remove_boilerplate(transcript) == (transcript, 0)
    interview = "Q\nWhy?\nA\nBecause.\nQ\nWhen?\nA\nSoon.\nQ\nWhere?\nA\nHere."
    assert remove_boilerplate(interview) == (interview, 0)
    separators = "A.\n\n* * *\n\nB.\n\n* * *\n\nC.\n\n* * *\n\nD."
    assert remove_boilerplate(separators) == (separators, 0)


def test_notes_singular_and_both_kinds() -> None:
    text = "A.\n\nAdvertisement\n\nB.\n\nShare\n\nShare\n\nShare"
    result = clean_boilerplate(text)
    assert result.notes() == ("Removed 1 advertisement line", "Removed 3 repeated lines")


def test_nothing_to_remove_returns_text_unchanged() -> None:
    text = "  Leading spaces stay.\n\n\n\nAnd blank runs too.  "
    assert remove_boilerplate(text) == (text, 0)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Advertisement", "Para.", "", "Share this", "A longer paragraph here."]), max_size=30
    )
)
def test_idempotent_and_counted(lines: list[str]) -> None:
    text = "\n".join(lines)
    once, removed = remove_boilerplate(text)
    assert remove_boilerplate(once) == (once, 0)
    assert removed == sum(1 for a in text.split("\n") if a.strip()) - sum(
        1 for b in once.split("\n") if b.strip()
    )
