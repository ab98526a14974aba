"""The annotations CSV: one row per annotation in stable, documented columns, with readable matter names
and linked quotes beside the ids (README: "CSV columns")."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from factcheck.interchange.atomic import Ticker
from factcheck.interchange.records import ExportSource, format_number, iso_timestamp
from factcheck.interchange.spreadsheet import TRIGGERS, neutralise

COLUMNS = (
    "annotation_id",
    "document_id",
    "document_title",
    "outlet",
    "author",
    "url",
    "published_at",
    "published_day",
    "label",
    "quote",
    "start",
    "end",
    "prefix",
    "suffix",
    "claimant",
    "claim_date",
    "claim_date_precision",
    "attribution",
    "verdict",
    "rating_text",
    "rating_value",
    "rating_best",
    "rating_worst",
    "matters",
    "matter_names",
    "disputes",
    "disputes_quotes",
    "disputed_by",
    "disputed_by_quotes",
    "supports",
    "supports_quotes",
    "supported_by",
    "supported_by_quotes",
    "repeats",
    "repeats_quotes",
    "repeated_by",
    "repeated_by_quotes",
    "note",
    "annotator",
    "created_at",
    "updated_at",
)
#: Columns whose text a researcher typed or a page supplied: these are neutralised against formulas.
TEXT_COLUMNS = frozenset(
    {
        "document_title",
        "outlet",
        "author",
        "url",
        "label",
        "quote",
        "prefix",
        "suffix",
        "claimant",
        "rating_text",
        "matter_names",
        "note",
        "annotator",
    }
)
#: Columns for people only (names and quotes beside the ids); a CSV read back in ignores them.
READABLE_COLUMNS = frozenset({"matter_names", *(c for c in COLUMNS if c.endswith("_quotes"))})
#: What a CSV must have to be read back in.
REQUIRED_COLUMNS = ("annotation_id", "document_id", "quote", "start", "end", "updated_at")
#: The link columns in order: (relation, outgoing?) → its place among the twelve link cells.
_SLOTS = {
    ("disputes", True): 0,
    ("disputes", False): 1,
    ("supports", True): 2,
    ("supports", False): 3,
    ("repeats", True): 4,
    ("repeats", False): 5,
}
#: Characters of the other annotation's quote a *_quotes cell shows.
QUOTE_CHARS = 60


def short_quote(quote: str, title: str) -> str:
    """'“the bridge cost =2+2 million” (Bridge costs)': the quote on one line, cut at QUOTE_CHARS."""
    flat = " ".join(quote[: 4 * QUOTE_CHARS].split())
    if len(flat) > QUOTE_CHARS:
        flat = flat[: QUOTE_CHARS - 1].rstrip() + "…"
    return f"“{flat}” ({title})" if title else f"“{flat}”"


def _link_cells(source: ExportSource) -> dict[str, list[str]]:
    """The twelve link cells (ids, then readable quotes, per relation and direction) of every annotation
    with links, from one pass over the links (sorted by the other annotation's id, as before)."""
    found: dict[str, list[list[tuple[str, str]]]] = {}
    titles: dict[str, str] = {}  # each title flattened once
    for (
        _id,
        source_id,
        relation,
        target_id,
        _created,
        source_quote,
        target_quote,
        source_title,
        target_title,
    ) in source.links(both_ends=False, quote_chars=4 * QUOTE_CHARS):
        for mine, other, slot, quote, title in (
            (source_id, target_id, _SLOTS[relation, True], target_quote, target_title),
            (target_id, source_id, _SLOTS[relation, False], source_quote, source_title),
        ):
            slots = found.get(mine)
            if slots is None:
                slots = found[mine] = [[], [], [], [], [], []]
            flat = titles.get(title)
            if flat is None:
                flat = titles[title] = " ".join(title.split())
            slots[slot].append((other, short_quote(quote, flat)))
    cells: dict[str, list[str]] = {}
    empty = ("", "")
    for annotation_id, slots in found.items():
        row: list[str] = []
        for pairs in slots:
            if not pairs:
                row += empty
                continue
            if len(pairs) > 1:
                pairs.sort()
            row.append(";".join(other for other, _ in pairs))
            row.append("\n".join(text for _, text in pairs))
        cells[annotation_id] = row
    return cells


class _Numbers(dict):
    """Ratings as written, formatted on first sight."""

    def __missing__(self, value: float | None) -> str:
        text = self[value] = format_number(value)
        return text


def _cells(source: ExportSource, ticker: Ticker) -> Iterator[list]:
    t = tuple(TRIGGERS | {"'"})  # first characters of cells that may need neutralise()
    n = neutralise
    step = ticker.step
    documents = {
        d.id: [
            n(d.title),
            n(d.outlet),
            n(d.author),
            n(d.url),
            iso_timestamp(d.published_at),
            d.published_day or "",
        ]
        for d in source.documents()
    }
    labels = {label.id: n(label.name) for label in source.labels()}
    claimants = {c.id: n(c.name) for c in source.claimants()}
    claimants[None] = ""
    names = {m.id: m.name for m in source.matters()}
    matter_cells = {
        annotation_id: [";".join(ids), n("; ".join(names.get(m, "") for m in ids))]
        for annotation_id, ids in source.matter_map().items()
    }
    link_cells = _link_cells(source)
    no_matters = ["", ""]
    no_links = [""] * 12
    numbers = _Numbers()  # ratings take few distinct values: each is formatted once

    for (
        annotation_id,
        document_id,
        label_id,
        start,
        end,
        quote,
        prefix,
        suffix,
        claimant_id,
        claim_date,
        precision,
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
    ) in source.annotation_tuples():
        yield [
            annotation_id,
            document_id,
            *documents[document_id],
            labels[label_id],
            n(quote) if quote.startswith(t) else quote,
            start,
            end,
            n(prefix) if prefix.startswith(t) else prefix,
            n(suffix) if suffix.startswith(t) else suffix,
            claimants[claimant_id],
            claim_date or "",
            precision or "",
            attribution or "",
            verdict,
            n(rating_text) if rating_text.startswith(t) else rating_text,
            numbers[rating_value],
            numbers[rating_best],
            numbers[rating_worst],
            *matter_cells.get(annotation_id, no_matters),
            *link_cells.get(annotation_id, no_links),
            n(note) if note.startswith(t) else note,
            n(annotator) if annotator.startswith(t) else annotator,
            created_at,
            updated_at,
        ]
        step()


def write_annotations_csv(source: ExportSource, out: BinaryIO, ticker: Ticker, *, bom: bool = True) -> int:
    """Write the scope's annotations to ``out`` as CSV (RFC 4180 quoting, CRLF row ends); returns the rows.

    ``bom`` (the default) starts the file with a UTF-8 byte-order mark, which Excel needs to read UTF-8.
    Text cells are neutralised against formula injection (see :mod:`factcheck.interchange.spreadsheet`).
    """
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if bom else "utf-8", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_cells(source, ticker))
    text.flush()
    text.detach()
    return ticker.done
