"""schema.org ClaimReview (JSON-LD): one review for each annotation with a verdict, as Google's Fact Check
markup asks for it and fact-checkers publish it (see README, "ClaimReview")."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
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
#: claimReviewed stays shorter than this (Google shows about that much); the full quote is kept in
#: itemReviewed.
CLAIM_REVIEWED_MAX = 75
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Publisher:
    """The fact-checking organisation that publishes the reviews (the project's setting, or --publisher)."""

    name: str = ""
    url: str = ""


def claimant_type(name: str) -> str:
    return "Organization" if _ORGANISATION.search(name) else "Person"


def verdict_title(verdict: str) -> str:
    return verdict.replace("_", " ").capitalize()


def elide(text: str, limit: int = CLAIM_REVIEWED_MAX) -> str:
    """``text`` on one line, shorter than ``limit`` characters: its middle replaced by '…' when too long."""
    flat = " ".join(text.split())
    if len(flat) < limit:
        return flat
    keep = limit - 2  # characters kept around the ellipsis
    head = flat[: (keep + 1) // 2].rstrip()
    tail = flat[len(flat) - keep // 2 :].lstrip()
    return f"{head}…{tail}"


def _day(value) -> str:
    """The UTC day of a stored time ('' for None)."""
    return iso_timestamp(value)[:10] if value else ""


def _appearance(url: str, title: str, outlet: str, published, day: str | None = None) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if url:
        work["url"] = safe_uri(url)
    if title:
        work["headline"] = title
    if outlet:
        work["publisher"] = {"@type": "Organization", "name": outlet}
    if day or published:
        work["datePublished"] = day or _day(published)
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


@dataclass
class ReviewNotes:
    """What an export of reviews could not say as Google asks, counted for the summary."""

    undated: int = 0
    no_url: int = 0
    no_appearance_url: int = 0
    no_publisher: int = 0

    def lines(self) -> tuple[str, ...]:
        out = []
        if self.no_publisher:
            out.append(
                f"{self.no_publisher} review{'s have' if self.no_publisher != 1 else ' has'} no author: set the "
                "publisher (--publisher NAME --publisher-url URL, or the project's publisher setting)."
            )
        if self.no_url:
            out.append(
                f"{self.no_url} review{'s have' if self.no_url != 1 else ' has'} no url, which Google requires: "
                "give --publisher-url."
            )
        if self.undated:
            out.append(
                f"{self.undated} claim date{'s are' if self.undated != 1 else ' is'} known only to the month or "
                "year, so the claim's datePublished was left out (it must be a full date)."
            )
        if self.no_appearance_url:
            out.append(
                f"{self.no_appearance_url} appearance{'s have' if self.no_appearance_url != 1 else ' has'} no "
                "URL: add the article's URL so readers can find where the claim was made."
            )
        return tuple(out)


def review(
    record,
    document,
    claimant: str,
    first: dict[str, Any] | None,
    publisher: Publisher,
    notes: ReviewNotes,
) -> dict[str, Any]:
    """The ClaimReview of one annotation; ``document`` is its DocumentRecord, ``claimant`` a name or ''."""
    claim: dict[str, Any] = {"@type": "Claim"}
    if claimant:
        claim["author"] = {"@type": claimant_type(claimant), "name": claimant}
    if record.claim_date:
        if _DAY.fullmatch(record.claim_date):
            claim["datePublished"] = record.claim_date
        else:
            notes.undated += 1
    elif document.published_day or document.published_at:
        claim["datePublished"] = document.published_day or _day(document.published_at)
    claim["appearance"] = _appearance(
        document.url, document.title, document.outlet, document.published_at, document.published_day
    )
    if not document.url:
        notes.no_appearance_url += 1
    if first is not None:
        claim["firstAppearance"] = first
    claim["text"] = record.quote
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": " ".join(record.rating_text.split()) or verdict_title(record.verdict),
    }
    for key, value in (
        ("ratingValue", record.rating_value),
        ("bestRating", record.rating_best),
        ("worstRating", record.rating_worst),
    ):
        if value is not None:
            rating[key] = int(value) if float(value).is_integer() else value
    item: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview", "identifier": record.id}
    if publisher.url:
        item["url"] = f"{safe_uri(publisher.url).split('#', 1)[0]}#claim-{record.id}"
    else:
        notes.no_url += 1
    item["claimReviewed"] = elide(record.quote)
    item["datePublished"] = _day(record.updated_at)
    if publisher.name:
        author: dict[str, Any] = {"@type": "Organization", "name": publisher.name}
        if publisher.url:
            author["url"] = safe_uri(publisher.url)
        item["author"] = author
    else:
        notes.no_publisher += 1
    item["itemReviewed"] = claim
    item["reviewRating"] = rating
    return item


def write_claimreview(
    source: ExportSource, out: BinaryIO, ticker: Ticker, publisher: Publisher
) -> tuple[int, tuple[str, ...]]:
    """Write a JSON array of ClaimReviews (annotations whose verdict is still 'unverified' are left out);
    returns how many, and what could not be written as Google asks (one sentence each)."""
    firsts = first_appearances(source)
    documents = source.documents_by_id()
    claimants = {c.id: c.name for c in source.claimants()}
    notes = ReviewNotes()
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
                publisher,
                notes,
            ),
            ensure_ascii=False,
            indent=1,
        )
        out.write(separator + text.encode("utf-8"))
        separator = b",\n"
        written += 1
    out.write(b"\n]\n")
    return written, notes.lines()
