"""Painting a laid-out timeline with any QPainter: the view's paintEvent, a PNG at 2×, an SVG.

The order is lanes, grid, density strips, period bars, faint links, marks, badges and captions, then the
selection (its links drawn strong, with their relation), the gutter with lane titles, the axis, the undated
strip and (for pictures) the legend.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from factcheck.domain import Verdict
from factcheck.reports.data import EntryKind, LaneBy
from factcheck.ui.timeline.axis import axis_ticks
from factcheck.ui.timeline.scene import Frame, TimelineScene
from factcheck.ui.timeline.style import (
    AXIS_H,
    BADGE_BUDGET,
    BADGE_R,
    CAPTION_BUDGET,
    DENSITY_BUCKET,
    GRID,
    GRID_MAJOR,
    GUTTER_BG,
    GUTTER_W,
    HOVER,
    INK,
    KIND_COLORS,
    LANE_EVEN,
    LANE_ODD,
    LEGEND_H,
    LINK_BUDGET,
    LINK_STYLE,
    MARK_R,
    MUTED,
    RULE,
    SELECT,
    UNDATED_H,
    VERDICT_STYLE,
    Mark,
    draw_shape,
    pale,
)

ROW_TEXT = 16.0
#: Badges in the undated strip only when it shows at most this many marks (they would touch).
UNDATED_BADGES = 30
CAPTION_MAX = 300.0
#: From a mark's centre to its caption: clear of the mark, its selection ring and an arrowhead on it.
CAPTION_GAP = MARK_R + 12
_LANE_HEADINGS = {LaneBy.MATTER: "Matters", LaneBy.CLAIMANT: "Claimants", LaneBy.DOCUMENT: "Articles"}


@dataclass(frozen=True, slots=True)
class FrameStats:
    """What the last paint drew (for tests and the bench)."""

    marks: int
    dense_lanes: int
    links: int
    links_hidden: int


def paint_scene(
    scene: TimelineScene,
    painter: QPainter,
    *,
    selected: str | None = None,
    hovered: str | None = None,
    focused: bool = False,
) -> FrameStats:
    """Paint ``scene`` at (0, 0)–(width, height) in logical pixels; returns what was drawn."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(QRectF(0, 0, scene.width, scene.height), LANE_EVEN)
    frame = scene.frame()
    lanes_rect = QRectF(0, AXIS_H, scene.width, scene.lanes_height)
    plot_rect = QRectF(scene.plot_left, AXIS_H, scene.width - scene.plot_left, scene.lanes_height)
    minor, major = axis_ticks(scene.t0, scene.t1, scene.plot_width)

    painter.save()
    painter.setClipRect(lanes_rect)
    _lane_backgrounds(scene, painter, frame)
    _grid(scene, painter, minor, major, AXIS_H, scene.undated_top)
    painter.setClipRect(plot_rect)
    for i in frame.dense:
        _density(scene, painter, i)
    drawn = [m for i in frame.lanes for m in frame.marks.get(i, ())]
    for mark in drawn:
        _bar(scene, painter, mark, strong=False)
    painter.restore()

    undated = _undated_in_view(scene)
    if scene.undated_marks:
        _undated_strip(scene, painter, undated)
    painter.save()
    painter.setClipRect(QRectF(scene.plot_left, AXIS_H, scene.width, scene.undated_top + UNDATED_H - AXIS_H))
    links, hidden = _faint_links(scene, painter, frame, selected)
    _selected_links(scene, painter, frame, selected)  # under the marks and captions, over the rest
    painter.setClipRect(plot_rect)
    badges = len(drawn) <= BADGE_BUDGET
    for mark in drawn:
        _mark(scene, painter, mark, badge=badges)
    if len(drawn) <= CAPTION_BUDGET:
        _captions(scene, painter, drawn)
    painter.restore()

    _gutter(scene, painter, frame)
    _axis(scene, painter, minor, major)
    if scene.legend:
        _legend(scene, painter)
    _selection(scene, painter, frame, selected, hovered)
    if not scene.data.entries and not scene.data.undated:
        painter.setFont(scene.font)
        painter.setPen(MUTED)
        painter.drawText(
            plot_rect, Qt.AlignmentFlag.AlignCenter, "Nothing to show: no annotation passes the filters."
        )
    elif hidden:
        _note(scene, painter, f"{hidden:,} links are not drawn at this zoom; select a mark to see its own.")
    if scene.content_height > scene.lanes_height + 0.5:
        _scroll_indicator(scene, painter)
    if focused:
        pen = QPen(QColor("#0969DA"), 2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(1, 1, scene.width - 2, scene.height - 2))
    painter.restore()
    return FrameStats(len(drawn) + len(undated), len(frame.dense), links, hidden)


# --- Lanes and grid -----------------------------------------------------------------------------------


def _lane_backgrounds(scene: TimelineScene, painter: QPainter, frame: Frame) -> None:
    for i in frame.lanes:
        rect = scene.lane_rect(i)
        painter.fillRect(rect, LANE_ODD if i % 2 else LANE_EVEN)
        painter.setPen(QPen(RULE, 1))
        painter.drawLine(QPointF(0, rect.bottom()), QPointF(scene.width, rect.bottom()))
        lane = scene.lanes[i]
        if lane.count == 0 and lane.undated:
            painter.setFont(scene.small)
            painter.setPen(MUTED)
            text = f"No dated marks here: {lane.undated} in the undated strip below."
            painter.drawText(
                rect.adjusted(scene.plot_left + 12, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text
            )


def _grid(scene: TimelineScene, painter: QPainter, minor, major, top: float, bottom: float) -> None:
    painter.setPen(QPen(GRID, 1))
    for tick in minor:
        x = round(scene.x_for(tick.seconds)) + 0.5
        if x >= scene.plot_left:
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
    painter.setPen(QPen(GRID_MAJOR, 1))
    for tick in major:
        x = round(scene.x_for(tick.seconds)) + 0.5
        if x >= scene.plot_left:
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))


def _density(scene: TimelineScene, painter: QPainter, index: int) -> None:
    """Counts per few pixels: claims above the lane's centre line, counterclaims below, others across it."""
    lane = scene.lanes[index]
    rect = scene.lane_rect(index)
    mid = rect.center().y()
    half = rect.height() / 2 - 8
    x = scene.plot_left
    edges = []
    while x <= scene.plot_right + DENSITY_BUCKET:
        edges.append(scene.t_for(x))
        x += DENSITY_BUCKET
    counts: dict[EntryKind, list[int]] = {}
    for kind, centres in lane.centres.items():
        positions = [bisect_left(centres, t) for t in edges]
        counts[kind] = [b - a for a, b in zip(positions, positions[1:], strict=False)]
    peak = max((max(c) for c in counts.values() if c), default=0)
    if not peak:
        return
    scale = half / math.sqrt(peak)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(Qt.PenStyle.NoPen)
    for kind in (EntryKind.OTHER, EntryKind.CLAIM, EntryKind.COUNTERCLAIM):
        if kind not in counts:
            continue
        rects = []
        for b, n in enumerate(counts[kind]):
            if n:
                h = max(math.sqrt(n) * scale, 2.0)
                bx = scene.plot_left + b * DENSITY_BUCKET
                if kind is EntryKind.CLAIM:
                    rects.append(QRectF(bx, mid - h, DENSITY_BUCKET - 0.6, h))
                elif kind is EntryKind.COUNTERCLAIM:
                    rects.append(QRectF(bx, mid, DENSITY_BUCKET - 0.6, h))
                else:
                    rects.append(QRectF(bx, mid - h / 2, DENSITY_BUCKET - 0.6, h))
        color = QColor(_kind_color(scene, index, kind))
        if kind is EntryKind.OTHER:
            color.setAlpha(120)
        painter.setBrush(color)
        painter.drawRects(rects)
    painter.setPen(QPen(GRID_MAJOR, 1))
    painter.drawLine(QPointF(scene.plot_left, mid), QPointF(scene.plot_right, mid))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)


def _kind_color(scene: TimelineScene, index: int, kind: EntryKind) -> QColor:
    for _, _, marks in scene.lanes[index].groups:
        for mark in marks:
            if mark.entry.kind is kind:
                return mark.color
    return KIND_COLORS[kind]


# --- Marks --------------------------------------------------------------------------------------------


def _bar(scene: TimelineScene, painter: QPainter, mark: Mark, *, strong: bool) -> None:
    """A period's bar: always for a month or a year, for a day once it is wider than a mark."""
    rect = scene.bar_rect(mark)
    if mark.precise and rect.width() < 6 * MARK_R:
        return
    fill = QColor(mark.color)
    fill.setAlpha(90 if strong else 38)
    edge = QColor(mark.color)
    edge.setAlpha(220 if strong else 110)
    painter.setPen(QPen(edge, 1))
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, 3, 3)


def _mark(
    scene: TimelineScene, painter: QPainter, mark: Mark, *, badge: bool, at: QPointF | None = None
) -> None:
    c = at or scene.mark_center(mark)
    verdict = mark.entry.verdict
    painter.setPen(QPen(mark.outline, 1.2 if verdict is Verdict.UNVERIFIED else 2.4))
    painter.setBrush(mark.fill)
    draw_shape(painter, mark.entry.kind, c.x(), c.y(), MARK_R)
    glyph = VERDICT_STYLE[verdict][1]
    if badge and glyph:
        centre = QPointF(c.x() + MARK_R * 0.95, c.y() - MARK_R * 0.95)
        painter.setPen(QPen(QColor("#FFFFFF"), 1.2))
        painter.setBrush(mark.outline)
        painter.drawEllipse(centre, BADGE_R, BADGE_R)
        painter.setFont(scene.badge_font)
        painter.setPen(QColor("#FFFFFF"))
        box = QRectF(centre.x() - BADGE_R, centre.y() - BADGE_R - 0.5, 2 * BADGE_R, 2 * BADGE_R)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, glyph)


def _captions(scene: TimelineScene, painter: QPainter, drawn: list[Mark]) -> None:
    """The start of each quote beside its mark: to its right up to the next mark in the row, or to its left
    when there is more room there (a mark near the right edge)."""
    painter.setFont(scene.small)
    metrics = QFontMetricsF(scene.small)
    rows: dict[tuple[int, int], list[tuple[float, Mark]]] = {}
    for mark in drawn:
        x = scene.mark_center(mark).x()
        if scene.plot_left <= x <= scene.plot_right:
            rows.setdefault((mark.lane, mark.row), []).append((x, mark))
    painter.setPen(INK)
    for row in rows.values():
        row.sort(key=lambda item: item[0])
        taken = scene.plot_left + 4  # where the previous caption (or mark) ends
        for k, (x, mark) in enumerate(row):
            e = mark.entry
            text = f"“{' '.join(e.quote.split())}”" + (f" — {e.claimant_name}" if e.claimant_name else "")
            want = metrics.horizontalAdvance(text)
            right_end = row[k + 1][0] - MARK_R - 8 if k + 1 < len(row) else scene.plot_right
            left_end = max(taken, row[k - 1][0] + MARK_R + 8 if k else taken)
            right = min(right_end - (x + CAPTION_GAP), CAPTION_MAX)
            left = min((x - MARK_R - 9) - left_end, CAPTION_MAX)
            y = scene.mark_center(mark).y()
            taken = x + MARK_R + 2
            if right >= min(want, 120) or right >= left:
                if right < 28:
                    continue
                room = right
                box = QRectF(x + CAPTION_GAP, y - ROW_TEXT / 2, room, ROW_TEXT)
                align = Qt.AlignmentFlag.AlignLeft
                taken = x + CAPTION_GAP + min(want, room)
            else:
                if left < 28:
                    continue
                room = left
                box = QRectF(x - MARK_R - 9 - room, y - ROW_TEXT / 2, room, ROW_TEXT)
                align = Qt.AlignmentFlag.AlignRight
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | align, text)


# --- Links --------------------------------------------------------------------------------------------


def _faint_links(
    scene: TimelineScene, painter: QPainter, frame: Frame, selected: str | None
) -> tuple[int, int]:
    """Every link in view, faint, unless there are too many; returns (drawn, left out)."""
    if not scene.links:
        return 0, 0
    pad = 40 * scene.seconds_per_pixel()
    lanes = frame.lanes
    shown = []
    end = bisect_left(scene.link_starts, scene.t1 + pad)
    over = 0
    for first, last, a, b, relation in scene.links[:end]:
        if last < scene.t0 - pad and first > -math.inf:
            continue
        if not (_end_in_view(a, lanes) or _end_in_view(b, lanes)):
            continue
        if len(shown) < LINK_BUDGET:
            shown.append((a, b, relation))
        else:
            over += 1
            if over > 5000:  # counted enough to say "many"
                break
    if over:
        return 0, len(shown) + over
    for a, b, relation in shown:
        if selected is not None and selected in (a.entry.id, b.entry.id):
            continue  # drawn strong with the selection
        _link(scene, painter, a, b, relation, strong=False)
    return len(shown), 0


def _end_in_view(mark: Mark, lanes: range) -> bool:
    return mark.undated_i >= 0 or mark.lane in lanes


def _link(
    scene: TimelineScene,
    painter: QPainter,
    a: Mark,
    b: Mark,
    relation: str,
    *,
    strong: bool,
    labels: list[QRectF] | None = None,
) -> None:
    """A curved arrow from ``a`` to ``b``; a strong one is labelled with its relation where the label does
    not cover another (``labels`` collects the places taken)."""
    p0, p1 = scene.mark_center(a), scene.mark_center(b)
    dx, dy = p1.x() - p0.x(), p1.y() - p0.y()
    dist = math.hypot(dx, dy)
    if dist < 2 * MARK_R + 2:
        return
    # Bend the arrow upwards so that it does not run through the marks between its ends; within a lane
    # its top (about half the bend) stays inside the lane.
    nx, ny = dy / dist, -dx / dist
    if ny > 0:
        nx, ny = -nx, -ny
    bulge = min(70.0, 14.0 + dist * 0.22)
    if a.lane == b.lane and a.undated_i < 0 and b.undated_i < 0:
        room = min(p0.y(), p1.y()) - scene.lane_rect(a.lane).top() - 4
        bulge = max(min(bulge, 2 * room), 6.0)
    ctrl = QPointF((p0.x() + p1.x()) / 2 + nx * bulge, (p0.y() + p1.y()) / 2 + ny * bulge)
    ux, uy = p1.x() - ctrl.x(), p1.y() - ctrl.y()
    ulen = math.hypot(ux, uy) or 1.0
    ux, uy = ux / ulen, uy / ulen
    tip = QPointF(p1.x() - ux * (MARK_R + 3), p1.y() - uy * (MARK_R + 3))
    sx, sy = ctrl.x() - p0.x(), ctrl.y() - p0.y()
    slen = math.hypot(sx, sy) or 1.0
    start = QPointF(p0.x() + sx / slen * (MARK_R + 2), p0.y() + sy / slen * (MARK_R + 2))
    color, style = LINK_STYLE.get(relation, LINK_STYLE["repeats"])
    color = QColor(color)
    color.setAlpha(255 if strong else 80)
    path = QPainterPath(start)
    path.quadTo(ctrl, tip)
    pen = QPen(color, 2.0 if strong else 1.1)
    pen.setStyle(style)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    size = 8.0 if strong else 6.5
    base = QPointF(tip.x() - ux * size, tip.y() - uy * size)
    head = QPolygonF(
        [
            tip,
            QPointF(base.x() - uy * size * 0.5, base.y() + ux * size * 0.5),
            QPointF(base.x() + uy * size * 0.5, base.y() - ux * size * 0.5),
        ]
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawPolygon(head)
    if strong and dist > 90:
        mid = QPointF(
            0.25 * start.x() + 0.5 * ctrl.x() + 0.25 * tip.x(),
            0.25 * start.y() + 0.5 * ctrl.y() + 0.25 * tip.y(),
        )
        painter.setFont(scene.small)
        metrics = QFontMetricsF(scene.small)
        width = metrics.horizontalAdvance(relation) + 8
        box = QRectF(mid.x() - width / 2, mid.y() - 9, width, 18)
        if labels is not None:
            if any(box.intersects(other) for other in labels):
                return
            labels.append(box)
        painter.setPen(QPen(color, 1))
        painter.setBrush(QColor(255, 255, 255, 235))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(color)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, relation)


# --- Selection ------------------------------------------------------------------------------------------


def _selected_links(scene: TimelineScene, painter: QPainter, frame: Frame, selected: str | None) -> None:
    """The selected mark's links, strong and labelled with their relation."""
    if not selected:
        return
    labels: list[QRectF] = []
    for a, b, relation in scene.links_of.get(selected, ()):
        if _end_in_view(a, frame.lanes) or _end_in_view(b, frame.lanes):
            _link(scene, painter, a, b, relation, strong=True, labels=labels)


def _selection(
    scene: TimelineScene, painter: QPainter, frame: Frame, selected: str | None, hovered: str | None
) -> None:
    """Rings round the hovered and the selected mark; the selected one (and its bar) drawn on top."""
    painter.save()
    painter.setClipRect(
        QRectF(scene.plot_left - MARK_R - 4, AXIS_H, scene.width, scene.undated_top + UNDATED_H - AXIS_H)
    )
    if hovered and hovered != selected:
        for mark in _in_view(scene, frame, hovered):
            _ring(scene, painter, mark, HOVER, 1.6)
    if selected:
        for mark in _in_view(scene, frame, selected):
            if mark.undated_i < 0:
                _bar(scene, painter, mark, strong=True)
            _mark(scene, painter, mark, badge=True)
            _ring(scene, painter, mark, SELECT, 2.2)
    painter.restore()


def _in_view(scene: TimelineScene, frame: Frame, entry_id: str) -> list[Mark]:
    capacity = scene.undated_capacity()
    return [
        m
        for m in scene.marks.get(entry_id, ())
        if (m.undated_i < 0 and m.lane in frame.lanes)
        or (m.undated_i >= 0 and scene.undated_offset <= m.undated_i < scene.undated_offset + capacity)
    ]


def _ring(scene: TimelineScene, painter: QPainter, mark: Mark, color: QColor, width: float) -> None:
    c = scene.mark_center(mark)
    painter.setPen(QPen(color, width))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(c, MARK_R + 5, MARK_R + 5)


# --- Gutter, axis, undated strip, legend ----------------------------------------------------------------


def _gutter(scene: TimelineScene, painter: QPainter, frame: Frame) -> None:
    painter.save()
    painter.setClipRect(QRectF(0, AXIS_H, GUTTER_W, scene.lanes_height))
    painter.fillRect(QRectF(0, AXIS_H, GUTTER_W, scene.lanes_height), GUTTER_BG)
    title_metrics = QFontMetricsF(scene.title_font)
    small_metrics = QFontMetricsF(scene.small)
    for i in frame.lanes:
        lane = scene.lanes[i]
        rect = scene.lane_rect(i)
        painter.setPen(QPen(RULE, 1))
        painter.drawLine(QPointF(0, rect.bottom()), QPointF(GUTTER_W, rect.bottom()))
        text_w = GUTTER_W - 20
        lines = _wrap(title_metrics, lane.title, text_w, 2 if rect.height() >= 60 else 1)
        count = f"{lane.count:,} dated" if lane.count else "none dated"
        if lane.undated:
            count += f" · {lane.undated:,} undated"
        if i in frame.dense:
            count += " · zoom in"
        block = len(lines) * title_metrics.height() + 16
        y = rect.top() + max((rect.height() - block) / 2, 4)
        painter.setFont(scene.title_font)
        painter.setPen(INK)
        for line in lines:
            painter.drawText(QRectF(12, y, text_w, title_metrics.height()), Qt.AlignmentFlag.AlignLeft, line)
            y += title_metrics.height()
        painter.setFont(scene.small)
        painter.setPen(MUTED)
        count = small_metrics.elidedText(count, Qt.TextElideMode.ElideRight, text_w)
        painter.drawText(QRectF(12, y + 1, text_w, 16), Qt.AlignmentFlag.AlignLeft, count)
    painter.restore()
    painter.setPen(QPen(RULE, 1))
    painter.drawLine(
        QPointF(GUTTER_W - 0.5, AXIS_H),
        QPointF(GUTTER_W - 0.5, scene.undated_top + (UNDATED_H if scene.undated_marks else 0)),
    )


def _wrap(metrics: QFontMetricsF, text: str, width: float, max_lines: int) -> list[str]:
    """``text`` in at most ``max_lines`` lines of ``width``, the last one elided."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for k, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        if len(lines) == max_lines - 1:
            current = " ".join(words[k:])
            break
        current = word
    lines.append(current)
    lines = lines[:max_lines]
    lines[-1] = metrics.elidedText(lines[-1], Qt.TextElideMode.ElideRight, width)
    return lines


def _axis(scene: TimelineScene, painter: QPainter, minor, major) -> None:
    painter.fillRect(QRectF(0, 0, scene.width, AXIS_H), LANE_EVEN)
    painter.fillRect(QRectF(0, 0, GUTTER_W, AXIS_H), GUTTER_BG)
    painter.setFont(scene.title_font)
    painter.setPen(MUTED)
    heading = _LANE_HEADINGS.get(scene.data.by, "Lanes")
    painter.drawText(QRectF(12, AXIS_H - 22, GUTTER_W - 20, 18), Qt.AlignmentFlag.AlignLeft, heading)
    painter.save()
    painter.setClipRect(QRectF(scene.plot_left, 0, scene.width - scene.plot_left, AXIS_H))
    painter.setFont(scene.title_font)
    painter.setPen(INK)
    bold = QFontMetricsF(scene.title_font)
    for k, tick in enumerate(major):
        x = scene.x_for(tick.seconds)
        nxt = scene.x_for(major[k + 1].seconds) if k + 1 < len(major) else scene.width
        left = max(x, scene.plot_left) + 6
        room = nxt - left - 8
        label = next((t for t in (tick.label, tick.short) if bold.horizontalAdvance(t) <= room), "")
        if label:
            painter.drawText(QRectF(left, 5, room, 18), Qt.AlignmentFlag.AlignLeft, label)
        if x >= scene.plot_left:
            painter.setPen(QPen(GRID_MAJOR, 1))
            painter.drawLine(QPointF(round(x) + 0.5, 4), QPointF(round(x) + 0.5, AXIS_H))
            painter.setPen(INK)
    painter.setFont(scene.font)
    painter.setPen(QPen(MUTED, 1))
    for tick in minor:
        x = round(scene.x_for(tick.seconds)) + 0.5
        painter.drawLine(QPointF(x, AXIS_H - 6), QPointF(x, AXIS_H))
        painter.drawText(QPointF(x + 4, AXIS_H - 9), tick.label)
    painter.restore()
    painter.setPen(QPen(RULE, 1))
    painter.drawLine(QPointF(0, AXIS_H - 0.5), QPointF(scene.width, AXIS_H - 0.5))


def _undated_in_view(scene: TimelineScene) -> list[Mark]:
    capacity = scene.undated_capacity()
    return scene.undated_marks[scene.undated_offset : scene.undated_offset + capacity]


def _undated_strip(scene: TimelineScene, painter: QPainter, marks: list[Mark]) -> None:
    top = scene.undated_top
    painter.fillRect(QRectF(0, top, scene.width, UNDATED_H), QColor("#FBF8EF"))
    painter.fillRect(QRectF(0, top, GUTTER_W, UNDATED_H), QColor("#F3EEDD"))
    painter.setPen(QPen(RULE, 1))
    painter.drawLine(QPointF(0, top + 0.5), QPointF(scene.width, top + 0.5))
    painter.setFont(scene.title_font)
    painter.setPen(INK)
    total = len(scene.undated_marks)
    painter.drawText(
        QRectF(12, top, GUTTER_W - 20, UNDATED_H), Qt.AlignmentFlag.AlignVCenter, f"Undated · {total:,}"
    )
    for mark in marks:
        _mark(scene, painter, mark, badge=len(marks) <= UNDATED_BADGES)
    painter.setFont(scene.small)
    painter.setPen(MUTED)
    after = total - scene.undated_offset - len(marks)
    last_x = scene.plot_left + 16 + len(marks) * 24
    if after > 0:
        painter.drawText(
            QRectF(last_x, top, 100, UNDATED_H), Qt.AlignmentFlag.AlignVCenter, f"+{after:,} more →"
        )
    if scene.undated_offset:
        painter.drawText(
            QRectF(GUTTER_W - 60, top + UNDATED_H - 14, 56, 14),
            Qt.AlignmentFlag.AlignRight,
            f"← {scene.undated_offset:,}",
        )
    if total and len(marks) <= 8:
        first = marks[-1] if marks else None
        if first is not None:
            x = scene.mark_center(first).x() + MARK_R + 10
            text = "No claim date and no publication date: shown here, not on the time axis."
            painter.drawText(
                QRectF(x, top, scene.plot_right - x, UNDATED_H), Qt.AlignmentFlag.AlignVCenter, text
            )


def _legend(scene: TimelineScene, painter: QPainter) -> None:
    top = scene.height - LEGEND_H
    painter.fillRect(QRectF(0, top, scene.width, LEGEND_H), LANE_EVEN)
    painter.setPen(QPen(RULE, 1))
    painter.drawLine(QPointF(0, top + 0.5), QPointF(scene.width, top + 0.5))
    y = top + LEGEND_H / 2
    x = 14.0
    painter.setFont(scene.small)
    metrics = QFontMetricsF(scene.small)
    items = [
        (EntryKind.CLAIM, KIND_COLORS[EntryKind.CLAIM], True, "claim"),
        (EntryKind.COUNTERCLAIM, KIND_COLORS[EntryKind.COUNTERCLAIM], True, "counterclaim"),
        (EntryKind.OTHER, KIND_COLORS[EntryKind.OTHER], True, "other label"),
        (
            EntryKind.CLAIM,
            KIND_COLORS[EntryKind.CLAIM],
            False,
            "pale with a bar: dated to a month or a year",
        ),
    ]
    for kind, color, precise, text in items:
        painter.setPen(QPen(MUTED, 1.2))
        painter.setBrush(color if precise else pale(color))
        draw_shape(painter, kind, x + MARK_R, y, MARK_R)
        painter.setPen(INK)
        painter.drawText(QPointF(x + 2 * MARK_R + 6, y + 4), text)
        x += 2 * MARK_R + 6 + metrics.horizontalAdvance(text) + 18
    for relation in ("disputes", "supports"):
        color, style = LINK_STYLE[relation]
        pen = QPen(color, 1.6)
        pen.setStyle(style)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(QPolygonF([QPointF(x + 26, y), QPointF(x + 19, y - 4), QPointF(x + 19, y + 4)]))
        painter.setPen(INK)
        painter.drawText(QPointF(x + 32, y + 4), relation)
        x += 32 + metrics.horizontalAdvance(relation) + 18
    painter.setPen(MUTED)
    painter.drawText(
        QPointF(x, y + 4), "outline and badge: verdict (✓ supported, ✗ false, ± mixed, ! misleading)"
    )


def _note(scene: TimelineScene, painter: QPainter, text: str) -> None:
    painter.setFont(scene.small)
    metrics = QFontMetricsF(scene.small)
    width = metrics.horizontalAdvance(text) + 12
    box = QRectF(scene.plot_right - width, scene.undated_top - 22, width, 18)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 220))
    painter.drawRoundedRect(box, 4, 4)
    painter.setPen(MUTED)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def _scroll_indicator(scene: TimelineScene, painter: QPainter) -> None:
    visible = scene.lanes_height / scene.content_height
    top = AXIS_H + scene.scroll_y / scene.content_height * scene.lanes_height
    rect = QRectF(scene.width - 6, top + 2, 4, max(visible * scene.lanes_height - 4, 12))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 70))
    painter.drawRoundedRect(rect, 2, 2)
