"""Read a fact-check archive: CSV or TSV with a header (the first column is the id, whatever its header;
the claim in ``claim``, ``vclaim`` or ``text``; ``title``, ``verdict``, ``url``, ``date`` optional), or
schema.org ClaimReview JSON-LD (an array, one review, an ``@graph`` or a DataFeed)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError

CLAIM_COLUMNS = ("claim", "vclaim", "text")
OPTIONAL_COLUMNS = ("title", "verdict", "url", "date")


@dataclass(frozen=True, slots=True)
class ArchiveRecord:
    """One published fact-check: its id in the file, the claim it checked, and what else the file says."""

    source_id: str
    claim: str
    title: str = ""
    verdict: str = ""
    url: str = ""
    date: str = ""


@dataclass(frozen=True, slots=True)
class ArchiveFile:
    records: list[ArchiveRecord]
    #: Rows left out because they had no claim text.
    skipped: int = 0


def read_archive(path: Path | str) -> ArchiveFile:
    """Every fact-check in the file, checked: ids present and unique; BadInputError says what is wrong."""
    path = Path(path).expanduser()
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise BadInputError(f"{path.name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(f"{path.name} is not UTF-8 text.") from exc
    if path.suffix.lower() in (".json", ".jsonld") or content.lstrip()[:1] in ("[", "{"):
        result = _read_claimreview(content, path.name)
    else:
        result = _read_table(content, path.name, "\t" if _is_tsv(path, content) else ",")
    _check_ids(result.records, path.name)
    if not result.records:
        raise BadInputError(f"{path.name} holds no fact-checks with a claim.")
    return result


def _is_tsv(path: Path, content: str) -> bool:
    if path.suffix.lower() == ".tsv":
        return True
    if path.suffix.lower() == ".csv":
        return False
    header = content.split("\n", 1)[0]
    return header.count("\t") > header.count(",")


def _read_table(content: str, name: str, delimiter: str) -> ArchiveFile:
    csv.field_size_limit(MAX_IMPORT_BYTES)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise BadInputError(f"{name} is empty.") from None
    except csv.Error as exc:
        raise BadInputError(f"{name} is not a readable table: {exc}.") from exc
    columns = [column.strip().casefold() for column in header]
    claim = next((columns.index(c) for c in CLAIM_COLUMNS if c in columns[1:]), None)
    if claim is None:
        raise BadInputError(
            f"{name} has no claim column; name it claim, vclaim or text (the first column is the id)."
        )
    optional = {c: columns.index(c) for c in OPTIONAL_COLUMNS if c in columns[1:]}
    records, skipped = [], 0
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            cells = row + [""] * (len(columns) - len(row))
            text = " ".join(cells[claim].split())
            if not text:
                skipped += 1
                continue
            fields = {key: cells[i].strip() for key, i in optional.items()}
            records.append(ArchiveRecord(cells[0].strip(), text, **fields))
    except csv.Error as exc:
        raise BadInputError(f"{name}, line {reader.line_num}: {exc}.") from exc
    return ArchiveFile(records, skipped)


def _read_claimreview(content: str, name: str) -> ArchiveFile:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise BadInputError(f"{name} is not valid JSON (line {exc.lineno}: {exc.msg}).") from exc
    records, skipped = [], 0
    for position, review in enumerate(_reviews(data), start=1):
        text = " ".join(_text(review.get("claimReviewed")).split())
        if not text:
            skipped += 1
            continue
        rating = review.get("reviewRating")
        verdict = _text(rating.get("alternateName")) if isinstance(rating, dict) else ""
        url = _text(review.get("url"))
        source_id = _text(review.get("identifier")) or _text(review.get("@id")) or url or str(position)
        title = _text(review.get("name")) or _text(review.get("headline"))
        records.append(
            ArchiveRecord(source_id, text, title, verdict, url, _text(review.get("datePublished")))
        )
    if not records and not skipped:
        raise BadInputError(f"{name} holds no ClaimReview items.")
    return ArchiveFile(records, skipped)


def _reviews(node: Any) -> Iterator[dict]:
    """Every ClaimReview object in the document, in order, wherever it is nested."""
    if isinstance(node, list):
        for item in node:
            yield from _reviews(item)
    elif isinstance(node, dict):
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "ClaimReview" in kinds:
            yield node
            return
        for key in ("@graph", "dataFeedElement", "item", "itemListElement"):
            if key in node:
                yield from _reviews(node[key])


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _check_ids(records: list[ArchiveRecord], name: str) -> None:
    seen: set[str] = set()
    for number, record in enumerate(records, start=1):
        if not record.source_id:
            raise BadInputError(f"{name}: fact-check {number} has no id (the first column).")
        if record.source_id in seen:
            raise BadInputError(f"{name}: the id {record.source_id!r} appears twice.")
        seen.add(record.source_id)
