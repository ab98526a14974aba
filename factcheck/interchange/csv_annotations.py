"""The annotations CSV: one row per annotation in stable, documented columns (README: "CSV columns")."""

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
    "disputes",
    "disputed_by",
    "supports",
    "supported_by",
    "repeats",
    "repeated_by",
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
        "note",
        "annotator",
    }
)
#: What a CSV must have to be read back in.
REQUIRED_COLUMNS = ("annotation_id", "document_id", "quote", "start", "end", "updated_at")

_INVERSE = {"disputes": "disputed_by", "supports": "supported_by", "repeats": "repeated_by"}


def _links(out: str | None, incoming: str | None) -> dict[str, list[str]]:
    """{'disputes': [ids], 'disputed_by': [ids], …} from the 'relation id;…' strings of a record."""
    found: dict[str, list[str]] = {}
    for pairs, inverse in ((out, False), (incoming, True)):
        if not pairs:
            continue
        for pair in pairs.split(";"):
            relation, _, other = pair.partition(" ")
            found.setdefault(_INVERSE[relation] if inverse else relation, []).append(other)
    return found


def _cells(source: ExportSource, ticker: Ticker) -> Iterator[list]:
    t = TRIGGERS | {"'"}  # first characters of cells that may need neutralise()
    n = neutralise
    step = ticker.step
    documents = {
        d.id: [n(d.title), n(d.outlet), n(d.author), n(d.url), iso_timestamp(d.published_at)]
        for d in source.documents()
    }
    labels = {label.id: n(label.name) for label in source.labels()}
    claimants = {c.id: n(c.name) for c in source.claimants()}
    claimants[None] = ""
    no_links = ["", "", "", "", "", ""]
    numbers: dict[float | None, str] = {None: ""}  # ratings take few distinct values

    def number(value: float | None) -> str:
        if value not in numbers:
            numbers[value] = format_number(value)
        return numbers[value]

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
        matters,
        links_out,
        links_in,
        note,
        annotator,
        created_at,
        updated_at,
        _status,
    ) in source.annotations():
        if links_out or links_in:
            links = _links(links_out, links_in)
            related = [";".join(sorted(links.get(column, ()))) for column in COLUMNS[23:29]]
        else:
            related = no_links
        yield [
            annotation_id,
            document_id,
            *documents[document_id],
            labels[label_id],
            n(quote) if quote[:1] in t else quote,
            start,
            end,
            n(prefix) if prefix[:1] in t else prefix,
            n(suffix) if suffix[:1] in t else suffix,
            claimants[claimant_id],
            claim_date or "",
            precision or "",
            attribution or "",
            verdict,
            n(rating_text) if rating_text[:1] in t else rating_text,
            number(rating_value),
            number(rating_best),
            number(rating_worst),
            (";".join(sorted(matters.split(","))) if "," in matters else matters) if matters else "",
            *related,
            n(note) if note[:1] in t else note,
            n(annotator) if annotator[:1] in t else annotator,
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
