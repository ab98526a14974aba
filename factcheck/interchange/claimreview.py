"""schema.org ClaimReview (JSON-LD): one review for each annotation with a verdict, ready to paste into a
fact-check page (see README, "ClaimReview")."""

from __future__ import annotations

import json
import re
from typing import Any, BinaryIO

from factcheck.interchange.atomic import Ticker
from factcheck.interchange.records import ExportSource, iso_timestamp
from factcheck.interchange.w3c import safe_uri

#: Words that make a claimant an Organization rather than a Person (a guess; a Person otherwise).
_ORGANISATION = re.compile(
    r"\b(inc|ltd|llc|plc|corp|corporation|company|co|group|ministry|department|agency|government|"
    r"council|committee|party|association|union|university|institute|foundation|news|times|post|"
    r"press|network|office|commission|organi[sz]ation|bureau|police|court|parliament|senate|"
    r"congress|board|team|club|church|hospital|school|bank|fund|society|federation|league|crew|cast|"
    r"staff|union|authority|administration|campaign)\b",
    re.IGNORECASE,
)


def claimant_type(name: str) -> str:
    return "Organization" if _ORGANISATION.search(name) else "Person"


def verdict_title(verdict: str) -> str:
    return verdict.replace("_", " ").capitalize()


def _day(value) -> str:
    """The UTC day of a stored time ('' for None)."""
    return iso_timestamp(value)[:10] if value else ""


def _appearance(url: str, title: str, outlet: str, published) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if url:
        work["url"] = safe_uri(url)
    if title:
        work["headline"] = title
    if outlet:
        work["publisher"] = {"@type": "Organization", "name": outlet}
    if published:
        work["datePublished"] = _day(published)
    return work


def first_appearances(source: ExportSource) -> dict[str, dict[str, Any]]:
    """For each annotation that 'repeats' links tie to others: the appearance of the earliest of them
    (by effective claim date; undated ones last), when that is not the annotation itself."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for source_id, target_id in source.repeat_links():
        parent[find(source_id)] = find(target_id)
    if not parent:
        return {}
    earliest: dict[str, tuple] = {}
    details = {}
    for row in source.appearances(list(parent)):
        annotation_id, url, title, outlet, published, claim_date = row
        details[annotation_id] = row
        key = (claim_date is None, claim_date or "", _day(published), annotation_id)
        root = find(annotation_id)
        if root not in earliest or key < earliest[root][0]:
            earliest[root] = (key, annotation_id)
    result = {}
    for annotation_id in parent:
        first = earliest.get(find(annotation_id))
        if first is not None and first[1] != annotation_id:
            _, url, title, outlet, published, _ = details[first[1]]
            result[annotation_id] = _appearance(url, title, outlet, published)
    return result


def review(record, document, claimant: str, first: dict[str, Any] | None) -> dict[str, Any]:
    """The ClaimReview of one annotation; ``document`` is its DocumentRecord, ``claimant`` a name or ''."""
    claim: dict[str, Any] = {"@type": "Claim"}
    if claimant:
        claim["author"] = {"@type": claimant_type(claimant), "name": claimant}
    claim_date = record.claim_date or _day(document.published_at)
    if claim_date:
        claim["datePublished"] = claim_date
    claim["appearance"] = _appearance(document.url, document.title, document.outlet, document.published_at)
    if first is not None:
        claim["firstAppearance"] = first
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict_title(record.verdict)}
    for key, value in (
        ("ratingValue", record.rating_value),
        ("bestRating", record.rating_best),
        ("worstRating", record.rating_worst),
    ):
        if value is not None:
            rating[key] = int(value) if float(value).is_integer() else value
    if record.rating_text:
        rating["ratingExplanation"] = record.rating_text
    item: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": record.id,
        "claimReviewed": record.quote,
        "datePublished": _day(record.updated_at),
        "itemReviewed": claim,
        "reviewRating": rating,
    }
    if record.annotator:
        item["author"] = {"@type": "Person", "name": record.annotator}
    return item


def write_claimreview(source: ExportSource, out: BinaryIO, ticker: Ticker) -> int:
    """Write a JSON array of ClaimReviews (annotations whose verdict is still 'unverified' are left out)."""
    firsts = first_appearances(source)
    documents = source.documents_by_id()
    claimants = {c.id: c.name for c in source.claimants()}
    out.write(b"[")
    separator = b"\n"
    written = 0
    for record in source.annotations():
        ticker.step()
        if record.verdict == "unverified":
            continue
        text = json.dumps(
            review(
                record,
                documents[record.document_id],
                claimants.get(record.claimant_id, ""),
                firsts.get(record.id),
            ),
            ensure_ascii=False,
            indent=1,
        )
        out.write(separator + text.encode("utf-8"))
        separator = b",\n"
        written += 1
    out.write(b"\n]\n")
    return written
