"""Hypothesis (hypothes.is) annotations: a JSON array whose items its create-annotation API accepts as
they are (uri, document title, a target with quote and position selectors, Markdown text, tags)."""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from factcheck.interchange.atomic import Ticker
from factcheck.interchange.claimreview import verdict_title
from factcheck.interchange.records import ExportSource, format_number
from factcheck.interchange.w3c import safe_uri

#: Hypothesis refuses longer tags.
MAX_TAG = 1000


def document_uri(document) -> str:
    """The article's URL, or a URN naming the document when it has none."""
    return safe_uri(document.url) if document.url else f"urn:x-factcheck:document:{document.id}"


def _markdown(text: str) -> str:
    """Record values as Markdown text: characters Markdown would read as formatting are escaped."""
    return "".join("\\" + ch if ch in "\\`*_{}[]<>#|" else ch for ch in " ".join(text.split()))


def text_of(record, claimant: str) -> str:
    """The note, then the record as a Markdown list."""
    lines = []
    if claimant:
        lines.append(f"- **Claimant:** {_markdown(claimant)}")
    if record.claim_date:
        lines.append(f"- **Claim date:** {record.claim_date}")
    if record.attribution:
        lines.append(f"- **Attribution:** {record.attribution.replace('_', ' ')}")
    if record.verdict != "unverified":
        lines.append(f"- **Verdict:** {verdict_title(record.verdict)}")
    rating = " ".join(record.rating_text.split())
    scale = ""
    if record.rating_value is not None:
        scale = format_number(record.rating_value)
        if record.rating_best is not None:
            scale += f" of {format_number(record.rating_best)}"
    if rating or scale:
        lines.append(f"- **Rating:** {_markdown(rating)}{' (' + scale + ')' if rating and scale else scale}")
    parts = [record.note.strip()] if record.note.strip() else []
    if lines:
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def hypothesis_item(record, document, label: str, claimant: str, matters: list[str]) -> dict[str, Any]:
    uri = document_uri(document)
    tags = [label] + ([record.verdict] if record.verdict != "unverified" else []) + matters
    item: dict[str, Any] = {"uri": uri}
    if document.title:
        item["document"] = {"title": [document.title]}
    item["target"] = [
        {
            "source": uri,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": record.quote,
                    "prefix": record.prefix,
                    "suffix": record.suffix,
                },
                {"type": "TextPositionSelector", "start": record.start, "end": record.end},
            ],
        }
    ]
    item["text"] = text_of(record, claimant)
    item["tags"] = [t[:MAX_TAG] for t in dict.fromkeys(tags) if t.strip()]
    return item


def write_hypothesis(source: ExportSource, out: BinaryIO, ticker: Ticker) -> int:
    """Write the scope's annotations as a JSON array of Hypothesis annotations; returns how many."""
    documents = source.documents_by_id()
    labels = {label.id: label.name for label in source.labels()}
    claimants = {c.id: c.name for c in source.claimants()}
    matter_names = {m.id: m.name for m in source.matters()}
    memberships = source.matter_map()
    out.write(b"[")
    separator = b"\n"
    for record in source.annotations():
        matters = sorted(matter_names.get(m, "") for m in memberships.get(record.id, ()))
        item = hypothesis_item(
            record,
            documents[record.document_id],
            labels[record.label_id],
            claimants.get(record.claimant_id, ""),
            [m for m in matters if m],
        )
        out.write(separator + json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        separator = b",\n"
        ticker.step()
    out.write(b"\n]\n")
    return ticker.done
