"""W3C Web Annotation (JSON-LD): an AnnotationCollection of the scope's annotations and links, with
factcheck's terms defined in an inline context (reading such files: w3c_read.py)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any, BinaryIO
from urllib.parse import quote as url_quote

from factcheck.interchange.atomic import Ticker
from factcheck.interchange.records import (
    ExportSource,
    iso_timestamp,
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Our own terms expand to IRIs in this namespace (a name only: '.invalid' never resolves).
FACTCHECK_NS = "http://factcheck.invalid/terms#"
#: Every term factcheck adds to the Web Annotation context, schema.org's where it has one ("schema:" is
#: declared by the W3C context). On the collection and on each item, so an item read alone keeps them.
TERMS: dict[str, Any] = {
    "fc": FACTCHECK_NS,
    "record": "fc:record",
    "relation": "fc:relation",
    "matters": {"@id": "fc:matter", "@type": "@id"},
    "labelName": "fc:label",
    "claimant": "schema:author",
    "claimDate": "fc:claimDate",
    "attribution": "fc:attribution",
    "verdict": "fc:verdict",
    "ratingText": "schema:alternateName",
    "ratingValue": "schema:ratingValue",
    "bestRating": "schema:bestRating",
    "worstRating": "schema:worstRating",
    "description": "schema:description",
}
CONTEXT: list[Any] = [ANNO_CONTEXT, TERMS]
#: Files written before the terms were defined used "factcheck:record" and so on.
OLD_PREFIX = "factcheck:"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_URN = "urn:uuid:"


def urn(uuid: str) -> str:
    return _URN + uuid


def from_urn(value: Any) -> str | None:
    """The uuid of 'urn:uuid:…' (None for anything else)."""
    if isinstance(value, str) and value[:9].lower() == _URN:
        bare = value[9:]
        if len(bare) == 36 and _UUID.fullmatch(bare):
            return bare.lower()
    return None


def safe_uri(url: str) -> str:
    """A document URL as a valid URI: characters a URI cannot hold are percent-encoded."""
    return url_quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def annotation_item(
    record, url: str, label: str, claimant: str, matters: list[str] | tuple[str, ...] = ()
) -> dict[str, Any]:
    """One annotation as a W3C Annotation (see README, "W3C Web Annotation"); ``url``, ``label``,
    ``claimant`` and ``matters`` are its document's URL, its label's name, its claimant's name and the ids
    of its matters."""
    (
        annotation_id,
        document_id,
        _label_id,
        start,
        end,
        quote,
        prefix,
        suffix,
        _claimant_id,
        claim_date,
        _precision,
        attribution,
        verdict,
        rating_text,
        rating_value,
        rating_best,
        rating_worst,
        _matters,
        _out,
        _in,
        note,
        annotator,
        created_at,
        updated_at,
        _status,
    ) = record
    bodies: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": label}]
    if note:
        bodies.append(
            {"type": "TextualBody", "purpose": "commenting", "value": note, "format": "text/markdown"}
        )
    if verdict != "unverified":
        bodies.append({"type": "TextualBody", "purpose": "assessing", "value": verdict})
    source: dict[str, Any] = (
        {"id": safe_uri(url), "canonical": urn(document_id)} if url else {"id": urn(document_id)}
    )
    item: dict[str, Any] = {
        "@context": CONTEXT,
        "id": urn(annotation_id),
        "type": "Annotation",
        "motivation": "tagging",
        "created": iso_timestamp(created_at),
        "modified": iso_timestamp(updated_at),
    }
    if annotator:
        item["creator"] = {"type": "Person", "name": annotator}
    item["body"] = bodies
    item["target"] = {
        "source": source,
        "selector": [
            {"type": "TextQuoteSelector", "exact": quote, "prefix": prefix, "suffix": suffix},
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }
    record_terms: dict[str, Any] = {"labelName": label, "verdict": verdict}
    if claimant:
        record_terms["claimant"] = claimant
    if claim_date:
        record_terms["claimDate"] = claim_date
    if attribution:
        record_terms["attribution"] = attribution
    if rating_text:
        record_terms["ratingText"] = rating_text
    for key, value in (
        ("ratingValue", rating_value),
        ("bestRating", rating_best),
        ("worstRating", rating_worst),
    ):
        if value is not None:
            record_terms[key] = value
    if matters:
        record_terms["matters"] = [urn(m) for m in sorted(matters)]
    item["record"] = record_terms
    return item


def link_item(link) -> dict[str, Any]:
    """A link as a 'linking' Annotation: its target is the link's source annotation, its body the other."""
    return {
        "@context": CONTEXT,
        "id": urn(link.id),
        "type": "Annotation",
        "motivation": "linking",
        "created": iso_timestamp(link.created_at),
        "body": urn(link.target_id),
        "target": urn(link.source_id),
        "relation": link.relation,
    }


def write_w3c(
    source: ExportSource, out: BinaryIO, ticker: Ticker, *, collection_id: str, now: datetime
) -> int:
    """Write an AnnotationCollection with one inline AnnotationPage holding every item (streamed)."""
    annotations = ticker.total
    links = source.link_count(both_ends=False)
    ticker.total = annotations + links
    head = {
        "@context": CONTEXT,
        "id": urn(collection_id),
        "type": "AnnotationCollection",
        "label": f"factcheck: {source.project_name}" if source.project_name else "factcheck annotations",
        "total": annotations + links,
        "generated": iso_timestamp(now),
        "matters": [
            {"id": urn(m.id), "name": m.name, "description": m.description} for m in source.matters()
        ],
    }
    write = out.write
    text = _dumps(head)
    write(text[:-1].encode("utf-8"))
    write(b',"first":{"type":"AnnotationPage","startIndex":0,"items":[')
    separator = b"\n"
    urls = {d.id: d.url for d in source.documents()}
    labels = {label.id: label.name for label in source.labels()}
    claimants = {c.id: c.name for c in source.claimants()}
    matters = source.matter_map()
    for record in source.annotations():
        item = annotation_item(
            record,
            urls[record.document_id],
            labels[record.label_id],
            claimants.get(record.claimant_id, ""),
            matters.get(record.id, ()),
        )
        write(separator + _dumps(item).encode("utf-8"))
        separator = b",\n"
        ticker.step()
    for link in source.links(both_ends=False):
        write(separator + _dumps(link_item(link)).encode("utf-8"))
        separator = b",\n"
        ticker.step()
    write(b"\n]}}\n")
    return ticker.done
