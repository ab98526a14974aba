"""ClaimReview JSON-LD as Google's Fact Check markup asks and fact-checkers publish it: the publishing
organisation as author, a url on every review, the rating words in alternateName, claimReviewed short,
and no claim date pretending to a day it does not know."""

from __future__ import annotations

import json

from factcheck.interchange.claimreview import CLAIM_REVIEWED_MAX, Publisher, elide

PUBLISHER = Publisher("Bridge Check", "https://bridgecheck.example/reviews")


def _reviews(sample, tmp_path, publisher=PUBLISHER):
    target = tmp_path / "reviews.json"
    result = sample.project.interchange.export("claimreview", target, publisher=publisher)
    reviews = json.loads(target.read_text(encoding="utf-8"))
    return result, {r["identifier"]: r for r in reviews}


def test_reviews(sample, tmp_path) -> None:
    result, by_id = _reviews(sample, tmp_path)
    assert result.items == len(by_id) == 3  # the unverified ones are left out
    claim = by_id[sample.claim]
    assert claim["@context"] == "https://schema.org" and claim["@type"] == "ClaimReview"
    assert claim["url"] == f"https://bridgecheck.example/reviews#claim-{sample.claim}"
    assert claim["author"] == {
        "@type": "Organization",
        "name": "Bridge Check",
        "url": "https://bridgecheck.example/reviews",
    }
    assert claim["claimReviewed"] == "the bridge cost =2+2 million"
    item = claim["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"] == {"@type": "Person", "name": "Mayor Smith"}
    assert "datePublished" not in item  # the claim date is "2021-10": never written as a full date
    assert item["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://news.example/bridge?a=1&b=2",
        "headline": "=Bridge costs",
        "publisher": {"@type": "Organization", "name": 'Daily, "News"'},
        "datePublished": "2021-12-09",
    }
    assert claim["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Pants on fire",  # the rating in words, where fact-checkers put it
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert "firstAppearance" not in item  # it is the earliest appearance itself
    repeat = by_id[sample.repeat]["itemReviewed"]
    assert repeat["firstAppearance"]["url"] == "https://news.example/bridge?a=1&b=2"
    assert "datePublished" not in repeat  # neither a claim date nor a publication date
    counter = by_id[sample.counter]
    assert counter["itemReviewed"]["author"] == {"@type": "Person", "name": "Critics"}
    assert counter["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly supported"}
    assert result.notes == (
        "1 claim date is known only to the month or year, so the claim's datePublished was left out (it must "
        "be a full date).",
        "1 appearance has no URL: add the article's URL so readers can find where the claim was made.",
    )


def test_a_day_precise_claim_date_and_a_long_quote(sample, tmp_path) -> None:
    project = sample.project
    project.annotations.update(sample.claim, claim_date="2021-10-07")
    long = project.annotations.create_from_quote(
        sample.doc_a,
        'Mayor Smith said the bridge cost =2+2 million, "far too much".\nCritics, however, disagree',
        project.labels.list()[0].id,
        verdict="misleading",
    )
    _, by_id = _reviews(sample, tmp_path)
    assert by_id[sample.claim]["itemReviewed"]["datePublished"] == "2021-10-07"
    review = by_id[long.id]
    assert len(review["claimReviewed"]) < CLAIM_REVIEWED_MAX
    assert (
        review["claimReviewed"].startswith("Mayor Smith said the bridge cost")
        and "…" in review["claimReviewed"]
    )
    assert review["claimReviewed"].endswith("Critics, however, disagree")
    assert review["itemReviewed"]["text"] == long.quote  # the whole quote is kept


def test_without_a_publisher_the_summary_says_what_is_missing(sample, tmp_path) -> None:
    result, by_id = _reviews(sample, tmp_path, publisher=None)  # the project has none set
    assert all("author" not in r and "url" not in r for r in by_id.values())
    assert any("no author: set the publisher" in n for n in result.notes)
    assert any("no url, which Google requires" in n for n in result.notes)
    sample.project.interchange.set_publisher(" Bridge   Check ", "https://bridgecheck.example/")
    result, by_id = _reviews(sample, tmp_path, publisher=None)
    assert by_id[sample.claim]["author"]["name"] == "Bridge Check"
    assert by_id[sample.claim]["url"] == f"https://bridgecheck.example/#claim-{sample.claim}"


def test_elide() -> None:
    assert elide("short  one\n") == "short one"
    text = "a" * 50 + "b" * 50
    assert len(elide(text)) == CLAIM_REVIEWED_MAX - 1 and elide(text).startswith("a" * 37)
