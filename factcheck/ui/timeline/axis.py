"""The timeline's time axis: calendar-aligned ticks that adapt from centuries down to hours as you zoom."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from factcheck.reports.data import DAY_SECONDS, day_seconds

HOUR = 3600.0
_AVERAGE = {
    "hour": HOUR,
    "day": DAY_SECONDS,
    "week": 7 * DAY_SECONDS,
    "month": 30.44 * DAY_SECONDS,
    "year": 365.25 * DAY_SECONDS,
}
#: Candidate steps, finest first; the first whose ticks are at least ``min_px`` apart is used.
STEPS = (
    ("hour", 1),
    ("hour", 3),
    ("hour", 6),
    ("hour", 12),
    ("day", 1),
    ("day", 2),
    ("week", 1),
    ("month", 1),
    ("month", 3),
    ("month", 6),
    ("year", 1),
    ("year", 2),
    ("year", 5),
    ("year", 10),
    ("year", 20),
    ("year", 50),
    ("year", 100),
    ("year", 200),
    ("year", 500),
    ("year", 1000),
)
#: The unit of the labelled band above the ticks.
_MAJOR = {"hour": "day", "day": "month", "week": "month", "month": "year"}
_EPOCH = date(1970, 1, 1).toordinal()
MAX_TICKS = 400


@dataclass(frozen=True, slots=True)
class Tick:
    seconds: float
    label: str
    #: A shorter label for when the long one does not fit ("Sep 2021" for "September 2021").
    short: str = ""


def _date_of(seconds: float) -> date:
    ordinal = _EPOCH + math.floor(seconds / DAY_SECONDS)
    return date.fromordinal(min(max(ordinal, 1), date.max.toordinal()))


def choose_step(t0: float, t1: float, width_px: float, min_px: float = 72.0) -> tuple[str, int]:
    px_per_s = width_px / max(t1 - t0, 1.0)
    for unit, n in STEPS:
        if _AVERAGE[unit] * n * px_per_s >= min_px:
            return unit, n
    return STEPS[-1]


def _instants(unit: str, n: int, t0: float, t1: float) -> list[float]:
    """Calendar-aligned instants of ``n`` ``unit``s from the one at or before ``t0`` to ``t1``."""
    out: list[float] = []
    if unit in ("hour", "day", "week"):
        size = {"hour": HOUR, "day": DAY_SECONDS, "week": 7 * DAY_SECONDS}[unit] * n
        # Weeks start on Mondays: 1970-01-01 was a Thursday, 1970-01-05 a Monday.
        offset = 4 * DAY_SECONDS if unit == "week" else 0.0
        t = math.floor((t0 - offset) / size) * size + offset
        while t <= t1 and len(out) < MAX_TICKS:
            out.append(t)
            t += size
        return out
    first = _date_of(t0)
    if unit == "month":
        index = first.year * 12 + first.month - 1
        index -= index % n
        while len(out) < MAX_TICKS:
            year, month = divmod(index, 12)
            if year > 9999:
                break
            t = day_seconds(date(max(year, 1), month + 1, 1))
            if t > t1:
                break
            out.append(t)
            index += n
        return out
    year = first.year - first.year % n
    while len(out) < MAX_TICKS and year <= 9999:
        t = day_seconds(date(max(year, 1), 1, 1))
        if t > t1:
            break
        out.append(t)
        year += n
    return out


def _label(unit: str, seconds: float) -> str:
    if unit == "hour":
        return f"{math.floor(seconds % DAY_SECONDS / HOUR):02d}:00"
    day = _date_of(seconds)
    if unit in ("day", "week"):
        return f"{day:%a} {day.day}"
    if unit == "month":
        return f"{day:%b}"
    return str(day.year)


def _major_labels(unit: str, seconds: float) -> tuple[str, str]:
    day = _date_of(seconds)
    if unit == "day":
        return f"{day:%A} {day.day} {day:%B} {day.year}", f"{day.day} {day:%b}"
    if unit == "month":
        return f"{day:%B} {day.year}", f"{day:%b} {day.year}"
    return str(day.year), str(day.year)


def axis_ticks(t0: float, t1: float, width_px: float) -> tuple[list[Tick], list[Tick]]:
    """(minor ticks with short labels, major boundaries with long labels) for the window [t0, t1]; the first
    major tick is the start of the period holding ``t0`` (its label sticks to the left edge)."""
    unit, n = choose_step(t0, t1, width_px)
    minor = [Tick(t, _label(unit, t)) for t in _instants(unit, n, t0, t1) if t >= t0]
    major_unit = _MAJOR.get(unit)
    if major_unit is None:
        return minor, []
    return minor, [Tick(t, *_major_labels(major_unit, t)) for t in _instants(major_unit, 1, t0, t1)]


def format_instant(seconds: float, *, exact: bool = True) -> str:
    """'9 December 2021', with the time ('9 December 2021 14:05') when ``exact`` and not midnight."""
    day = _date_of(seconds)
    rest = seconds - day_seconds(day)
    text = f"{day.day} {day:%B} {day.year}"
    if exact and rest >= 60:
        text += f" {int(rest // HOUR):02d}:{int(rest % HOUR // 60):02d}"
    return text
