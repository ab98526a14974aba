"""W3C Web Annotation (JSON-LD): an AnnotationCollection of the scope's annotations and links, and
reading such a file (ours or another tool's) back into an ExchangeBundle."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any, BinaryIO
from urllib.parse import quote as url_quote

from factcheck.domain import BadInputError
from factcheck.interchange.atomic import Ticker
from factcheck.interchange.records import (
    ExchangeAnnotation,
    ExchangeBundle,
    ExchangeDocument,
    ExchangeLink,
    ExchangeMatter,
    ExportSource,
    iso_timestamp,
    parse_timestamp,
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Our own terms ("factcheck:record", "factcheck:relation", "factcheck:matters") expand to this IRI.
FACTCHECK_NS = "urn:factcheck:terms:"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_URN = "urn:uuid:"


def urn(uuid: str) -> str:
    return _URN + uuid


def from_urn(value: Any) -> str | None:
    """The uuid of 'urn:uuid:…' (None for anything else)."""
    if isinstance(value, str) and value.lower().startswith(_URN):
        bare = value[len(_URN) :]
        if _UUID.fullmatch(bare):
            return bare.lower()
    return None


def safe_uri(url: str) -> str:
    """A document URL as a valid URI: characters a URI cannot hold are percent-encoded."""
    return url_quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def annotation_item(record, url: str, label: str, claimant: str) -> dict[str, Any]:
    """One annotation as a W3C Annotation (see README, "W3C Web Annotation"); ``url``, ``label`` and
    ``claimant`` are its document's URL, its label's name and its claimant's name."""
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
        matters,
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
        "@context": ANNO_CONTEXT,
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
    record_terms: dict[str, Any] = {"label": label, "verdict": verdict}
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
        record_terms["matters"] = [urn(m) for m in sorted(matters.split(","))]
    item["factcheck:record"] = record_terms
    return item


def link_item(link) -> dict[str, Any]:
    """A link as a 'linking' Annotation: its target is the link's source annotation, its body the other."""
    return {
        "@context": ANNO_CONTEXT,
        "id": urn(link.id),
        "type": "Annotation",
        "motivation": "linking",
        "created": iso_timestamp(link.created_at),
        "body": urn(link.target_id),
        "target": urn(link.source_id),
        "factcheck:relation": link.relation,
    }


def write_w3c(
    source: ExportSource, out: BinaryIO, ticker: Ticker, *, collection_id: str, now: datetime
) -> int:
    """Write an AnnotationCollection with one inline AnnotationPage holding every item (streamed)."""
    annotations = ticker.total
    links = source.link_count(both_ends=False)
    ticker.total = annotations + links
    head = {
        "@context": [ANNO_CONTEXT, {"factcheck": FACTCHECK_NS}],
        "id": urn(collection_id),
        "type": "AnnotationCollection",
        "label": f"factcheck: {source.project_name}" if source.project_name else "factcheck annotations",
        "total": annotations + links,
        "generated": iso_timestamp(now),
        "factcheck:matters": [
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
    for record in source.annotations():
        item = annotation_item(
            record, urls[record.document_id], labels[record.label_id], claimants.get(record.claimant_id, "")
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


# --- Reading ----------------------------------------------------------------------------------------


def _items(data: Any, problems: list[str]) -> list[dict]:
    if isinstance(data, list):
        return [item for item in data if isinstance(item, dict)]
    if not isinstance(data, dict):
        raise BadInputError("The file holds no Web Annotations.")
    kinds = data.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "Annotation" in kinds:
        return [data]
    if "AnnotationPage" in kinds:
        return [i for i in data.get("items", []) if isinstance(i, dict)]
    if "AnnotationCollection" in kinds:
        first = data.get("first")
        if isinstance(first, list) and first:
            first = first[0]
        if isinstance(first, dict):
            items = [i for i in first.get("items", []) if isinstance(i, dict)]
            if first.get("next"):
                problems.append(
                    "Only the collection's first page is in the file; the other pages were not read."
                )
            return items
        if first:
            raise BadInputError("The collection's pages are elsewhere (only their address is in the file).")
        return []
    if isinstance(data.get("items"), list):
        return [i for i in data["items"] if isinstance(i, dict)]
    raise BadInputError("The file holds no Web Annotations (no Annotation, page or collection).")


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _time(value: Any) -> datetime | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str):
        return None
    try:
        return parse_timestamp(value)
    except ValueError:
        return None


def _document(target: dict, documents: dict[str, ExchangeDocument]) -> str | None:
    source = target.get("source")
    ids: list[str] = []
    if isinstance(source, str):
        ids.append(source)
    elif isinstance(source, dict):
        ids.extend(str(v) for v in (source.get("canonical"), source.get("id")) if isinstance(v, str))
    uuid = next((u for u in map(from_urn, ids) if u), None)
    url = next((i for i in ids if from_urn(i) is None), "")
    if uuid is None and not url:
        return None
    key = uuid or url
    if key not in documents:
        documents[key] = ExchangeDocument(key=key, url=url)
    return key


def _selectors(target: dict) -> tuple[dict | None, dict | None]:
    quote = position = None
    for selector in _as_list(target.get("selector")):
        if not isinstance(selector, dict):
            continue
        kind = selector.get("type")
        if kind == "TextQuoteSelector" and quote is None:
            quote = selector
        elif kind == "TextPositionSelector" and position is None:
            position = selector
    return quote, position


def _annotation(
    item: dict, documents: dict[str, ExchangeDocument], problems: list[str]
) -> ExchangeAnnotation | None:
    name = item.get("id") or "an annotation without id"
    target = next((t for t in _as_list(item.get("target")) if isinstance(t, dict) and "source" in t), None)
    if target is None:
        problems.append(f"{name}: its target is not a passage of a text; skipped.")
        return None
    key = _document(target, documents)
    quote, position = _selectors(target)
    if key is None or quote is None or not isinstance(quote.get("exact"), str):
        problems.append(f"{name}: it has no quote (TextQuoteSelector) of a document; skipped.")
        return None
    exact = quote["exact"]
    start = end = -1
    if (
        position is not None
        and isinstance(position.get("start"), int)
        and isinstance(position.get("end"), int)
    ):
        start, end = position["start"], position["end"]
    label, note, verdict = "", "", "unverified"
    for body in _as_list(item.get("body")) + _as_list(item.get("bodyValue")):
        if isinstance(body, str):
            body = {"purpose": "commenting", "value": body} if "bodyValue" in item else {}
        purposes = _as_list(body.get("purpose")) or _as_list(item.get("motivation"))
        value = body.get("value")
        if not isinstance(value, str):
            continue
        if "tagging" in purposes or "classifying" in purposes:
            label = label or value
        elif "commenting" in purposes or "describing" in purposes:
            note = f"{note}\n\n{value}" if note else value
        elif "assessing" in purposes:
            verdict = value
    record = item.get("factcheck:record")
    record = record if isinstance(record, dict) else {}
    creator = item.get("creator")
    creator = creator[0] if isinstance(creator, list) and creator else creator
    annotator = creator.get("name", "") if isinstance(creator, dict) else ""

    def number(key: str) -> float | None:
        value = record.get(key)
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

    return ExchangeAnnotation(
        id=from_urn(item.get("id")),
        document_key=key,
        label=str(record.get("label") or label or "claim"),
        start=start,
        end=end if start >= 0 else -1,
        quote=exact,
        prefix=quote.get("prefix") if isinstance(quote.get("prefix"), str) else "",
        suffix=quote.get("suffix") if isinstance(quote.get("suffix"), str) else "",
        annotator=annotator if isinstance(annotator, str) else "",
        created_at=_time(item.get("created")),
        updated_at=_time(item.get("modified")),
        claimant=str(record.get("claimant") or ""),
        claim_date=str(record["claimDate"]) if record.get("claimDate") else None,
        attribution=str(record["attribution"]) if record.get("attribution") else None,
        verdict=str(record.get("verdict") or verdict),
        rating_text=str(record.get("ratingText") or ""),
        rating_value=number("ratingValue"),
        rating_best=number("bestRating"),
        rating_worst=number("worstRating"),
        note=note,
        matter_keys=tuple(u for u in map(from_urn, _as_list(record.get("matters"))) if u),
    )


def _link(item: dict, problems: list[str]) -> ExchangeLink | None:
    source = next(iter(_as_list(item.get("target"))), None)
    target = next(iter(_as_list(item.get("body"))), None)
    if isinstance(target, dict):
        target = target.get("source") or target.get("id")
    if isinstance(source, dict):
        source = source.get("source") or source.get("id")
    relation = item.get("factcheck:relation")
    source_id, target_id = from_urn(source), from_urn(target)
    if not (source_id and target_id and isinstance(relation, str)):
        problems.append(
            f"{item.get('id', 'a link')}: not a link between two annotations factcheck can read; skipped."
        )
        return None
    return ExchangeLink(from_urn(item.get("id")), source_id, relation, target_id, _time(item.get("created")))


def read_w3c(data: bytes, name: str) -> ExchangeBundle:
    """The annotations, links and matters of a Web Annotation JSON(-LD) file (ours or another tool's).

    Documents are only pointed at (by 'urn:uuid:' id or URL): they must be in the project already."""
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInputError(f"{name} is not a JSON file: {exc}.") from exc
    bundle = ExchangeBundle(format="jsonld")
    documents: dict[str, ExchangeDocument] = {}
    if isinstance(parsed, dict):
        for matter in _as_list(parsed.get("factcheck:matters")):
            if (
                isinstance(matter, dict)
                and from_urn(matter.get("id"))
                and isinstance(matter.get("name"), str)
            ):
                bundle.matters.append(
                    ExchangeMatter(
                        from_urn(matter["id"]), matter["name"], str(matter.get("description") or "")
                    )
                )
    for item in _items(parsed, bundle.problems):
        motivations = _as_list(item.get("motivation"))
        if "linking" in motivations:
            link = _link(item, bundle.problems)
            if link is not None:
                bundle.links.append(link)
            continue
        annotation = _annotation(item, documents, bundle.problems)
        if annotation is not None:
            bundle.annotations.append(annotation)
            bundle.labels.setdefault(annotation.label, "")
    bundle.documents = list(documents.values())
    return bundle
