"""ClaimReview JSON-LD: one review per annotation with a verdict, with its claim's author, date,
appearance and first appearance (through 'repeats' links)."""

from __future__ import annotations

import json


def test_reviews(sample, tmp_path) -> None:
    target = tmp_path / "reviews.json"
    result = sample.project.interchange.export("claimreview", target)
    reviews = json.loads(target.read_text(encoding="utf-8"))
    assert result.items == len(reviews) == 3  # the unverified ones are left out
    by_id = {r["identifier"]: r for r in reviews}
    claim = by_id[sample.claim]
    assert claim["@context"] == "https://schema.org" and claim["@type"] == "ClaimReview"
    assert claim["claimReviewed"] == "the bridge cost =2+2 million"
    assert claim["author"] == {"@type": "Person", "name": "@ana"}
    item = claim["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"] == {"@type": "Person", "name": "Mayor Smith"}
    assert item["datePublished"] == "2021-10"
    assert item["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://news.example/bridge?a=1&b=2",
        "headline": "=Bridge costs",
        "publisher": {"@type": "Organization", "name": 'Daily, "News"'},
        "datePublished": "2021-12-09",
    }
    assert claim["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "ratingExplanation": "Pants on fire",
    }
    assert "firstAppearance" not in item  # it is the earliest appearance itself
    # The later article repeats the claim: its first appearance is the mayor's article.
    repeat = by_id[sample.repeat]["itemReviewed"]
    assert repeat["firstAppearance"]["url"] == "https://news.example/bridge?a=1&b=2"
    assert "datePublished" not in repeat  # neither a claim date nor a publication date
    counter = by_id[sample.counter]
    assert counter["itemReviewed"]["author"] == {"@type": "Person", "name": "Critics"}
    assert counter["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly supported"}
