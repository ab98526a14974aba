"""Spreadsheet-safe cells: formula-injection neutralising (and undoing it), reading a CSV back in."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError

#: A cell starting with one of these is neutralised (OWASP "CSV Injection": = + - @ tab and carriage
#: return; we add line feed, NUL and the full-width ＝ ＋ － ＠ that some spreadsheets also evaluate).
TRIGGERS = frozenset("=+-@\t\r\n\x00\uff1d\uff0b\uff0d\uff20")


def neutralise(value: str) -> str:
    """The cell as written: a leading apostrophe when ``value`` begins with a trigger, or with one or more
    apostrophes followed by a trigger (so that :func:`restore` can tell an added apostrophe from a
    typed one: the rule is a bijection). Everything else is written exactly as it is."""
    if not value:
        return value
    first = value[0]
    if first in TRIGGERS:
        return "'" + value
    if first == "'":
        bare = value.lstrip("'")
        if bare and bare[0] in TRIGGERS:
            return "'" + value
    return value


def restore(cell: str) -> str:
    """Undo :func:`neutralise`: one leading apostrophe goes when apostrophes are followed by a trigger."""
    if cell.startswith("'"):
        bare = cell.lstrip("'")
        if bare and bare[0] in TRIGGERS:
            return cell[1:]
    return cell


def read_csv_rows(path: Path | str, required: tuple[str, ...]) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a CSV written by factcheck and perhaps saved again by a spreadsheet.

    UTF-8 with or without BOM (Windows-1252 as a fallback, as Excel's plain "CSV" writes), a comma,
    semicolon or tab as separator (whichever the header uses). Cells are returned as read (apostrophes
    included). Raises BadInputError naming the problem.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BadInputError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    if size > MAX_IMPORT_BYTES * 4:
        raise BadInputError(f"{path.name} is too large to import ({size:,} bytes).")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise BadInputError(f"{path.name} is empty.") from None
    missing = [name for name in required if name not in header]
    if missing:
        raise BadInputError(f"{path.name} is not a factcheck CSV: it has no column {', '.join(missing)}.")
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines spreadsheets leave at the end
            cells = cells + [""] * (len(header) - len(cells))
            rows.append(dict(zip(header, cells, strict=False)))
    except csv.Error as exc:
        raise BadInputError(f"{path.name} is not a readable CSV: {exc}.") from exc
    return header, rows
