"""What a timeline and a chronology show: entries with their claim-date intervals, lanes and links.

Plain dataclasses (no I/O): ``factcheck.services.timeline`` builds them with Core queries; the chronology
report, the timeline view and the picture export read them. They live here rather than in
``factcheck.domain`` only because the report package sits below the services (see pyproject's layers).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from factcheck.domain import (
    Attribution,
    ClaimDate,
    DatePrecision,
    Filters,
    LinkRelation,
    Verdict,
)

DAY_SECONDS = 86_400
#: ``date.toordinal()`` of 1970-01-01: interval ends are seconds since then (UTC), negative before it.
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class LaneBy(StrEnum):
    """What a timeline's lanes stand for."""

    MATTER = "matter"
    CLAIMANT = "claimant"
    DOCUMENT = "document"


class EntryKind(StrEnum):
    """How an entry is drawn: claims and counterclaims differ in shape and colour, other labels share one."""

    CLAIM = "claim"
    COUNTERCLAIM = "counterclaim"
    OTHER = "other"


def day_seconds(day: date) -> float:
    """The first instant of ``day`` (UTC) as seconds since 1970 (works for years 1–9999)."""
    return float((day.toordinal() - _EPOCH_ORDINAL) * DAY_SECONDS)


def seconds_datetime(seconds: float) -> datetime:
    """The UTC datetime ``seconds`` after 1970 (works for years 1–9999, unlike ``fromtimestamp``)."""
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)


def claim_interval(value: ClaimDate) -> tuple[float, float]:
    """The half-open interval [first instant, first instant after) the date covers: a day, a month or a year."""
    first = value.first_day()
    return day_seconds(first), day_seconds(value.last_day()) + DAY_SECONDS


class TimelineEntry(NamedTuple):
    """One annotation on the timeline (or in the report): what it says, who said it, where and when.

    A NamedTuple rather than a frozen dataclass: as immutable, and ten times cheaper to make (10k of them
    per timeline).
    """

    id: str
    document_id: str
    label_name: str
    label_color: str
    kind: EntryKind
    claimant_id: str | None
    claimant_name: str
    #: The quote, cut to a preview (ending in "…") unless the timeline was asked for full texts.
    quote: str
    verdict: Verdict
    attribution: Attribution | None
    rating_text: str
    #: Markdown source; empty unless the timeline was asked for full texts.
    note: str
    #: The effective claim date (the stored one, or the publication day), None when undated.
    date: ClaimDate | None
    #: True when no claim date is stored and the publication date stands in.
    date_is_default: bool
    #: The date's interval [start_s, end_s) in seconds since 1970 UTC; None when undated.
    start_s: float | None
    end_s: float | None
    document_title: str
    document_outlet: str
    document_url: str
    #: The document's publication day ('YYYY-MM-DD', UTC) or None.
    document_date: str | None
    #: Code-point offset of the quote in its document (orders entries of one article).
    offset: int
    matter_ids: tuple[str, ...] = ()
    #: The keys of the lanes it is drawn in (two matters: two lanes).
    lane_keys: tuple[str, ...] = ()

    @property
    def dated(self) -> bool:
        return self.start_s is not None

    @property
    def precision(self) -> DatePrecision | None:
        return None if self.date is None else self.date.precision

    @property
    def first(self) -> datetime | None:
        """The first instant of the claim date's period (UTC)."""
        return None if self.start_s is None else seconds_datetime(self.start_s)

    @property
    def end(self) -> datetime | None:
        """The first instant after the claim date's period (UTC): the interval is [first, end)."""
        return None if self.end_s is None else seconds_datetime(self.end_s)

    @property
    def date_text(self) -> str:
        """'October 2021', '9 December 2021', or 'Undated'."""
        return "Undated" if self.date is None else self.date.display


@dataclass(frozen=True, slots=True)
class TimelineLane:
    """One row of the timeline: a matter, a claimant or a document (or the "No matter" / "No claimant" lane)."""

    key: str
    title: str
    #: Its dated entries in time order.
    entry_ids: tuple[str, ...]
    #: Its undated entries.
    undated_ids: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return len(self.entry_ids) + len(self.undated_ids)


@dataclass(frozen=True, slots=True)
class TimelineLink:
    """``source`` disputes / supports / repeats ``target``."""

    id: str
    source_id: str
    target_id: str
    relation: LinkRelation


@dataclass(frozen=True, slots=True)
class TimelineData:
    """Everything a timeline shows for one set of filters."""

    by: LaneBy
    #: Dated entries in time order (start, then end; a response after what it answers on the same day).
    entries: tuple[TimelineEntry, ...]
    #: Entries with no effective claim date, by article and position: shown apart, never dropped.
    undated: tuple[TimelineEntry, ...]
    lanes: tuple[TimelineLane, ...]
    #: Links whose two ends are both shown.
    links: tuple[TimelineLink, ...]
    filters: Filters = field(default_factory=Filters)
    #: Links from a shown entry to one that is not (filtered out), with those entries: for the report
    #: ("disputes …" must say what, even outside the matter). Filled only when full texts were asked for.
    outside_links: tuple[TimelineLink, ...] = ()
    outside: tuple[TimelineEntry, ...] = ()
    #: The matter the filters name, for titles ("" when none).
    matter_name: str = ""
    matter_description: str = ""

    @property
    def all_entries(self) -> tuple[TimelineEntry, ...]:
        """Dated entries in time order, then the undated ones."""
        return self.entries + self.undated

    def __len__(self) -> int:
        return len(self.entries) + len(self.undated)

    @property
    def span(self) -> tuple[float, float] | None:
        """The first start and the last end of the dated entries (seconds), None when none is dated."""
        if not self.entries:
            return None
        return self.entries[0].start_s, max(e.end_s for e in self.entries)  # type: ignore[return-value,type-var]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while 10k acyclic rows are built (its passes over the heap cost
    a third of the time); it is switched back on, and runs as usual, afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
