"""The timeline laid out: lanes, rows, the time window, where each mark is, and what a frame draws.

No widget here: the view (``view``) and the picture export (``render``) both hold a
scene and paint it with ``paint``, so a picture is exactly what the view shows.

Time runs left to right in seconds since 1970 (UTC). Each lane keeps its marks in time-sorted arrays per
date precision (a day, a month, a year: each with a longest span), so the marks in a window are found by
bisection, never by a scan of all of them. Where more marks are in view than a frame can draw one by one
(10k at "fit all"), a lane is drawn as a density strip, counted by bisection too.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF

from factcheck.domain import Verdict
from factcheck.reports.data import DAY_SECONDS, EntryKind, LaneBy, TimelineData, day_seconds, gc_paused
from factcheck.ui.timeline.axis import format_instant
from factcheck.ui.timeline.style import (
    AXIS_H,
    CROWD_PX,
    GUTTER_W,
    LANE_PAD,
    LEGEND_H,
    MARK_BUDGET,
    MARK_R,
    MAX_LANE_H,
    MAX_ROWS,
    MAX_SPAN_S,
    MIN_LANE_H,
    MIN_SPAN_S,
    PRECISION_SPAN,
    PRECISIONS,
    RIGHT_PAD,
    ROW_H,
    T_MAX,
    T_MIN,
    UNDATED_H,
    UNDATED_PITCH,
    Mark,
    make_font,
)

EMPTY = TimelineData(LaneBy.MATTER, (), (), (), ())


class Lane:
    """A lane as laid out: its place in the content (``top``, ``height``) and its marks, indexed by time."""

    __slots__ = ("key", "title", "top", "height", "rows", "groups", "centres", "count", "undated")

    def __init__(self, key: str, title: str, undated: int) -> None:
        self.key = key
        self.title = title
        self.top = 0.0
        self.height = MIN_LANE_H
        self.rows = 1
        #: Per precision, longest first: (its longest span, sorted starts, the marks in that order).
        self.groups: list[tuple[float, list[float], list[Mark]]] = []
        #: Per kind: the sorted centres of its marks (density strips count these).
        self.centres: dict[EntryKind, list[float]] = {}
        self.count = 0
        self.undated = undated


@dataclass(frozen=True, slots=True)
class Frame:
    """What one paint draws: the lanes in view, the marks drawn one by one, the lanes drawn as density."""

    lanes: range
    marks: dict[int, list[Mark]]
    dense: frozenset[int]

    @property
    def mark_count(self) -> int:
        return sum(len(m) for m in self.marks.values())


class TimelineScene:
    """The timeline for a size (logical pixels) and a time window [t0, t1) in seconds."""

    def __init__(self, data: TimelineData | None = None, *, width: float = 1000, height: float = 400) -> None:
        self.width = float(width)
        self.height = float(height)
        self.t0 = 0.0
        self.t1 = 365.25 * DAY_SECONDS
        self.scroll_y = 0.0
        #: Draw a legend along the bottom (pictures have one; the panel shows its own).
        self.legend = False
        self.data = EMPTY
        self.lanes: list[Lane] = []
        self.marks: dict[str, list[Mark]] = {}
        self.undated_marks: list[Mark] = []
        self.undated_offset = 0
        #: Entry ids in time order, the undated last: the keyboard's path.
        self.order: list[str] = []
        #: (earliest centre, latest centre, source mark, target mark, relation), by earliest centre.
        self.links: list[tuple[float, float, Mark, Mark, str]] = []
        self.link_starts: list[float] = []
        self.links_of: dict[str, list[tuple[Mark, Mark, str]]] = {}
        self.font = make_font(12)
        self.small = make_font(11)
        self.title_font = make_font(12, bold=True)
        self.badge_font = make_font(9, bold=True)
        self._frame_key: tuple | None = None
        self._frame: Frame | None = None
        self.retired: tuple = ()
        self.set_data(data or EMPTY)
        self.release()

    # --- Data -------------------------------------------------------------------------------------------

    def set_data(self, data: TimelineData) -> None:
        """Lay out ``data``; rows within lanes are fixed here, so marks do not jump while zooming.

        What the previous data took is kept in ``retired`` until :meth:`release` (the view calls it after
        painting): freeing 10k entries and their marks costs ~30 ms a frame need not wait for.
        """
        self.retired = (self.data, self.lanes, self.marks, self.undated_marks, self.links, self.links_of)
        with gc_paused():
            self._set_data(data)

    def release(self) -> None:
        """Free what the previous data took (see :meth:`set_data`)."""
        self.retired = ()

    def _set_data(self, data: TimelineData) -> None:
        self.data = data
        lane_index = {lane.key: i for i, lane in enumerate(data.lanes)}
        self.lanes = [Lane(lane.key, lane.title, len(lane.undated_ids)) for lane in data.lanes]
        marks_of: dict[str, list[Mark]] = {}
        self.marks = marks_of
        per_lane: list[list[Mark]] = [[] for _ in self.lanes]
        for entry in data.entries:
            keys = entry.lane_keys
            if len(keys) == 1:  # the common case, kept lean: 10k of these per timeline
                mark = Mark(entry, lane_index[keys[0]])
                per_lane[mark.lane].append(mark)
                marks_of[entry.id] = [mark]
                continue
            for key in sorted(keys, key=lane_index.__getitem__):  # top lane first
                mark = Mark(entry, lane_index[key])
                per_lane[mark.lane].append(mark)
                marks_of.setdefault(entry.id, []).append(mark)
        span = data.span
        # Marks closer than a mark's width at the "fit all" scale of a 1000-pixel plot go on separate rows.
        gap = 0.0 if span is None else max(span[1] - span[0], DAY_SECONDS) / 1000 * (2 * MARK_R + 6)
        for lane, marks in zip(self.lanes, per_lane, strict=True):
            lane.rows = _assign_rows(marks, gap)
            lane.count = len(marks)
            groups: dict[object, list[Mark]] = {}
            centres: dict[EntryKind, list[float]] = {}
            for m in marks:  # marks come in time order: each group's starts are sorted
                group = groups.get(m.precision)
                if group is None:
                    group = groups[m.precision] = []
                group.append(m)
                kind = m.entry.kind
                kind_centres = centres.get(kind)
                if kind_centres is None:
                    kind_centres = centres[kind] = []
                kind_centres.append(m.centre)
            lane.groups = [
                (PRECISION_SPAN[p], [m.s0 for m in groups[p]], groups[p]) for p in PRECISIONS if p in groups
            ]
            for kind_centres in centres.values():
                kind_centres.sort()
            lane.centres = centres
        self.undated_marks = []
        for i, entry in enumerate(data.undated):
            mark = Mark(entry, lane_index.get(entry.lane_keys[0], 0) if entry.lane_keys else 0, undated_i=i)
            self.undated_marks.append(mark)
            self.marks.setdefault(entry.id, []).append(mark)
        self.undated_offset = 0
        self.order = [e.id for e in data.entries] + [e.id for e in data.undated]
        self.links = []
        self.links_of = {}
        for link in data.links:
            ends = self._link_ends(link.source_id, link.target_id)
            if ends is None:
                continue
            a, b = ends
            ca = a.centre if a.centre is not None else -math.inf
            cb = b.centre if b.centre is not None else -math.inf
            self.links.append((min(ca, cb), max(ca, cb), a, b, link.relation.value))
            for end in (link.source_id, link.target_id):
                self.links_of.setdefault(end, []).append((a, b, link.relation.value))
        self.links.sort(key=lambda item: item[0])
        self.link_starts = [item[0] for item in self.links]
        self.layout()

    def _link_ends(self, source: str, target: str) -> tuple[Mark, Mark] | None:
        """The marks a link joins: in one lane when the two share one, else each one's first mark."""
        sources, targets = self.marks.get(source), self.marks.get(target)
        if not sources or not targets:
            return None
        for a in sources:
            for b in targets:
                if a.lane == b.lane and a.undated_i < 0 and b.undated_i < 0:
                    return a, b
        return sources[0], targets[0]

    # --- Size, window, scrolling ----------------------------------------------------------------------------

    def resize(self, width: float, height: float) -> None:
        self.width, self.height = float(width), float(height)
        self.layout()

    @property
    def plot_left(self) -> float:
        return GUTTER_W

    @property
    def plot_right(self) -> float:
        return max(self.width - RIGHT_PAD, GUTTER_W + 40)

    @property
    def plot_width(self) -> float:
        return self.plot_right - self.plot_left

    @property
    def undated_top(self) -> float:
        """Where the undated strip begins (the bottom of the lanes when there is none)."""
        return self.height - (LEGEND_H if self.legend else 0.0) - (UNDATED_H if self.undated_marks else 0.0)

    @property
    def lanes_height(self) -> float:
        return max(self.undated_top - AXIS_H, 0.0)

    @property
    def content_height(self) -> float:
        return sum(lane.height for lane in self.lanes)

    def natural_height(self) -> float:
        """The height that shows every lane without scrolling (a "fit all" picture)."""
        lanes = sum(_natural_height(lane) for lane in self.lanes)
        extra = (UNDATED_H if self.undated_marks else 0.0) + (LEGEND_H if self.legend else 0.0)
        return AXIS_H + max(lanes, MIN_LANE_H) + extra

    def layout(self) -> None:
        """Each lane as tall as its rows; room to spare is shared out (up to a limit)."""
        natural = [_natural_height(lane) for lane in self.lanes]
        room = self.lanes_height - sum(natural)
        extra = room / len(natural) if natural and room > 0 else 0.0
        top = 0.0
        for lane, height in zip(self.lanes, natural, strict=True):
            lane.height = max(height, min(height + extra, MAX_LANE_H))
            lane.top = top
            top += lane.height
        self.scroll_y = self._clamp_scroll(self.scroll_y)

    def _clamp_scroll(self, value: float) -> float:
        return min(max(value, 0.0), max(self.content_height - self.lanes_height, 0.0))

    def scroll_by(self, dy: float) -> None:
        self.scroll_y = self._clamp_scroll(self.scroll_y + dy)

    def set_window(self, t0: float, t1: float) -> None:
        """Show [t0, t1] (kept between 2 hours and 3000 years wide, within years 1–9999)."""
        span = min(max(t1 - t0, MIN_SPAN_S), MAX_SPAN_S)
        start = min(max((t0 + t1) / 2 - span / 2, T_MIN), T_MAX - span)
        self.t0, self.t1 = start, start + span

    def fit_all(self) -> None:
        """Show every dated entry with a margin (a year around today when none is dated); top lane first."""
        span = self.data.span
        if span is None:
            today = day_seconds(date.today())
            self.set_window(today - 180 * DAY_SECONDS, today + 185 * DAY_SECONDS)
        else:
            first, last = span
            width = max(last - first, 2 * DAY_SECONDS)
            # 6 % each side, plus room for a mark's half and a caption's start at the ends.
            margin = width * 0.06 + 24 * width / max(self.plot_width - 48, 100)
            self.set_window(first - margin, first + width + margin)
        self.scroll_y = 0.0

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom in (``factor`` > 1) or out, keeping the time under ``anchor_x`` (default: the middle) put."""
        if anchor_x is None:
            anchor_x = (self.plot_left + self.plot_right) / 2
        anchor_x = min(max(anchor_x, self.plot_left), self.plot_right)
        anchor = self.t_for(anchor_x)
        span = min(max((self.t1 - self.t0) / factor, MIN_SPAN_S), MAX_SPAN_S)
        start = anchor - (anchor_x - self.plot_left) / self.plot_width * span
        start = min(max(start, T_MIN), T_MAX - span)
        self.t0, self.t1 = start, start + span

    def pan(self, dx: float) -> None:
        """Drag the picture ``dx`` pixels to the right (earlier times come into view)."""
        span = self.t1 - self.t0
        start = min(max(self.t0 - dx * span / self.plot_width, T_MIN), T_MAX - span)
        self.t0, self.t1 = start, start + span

    def centre_on(self, mark: Mark) -> None:
        """Pan (and scroll) so ``mark`` is in view; do nothing when it already is."""
        if mark.undated_i >= 0:
            self.reveal_undated(mark)
            return
        x = self.x_for(mark.centre)
        if not self.plot_left + 2 * MARK_R <= x <= self.plot_right - 2 * MARK_R:
            self.pan((self.plot_left + self.plot_right) / 2 - x)
        lane = self.lanes[mark.lane]
        y = self.row_y(lane, mark.row) - AXIS_H
        if y < ROW_H / 2 or y > self.lanes_height - ROW_H / 2:
            self.scroll_y = self._clamp_scroll(lane.top - max(self.lanes_height - lane.height, 0) / 2)

    # --- Geometry -------------------------------------------------------------------------------------------

    def x_for(self, seconds: float) -> float:
        return self.plot_left + (seconds - self.t0) * self.plot_width / (self.t1 - self.t0)

    def t_for(self, x: float) -> float:
        return self.t0 + (x - self.plot_left) * (self.t1 - self.t0) / self.plot_width

    def seconds_per_pixel(self) -> float:
        return (self.t1 - self.t0) / self.plot_width

    def lane_rect(self, index: int) -> QRectF:
        lane = self.lanes[index]
        return QRectF(0, AXIS_H + lane.top - self.scroll_y, self.width, lane.height)

    def row_y(self, lane: Lane, row: int) -> float:
        block = min(lane.rows, MAX_ROWS) * ROW_H
        top = AXIS_H + lane.top - self.scroll_y + (lane.height - block) / 2
        return top + (row + 0.5) * ROW_H

    def mark_center(self, mark: Mark) -> QPointF:
        """Where the mark is drawn: at the middle of its period — kept inside the view on the visible part
        of its bar when the middle of a long period (a month, a year) is out of view."""
        if mark.undated_i >= 0:
            slot = mark.undated_i - self.undated_offset
            return QPointF(self.plot_left + 16 + slot * UNDATED_PITCH, self.undated_top + UNDATED_H / 2)
        x = self.x_for(mark.centre)
        if not self.plot_left + MARK_R + 2 <= x <= self.plot_right - MARK_R - 2:
            lo = max(self.plot_left + MARK_R + 2, self.x_for(mark.s0))
            hi = min(self.plot_right - MARK_R - 2, self.x_for(mark.s1))
            if lo <= hi:
                x = min(max(x, lo), hi)
        return QPointF(x, self.row_y(self.lanes[mark.lane], mark.row))

    def mark_rect(self, mark: Mark) -> QRectF:
        c = self.mark_center(mark)
        return QRectF(c.x() - MARK_R, c.y() - MARK_R, 2 * MARK_R, 2 * MARK_R)

    def bar_rect(self, mark: Mark) -> QRectF:
        """The bar across a month's or a year's period (a day's too, when zoomed in far enough)."""
        y = self.row_y(self.lanes[mark.lane], mark.row)
        x0, x1 = self.x_for(mark.s0), self.x_for(mark.s1)
        return QRectF(x0, y - MARK_R + 2, max(x1 - x0, 1.0), 2 * MARK_R - 4)

    def undated_capacity(self) -> int:
        return max(int((self.plot_width - 110) // UNDATED_PITCH), 1)

    def reveal_undated(self, mark: Mark) -> None:
        capacity = self.undated_capacity()
        if mark.undated_i < self.undated_offset:
            self.undated_offset = mark.undated_i
        elif mark.undated_i >= self.undated_offset + capacity:
            self.undated_offset = mark.undated_i - capacity + 1

    def lane_at(self, y: float) -> int | None:
        if y < AXIS_H or y >= self.undated_top:
            return None
        content_y = y - AXIS_H + self.scroll_y
        tops = [lane.top for lane in self.lanes]
        i = bisect_right(tops, content_y) - 1
        if 0 <= i < len(self.lanes) and content_y < self.lanes[i].top + self.lanes[i].height:
            return i
        return None

    def visible_lanes(self) -> range:
        top, bottom = self.scroll_y, self.scroll_y + self.lanes_height
        first = bisect_right([lane.top + lane.height for lane in self.lanes], top)
        last = first
        while last < len(self.lanes) and self.lanes[last].top < bottom:
            last += 1
        return range(first, last)

    def visible_marks(self, lane_index: int, margin_px: float = MARK_R + 2) -> list[Mark]:
        """The lane's marks whose mark or bar reaches into the window (bisection per precision)."""
        lane = self.lanes[lane_index]
        pad = margin_px * self.seconds_per_pixel()
        lo_t, hi_t = self.t0 - pad, self.t1 + pad
        found = []
        for longest, starts, marks in lane.groups:
            for mark in marks[bisect_left(starts, lo_t - longest) : bisect_right(starts, hi_t)]:
                if mark.s1 > lo_t:
                    found.append(mark)
        return found

    def count_visible(self, lane_index: int) -> int:
        pad = (MARK_R + 2) * self.seconds_per_pixel()
        lo_t, hi_t = self.t0 - pad, self.t1 + pad
        return sum(
            bisect_right(c, hi_t) - bisect_left(c, lo_t) for c in self.lanes[lane_index].centres.values()
        )

    def frame(self) -> Frame:
        """The lanes in view; which are drawn mark by mark (fewest marks first, within MARK_BUDGET) and
        which as density strips."""
        key = (self.t0, self.t1, self.scroll_y, self.width, self.height, id(self.data), self.undated_offset)
        if self._frame is not None and self._frame_key == key:
            return self._frame
        lanes = self.visible_lanes()
        counts = sorted((self.count_visible(i), i) for i in lanes)
        budget = MARK_BUDGET
        marks: dict[int, list[Mark]] = {}
        dense = set()
        for count, i in counts:
            crowd = min(self.lanes[i].rows, MAX_ROWS) * self.plot_width / CROWD_PX
            if count <= budget and count <= crowd:
                marks[i] = self.visible_marks(i)
                budget -= count
            else:
                dense.add(i)
        self._frame, self._frame_key = Frame(lanes, marks, frozenset(dense)), key
        return self._frame

    def hit(self, pos: QPointF) -> Mark | None:
        """The mark under ``pos`` (the nearest within reach), else the bar under it."""
        x, y = pos.x(), pos.y()
        if x < self.plot_left - MARK_R:
            return None
        if self.undated_marks and self.undated_top <= y < self.undated_top + UNDATED_H:
            slot = round((x - self.plot_left - 16) / UNDATED_PITCH)
            i = self.undated_offset + slot
            if 0 <= slot < self.undated_capacity() and 0 <= i < len(self.undated_marks):
                mark = self.undated_marks[i]
                if abs(self.mark_center(mark).x() - x) <= MARK_R + 3:
                    return mark
            return None
        lane = self.lane_at(y)
        if lane is None:
            return None
        frame = self.frame()
        if lane in frame.dense:
            # A density strip: the mark nearest in time within a few pixels, whatever its row.
            near = self.visible_marks(lane, 0)
            best = min(near, key=lambda m: abs(self.x_for(m.centre) - x), default=None)
            return best if best is not None and abs(self.x_for(best.centre) - x) <= MARK_R else None
        best, best_d, bar = None, (MARK_R + 3) ** 2, None
        for mark in frame.marks.get(lane, ()):
            c = self.mark_center(mark)
            d = (c.x() - x) ** 2 + (c.y() - y) ** 2
            if d <= best_d:
                best, best_d = mark, d
            elif bar is None and not mark.precise and self.bar_rect(mark).adjusted(0, -2, 0, 2).contains(pos):
                bar = mark
        return best or bar

    # --- Words ------------------------------------------------------------------------------------------

    def describe(self, mark: Mark) -> str:
        """One sentence about a mark, for screen readers: kind, date, claimant, verdict, lane, quote."""
        e = mark.entry
        who = e.claimant_name or "claimant not recorded"
        verdict = "unverified" if e.verdict is Verdict.UNVERIFIED else f"verdict {e.verdict.title.lower()}"
        where = f" in {self.lanes[mark.lane].title}" if self.lanes and mark.undated_i < 0 else ""
        position = self.order.index(e.id) + 1 if e.id in self.order else 0
        quote = e.quote if len(e.quote) <= 160 else e.quote[:160] + "…"
        return (
            f"{e.label_name.capitalize()} {position} of {len(self.order)}, {e.date_text}, by {who}, "
            f"{verdict}{where}: “{quote}”"
        )

    def window_text(self) -> str:
        """The time in view, to the minute only when less than three days are."""
        exact = self.t1 - self.t0 < 3 * DAY_SECONDS
        return f"{format_instant(self.t0, exact=exact)} – {format_instant(self.t1, exact=exact)}"


def _natural_height(lane: Lane) -> float:
    return max(MIN_LANE_H, 2 * LANE_PAD + min(lane.rows, MAX_ROWS) * ROW_H)


def _assign_rows(marks: list[Mark], gap: float) -> int:
    """Give each mark (in time order) a row so that overlapping periods, and marks closer than ``gap``, are
    on different rows; past MAX_ROWS the row that frees up first is shared. Returns the rows used."""
    ends: list[float] = []
    for mark in marks:
        s0 = mark.s0
        for row in range(len(ends)):
            if ends[row] <= s0:
                break
        else:
            if len(ends) < MAX_ROWS:
                row = len(ends)
                ends.append(-math.inf)
            else:
                row = min(range(len(ends)), key=ends.__getitem__)
        mark.row = row
        end = mark.centre + gap
        ends[row] = max(ends[row], mark.s1 if mark.s1 > end else end)
    return max(len(ends), 1)
