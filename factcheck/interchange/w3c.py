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
_OLD_PREFIX = "factcheck:"  # files written before the terms were defined: "factcheck:record" and so on
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


# --- Reading ----------------------------------------------------------------------------------------


def _types(node: dict) -> list:
    return [t for t in _as_list(node.get("type", node.get("@type"))) if isinstance(t, str)]


def _node_id(node: dict) -> str | None:
    value = node.get("id", node.get("@id"))
    return value if isinstance(value, str) else None


def _dicts(value: Any) -> list[dict]:
    return [v for v in _as_list(value) if isinstance(v, dict)]


def _index(data: Any) -> dict[str, dict]:
    """Every object of the file's top level (a list, or '@graph') by id: pages a collection names."""
    nodes = data if isinstance(data, list) else _as_list(data.get("@graph")) if isinstance(data, dict) else []
    return {i: n for n in nodes if isinstance(n, dict) and (i := _node_id(n))}


def _pages(collection: dict, index: dict[str, dict], problems: list[str]) -> list[dict]:
    """The items of every page of a collection: 'first', then each 'next', embedded or named by an id
    found in the file."""
    items: list[dict] = []
    seen: set[int] = set()
    page: Any = collection.get("first")
    count = 0
    while page is not None:
        if isinstance(page, list):
            page = page[0] if page else None
            continue
        if isinstance(page, str):
            found = index.get(page)
            if found is None:
                if count == 0:
                    raise BadInputError(
                        "The collection's pages are elsewhere (only their address is in the file)."
                    )
                problems.append(
                    f"The collection's page {page} is not in the file; {count} page"
                    f"{'s were' if count != 1 else ' was'} read and the rest left out."
                )
                break
            page = found
        if not isinstance(page, dict) or id(page) in seen:
            break
        seen.add(id(page))
        count += 1
        items.extend(_dicts(page.get("items")))
        page = page.get("next")
    return items


def _items(data: Any, problems: list[str]) -> list[dict]:
    index = _index(data)
    if isinstance(data, list):
        collections = [d for d in data if isinstance(d, dict) and "AnnotationCollection" in _types(d)]
        if collections:
            return [i for c in collections for i in _pages(c, index, problems)]
        items: list[dict] = []
        for node in data:
            if isinstance(node, dict) and "AnnotationPage" in _types(node):
                items.extend(_dicts(node.get("items")))
            elif isinstance(node, dict):
                items.append(node)
        return items
    if not isinstance(data, dict):
        raise BadInputError("The file holds no Web Annotations.")
    kinds = _types(data)
    if "Annotation" in kinds:
        return [data]
    if "AnnotationPage" in kinds:
        items = _dicts(data.get("items"))
        following = data.get("next")
        while isinstance(following, dict):  # pages chained inline
            items.extend(_dicts(following.get("items")))
            following = following.get("next")
        if isinstance(following, str):
            page = index.get(following)
            if page is None:
                problems.append(f"The page {following} is not in the file; the pages after it were left out.")
        return items
    if "AnnotationCollection" in kinds:
        return _pages(data, index, problems)
    if "@graph" in data:
        return _items(_as_list(data["@graph"]), problems)
    if isinstance(data.get("items"), list):
        return _dicts(data["items"])
    raise BadInputError("The file holds no Web Annotations (no Annotation, page or collection).")


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _time(value: Any) -> datetime | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value")
    if not isinstance(value, str):
        return None
    try:
        return parse_timestamp(value)
    except (ValueError, OverflowError):
        return None


def _text(value: Any) -> str:
    """A string property ('' for anything else: a number, a list, an object)."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("@value")
    return value if isinstance(value, str) else ""


def _document(target: dict, documents: dict[str, ExchangeDocument], seen: dict) -> str | None:
    """The key of the document a target's source names (and its entry in ``documents``); ``seen`` keeps
    what each source string was found to be (100k annotations name a few hundred documents)."""
    source = target.get("source")
    cache_key = (
        source
        if isinstance(source, str)
        else ((source.get("canonical"), _node_id(source)) if isinstance(source, dict) else None)
    )
    if isinstance(cache_key, tuple) and not all(isinstance(v, str | None) for v in cache_key):
        cache_key = None
    if cache_key is not None and cache_key in seen:
        return seen[cache_key]
    key = _document_key(source, documents)
    if cache_key is not None:
        seen[cache_key] = key
    return key


def _document_key(source: Any, documents: dict[str, ExchangeDocument]) -> str | None:
    ids: list[str] = []
    if isinstance(source, str):
        ids.append(source)
    elif isinstance(source, dict):
        ids.extend(v for v in (source.get("canonical"), _node_id(source)) if isinstance(v, str))
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
    for selector in _dicts(target.get("selector")):
        kind = _types(selector)
        if "TextQuoteSelector" in kind and quote is None:
            quote = selector
        elif "TextPositionSelector" in kind and position is None:
            position = selector
    return quote, position


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 40 else None


def _record(item: dict) -> dict:
    """factcheck's record of an item (the defined term 'record', or the older 'factcheck:record')."""
    for key in ("record", _OLD_PREFIX + "record"):
        value = item.get(key)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, dict):
            return value
    return {}


def _annotation(
    item: dict, documents: dict[str, ExchangeDocument], problems: list[str], seen: dict
) -> ExchangeAnnotation | None:
    name = _node_id(item) or "an annotation without id"
    target = next((t for t in _dicts(item.get("target")) if "source" in t), None)
    if target is None:
        problems.append(f"{name}: its target is not a passage of a text; it was left out.")
        return None
    key = _document(target, documents, seen)
    quote, position = _selectors(target)
    if key is None or quote is None or not _text(quote.get("exact")):
        problems.append(f"{name}: it has no quote (TextQuoteSelector) of a document; it was left out.")
        return None
    exact = _text(quote.get("exact"))
    start = end = -1
    if position is not None:
        first, last = _whole(position.get("start")), _whole(position.get("end"))
        if first is not None and last is not None:
            start, end = first, last
    label, note, verdict = "", "", "unverified"
    bodies: list[dict] = []
    for body in _as_list(item.get("body")):
        if isinstance(body, dict):
            bodies.append(body)
    for value in _as_list(item.get("bodyValue")):
        if isinstance(value, str):
            bodies.append({"purpose": "commenting", "value": value})
    for body in bodies:
        purposes = [
            p for p in _as_list(body.get("purpose")) or _as_list(item.get("motivation")) if isinstance(p, str)
        ]
        value = _text(body.get("value"))
        if not value:
            continue
        if "tagging" in purposes or "classifying" in purposes:
            label = label or value
        elif "commenting" in purposes or "describing" in purposes:
            note = f"{note}\n\n{value}" if note else value
        elif "assessing" in purposes:
            verdict = value
    record = _record(item)
    creator = next(iter(_dicts(item.get("creator"))), {})
    annotator = _text(creator.get("name"))

    def number(key: str) -> float | None:
        value = record.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        value = float(value)
        return value if value == value and abs(value) != float("inf") else None

    return ExchangeAnnotation(
        id=from_urn(_node_id(item)),
        document_key=key,
        label=_text(record.get("labelName")) or _text(record.get("label")) or label or "claim",
        start=start,
        end=end if start >= 0 else -1,
        quote=exact,
        prefix=_text(quote.get("prefix")),
        suffix=_text(quote.get("suffix")),
        annotator=annotator,
        created_at=_time(item.get("created")),
        updated_at=_time(item.get("modified")),
        claimant=_text(record.get("claimant")),
        claim_date=_text(record.get("claimDate")) or None,
        attribution=_text(record.get("attribution")) or None,
        verdict=_text(record.get("verdict")) or verdict,
        rating_text=_text(record.get("ratingText")),
        rating_value=number("ratingValue"),
        rating_best=number("bestRating"),
        rating_worst=number("worstRating"),
        note=note,
        matter_keys=tuple(u for u in map(from_urn, _as_list(record.get("matters"))) if u),
    )


def _end(value: Any) -> str | None:
    value = next(iter(_as_list(value)), None)
    if isinstance(value, dict):
        value = value.get("source") or _node_id(value)
    return from_urn(value)


def _link(item: dict, problems: list[str]) -> ExchangeLink | None:
    source_id, target_id = _end(item.get("target")), _end(item.get("body"))
    relation = _text(item.get("relation")) or _text(item.get(_OLD_PREFIX + "relation"))
    if not (source_id and target_id and relation):
        problems.append(
            f"{_node_id(item) or 'a link'}: not a link between two annotations factcheck can read; it was left out."
        )
        return None
    return ExchangeLink(from_urn(_node_id(item)), source_id, relation, target_id, _time(item.get("created")))


def read_w3c(data: bytes, name: str) -> ExchangeBundle:
    """The annotations, links and matters of a Web Annotation JSON(-LD) file (ours or another tool's),
    every page of a paged collection included.

    Documents are only pointed at (by 'urn:uuid:' id or URL): they must be in the project already."""
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInputError(f"{name} is not a JSON file: {exc}.") from exc
    except RecursionError:
        raise BadInputError(f"{name} is nested too deeply to be Web Annotations.") from None
    bundle = ExchangeBundle(format="jsonld")
    documents: dict[str, ExchangeDocument] = {}
    seen: dict = {}
    if isinstance(parsed, dict):
        for matter in _dicts(parsed.get("matters", parsed.get(_OLD_PREFIX + "matters"))):
            key, title = from_urn(_node_id(matter)), _text(matter.get("name"))
            if key and title:
                bundle.matters.append(ExchangeMatter(key, title, _text(matter.get("description"))))
    for item in _items(parsed, bundle.problems):
        motivations = _as_list(item.get("motivation"))
        if "linking" in motivations:
            link = _link(item, bundle.problems)
            if link is not None:
                bundle.links.append(link)
            continue
        annotation = _annotation(item, documents, bundle.problems, seen)
        if annotation is not None:
            bundle.annotations.append(annotation)
            bundle.labels.setdefault(annotation.label, "")
    bundle.documents = list(documents.values())
    return bundle
