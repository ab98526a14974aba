"""Publication dates as sites print them ("December 9, 2021 at 4:39 PM PST") or tag them (ISO 8601)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # December 9, 2021
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),  # 9 December 2021
    re.compile(rf"\b{_YEAR}-(?P<month>[01]?\d)-{_DAY}\b"),  # 2021-12-09
    re.compile(rf"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/{_YEAR}\b"),  # 12/9/2021 (only when unambiguous)
)
_TIME = re.compile(
    r"(?<![\d:.])(?P<hour>[0-2]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*"
    r"(?P<ampm>[ap]\.?\s?m\b\.?)?",
    re.IGNORECASE,
)
_FIXED_ZONES = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
}
# Zones named without standard/daylight: the offset depends on the date.
_REGION_ZONES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
_ZONE = re.compile(
    r"\s*\(?(?P<zone>" + "|".join(sorted([*_FIXED_ZONES, *_REGION_ZONES], key=len, reverse=True)) + r")\b"
    r"(?:\s*(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d\d))?)?\)?"
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in text, with the span it (and any time and zone) covers."""

    value: datetime
    start: int
    end: int
    has_time: bool


def find_datetime(text: str) -> FoundDate | None:
    """Find the first printed date in `text`, with a time and zone if they follow (or precede) it.

    A date with a time and a known zone gives that exact instant. A date alone, or a time whose zone is not
    given, gives midnight UTC of that calendar date: an honest date without an invented clock time.
    """
    found = _first_date(text)
    if found is None:
        return None
    day, start, end = found
    clock = _find_time(text, end) or _find_time(text, 0, before=start)
    if clock is not None:
        at, zone, t_start, t_end = clock
        if zone is not None:
            local = datetime.combine(day, at)
            aware = local.replace(tzinfo=zone)
            # Keep the article's own offset: its calendar day of publication is the day it was there.
            return FoundDate(aware, min(start, t_start), max(end, t_end), True)
    return FoundDate(datetime.combine(day, time(), tzinfo=UTC), start, end, False)


def parse_iso_datetime(value: str) -> datetime | None:
    """Parse an ISO 8601 timestamp (as in meta tags); without an offset, keep only its date (UTC midnight)."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        found = find_datetime(value)
        return found.value if found else None
    if parsed.tzinfo is None:
        return datetime.combine(parsed.date(), time(), tzinfo=UTC)
    return parsed  # with its own offset (the store keeps the instant in UTC and the day as published)


def _first_date(text: str) -> tuple[date, int, int] | None:
    best: tuple[date, int, int] | None = None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[1]:
                break
            day = _date_from(match)
            if day is not None:
                best = (day, match.start(), match.end())
                break
    return best


def _date_from(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("a") is not None:
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            return None  # 03/04/2021: month-first or day-first cannot be told apart.
    else:
        raw = groups["month"]
        month = int(raw) if raw.isdigit() else _MONTHS[raw[:3].lower()]
        day = int(groups["day"])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _find_time(
    text: str, pos: int, *, before: int | None = None
) -> tuple[time, tzinfo | None, int, int] | None:
    """A clock time near a date: right after it (pos=end), or anywhere before it (before=start)."""
    if before is None:
        # Allow "at", ",", "|", "-" or "@" between the date and the time.
        gap = re.compile(r"[\s,|@·•–—-]*(?:at\s+)?", re.IGNORECASE).match(text, pos)
        assert gap is not None
        candidates = [_TIME.match(text, gap.end())]
    else:
        candidates = list(_TIME.finditer(text, pos, before))
    for match in candidates:
        if match is None or not (match["minute"] or match["ampm"]):
            continue
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if match["ampm"]:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if match["ampm"][0].lower() == "p" else 0)
        elif hour > 23:
            continue
        zone_match = _ZONE.match(text, match.end())
        zone = _zone(zone_match) if zone_match else None
        end = zone_match.end() if zone_match and zone is not None else match.end()
        return time(hour, minute), zone, match.start(), end
    return None


def _zone(match: re.Match[str]) -> tzinfo | None:
    name = match["zone"]
    if name in _REGION_ZONES:
        try:
            from zoneinfo import ZoneInfo

            return ZoneInfo(_REGION_ZONES[name])
        except (ImportError, LookupError, OSError):
            return None
    offset = timedelta(hours=_FIXED_ZONES[name])
    if match["sign"]:
        sign = 1 if match["sign"] == "+" else -1
        offset = sign * timedelta(hours=int(match["hours"]), minutes=int(match["minutes"] or 0))
    return timezone(offset) if offset else UTC
