"""Publication times as a researcher types and reads them: ISO dates, with or without time and offset."""

from __future__ import annotations

from datetime import UTC, datetime

from factcheck.domain import BadInputError

DATE_HINT = "e.g. 2021-12-09 16:39 -08:00, or 2021-12-09; empty when unknown"


def format_published(value: datetime | None) -> str:
    """A publication time as the researcher's local time with its offset (round-trips through parse)."""
    if value is None:
        return ""
    utc = value.astimezone(UTC)
    if (utc.hour, utc.minute, utc.second) == (0, 0, 0):
        return utc.strftime("%Y-%m-%d")  # a date without a time is stored as midnight UTC
    return value.astimezone().strftime("%Y-%m-%d %H:%M %z")


def parse_published(text: str) -> datetime | None:
    """Parse what the researcher typed; a date alone is midnight UTC, a time without zone is local time."""
    text = text.strip()
    if not text:
        return None
    candidates = [text, text.replace(" ", "T", 1)]
    for candidate in candidates:
        for variant in (candidate, _colon_offset(candidate)):
            try:
                value = datetime.fromisoformat(variant)
            except ValueError:
                continue
            if len(text) <= 10:
                return value.replace(tzinfo=UTC)
            return value if value.tzinfo else value.astimezone()
    raise BadInputError(f"“{text}” is not a date; write it like 2021-12-09 or 2021-12-09 16:39 -08:00.")


def _colon_offset(text: str) -> str:
    """'2021-12-09T16:39 -0800' → '2021-12-09T16:39-08:00'."""
    parts = text.rsplit(" ", 1)
    if len(parts) == 2 and len(parts[1]) == 5 and parts[1][0] in "+-" and parts[1][1:].isdigit():
        return f"{parts[0]}{parts[1][:3]}:{parts[1][3:]}"
    return text
