"""Reading W3C Web Annotation (JSON-LD) files — factcheck's own or another tool's, every page of a paged
collection — into an ExchangeBundle; every value's shape is checked before use."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from factcheck.domain import BadInputError
from factcheck.interchange.records import (
    ExchangeAnnotation,
    ExchangeBundle,
    ExchangeDocument,
    ExchangeLink,
    ExchangeMatter,
    parse_timestamp,
)
from factcheck.interchange.w3c import OLD_PREFIX, from_urn


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
    for key in ("record", OLD_PREFIX + "record"):
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
    relation = _text(item.get("relation")) or _text(item.get(OLD_PREFIX + "relation"))
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
        for matter in _dicts(parsed.get("matters", parsed.get(OLD_PREFIX + "matters"))):
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
