"""Spreadsheet-safe cells: formula-injection neutralising (and undoing it), reading a CSV back in."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import NamedTuple

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


class CsvRows(NamedTuple):
    header: list[str]
    rows: list[dict[str, str]]
    #: The separator the file uses (a spreadsheet set to a European locale writes ';').
    delimiter: str
    #: 'utf-8', or 'cp1252' for Excel's plain "CSV" (ANSI) save, which writes '?' for what it can't encode.
    encoding: str


def read_csv_rows(path: Path | str, required: tuple[str, ...]) -> CsvRows:
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
    encoding = "utf-8"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding = "cp1252"
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
    return CsvRows(header, rows, delimiter, encoding)


_NUMBER = re.compile(r"[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?%?")


def _as_number(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    scale = 100.0 if text.endswith("%") else 1.0
    try:
        return float(text.rstrip("%").replace(",", ".")) / scale
    except ValueError:
        return None


def spreadsheet_same(cell: str, stored: str) -> bool:
    """True when a spreadsheet merely reformatted ``stored`` into ``cell``: 'false' shown back as FALSE,
    '87%' as '87.00%', '3' as '3.0' — no change a person made."""
    if cell == stored:
        return True
    if cell.strip().upper() in ("TRUE", "FALSE") and cell.strip().lower() == stored.strip().lower():
        return True
    a, b = _as_number(cell), _as_number(stored)
    return a is not None and b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _cp1252(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def outside_cp1252(text: str) -> bool:
    """True when ``text`` holds characters Windows-1252 (Excel's ANSI "CSV") cannot write."""
    return not text.isascii() and not all(_cp1252(ch) for ch in text)


def lost_characters(cell: str, stored: str) -> bool:
    """True when ``cell`` is ``stored`` with the characters Windows-1252 cannot hold written as '?'
    (one, or two for an emoji), as Excel's plain "CSV" save does."""
    if "?" not in cell or not outside_cp1252(stored):
        return False
    pattern = "".join(re.escape(ch) if _cp1252(ch) else r"\?{1,2}" for ch in stored.replace("\r\n", "\n"))
    return re.fullmatch(pattern, cell.replace("\r\n", "\n")) is not None
