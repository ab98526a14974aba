"""The claim timeline widget: a custom-painted QWidget (no web view, no QGraphicsView) over a TimelineScene.

Mouse: drag to pan (sideways in time, up and down through lanes); Ctrl+wheel or a pinch zooms around the
pointer; the wheel scrolls lanes (or time, when all lanes fit; Shift+wheel always time); hover for a
tooltip; click selects; double-click opens.
Keys: + and − zoom, Home fits all, Left/Right pan, PageUp/PageDown scroll lanes; Tab/Shift+Tab and
Ctrl+Right/Ctrl+Left step through the marks in time order (Tab leaves the timeline after the last mark,
Ctrl+Tab at once);
Up/Down move the selection to the nearest mark in the lane above or below; Enter opens; Escape clears.
The selected mark is announced to screen readers through the widget's accessible name and description.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from factcheck.reports.data import TimelineData, day_seconds
from factcheck.ui.timeline.paint import FrameStats, paint_scene
from factcheck.ui.timeline.scene import EMPTY, TimelineScene
from factcheck.ui.timeline.style import Mark

ZOOM_STEP = 1.5
#: Pixels the pointer may move between press and release and still be a click.
CLICK_SLOP = 4
ACCESSIBLE_NAME = "Timeline"
KEY_HELP = (
    "Drag or Left/Right to pan, Ctrl+wheel or +/− to zoom, Home to fit all; Tab or Ctrl+Right/Left to step "
    "through the marks in time order, Up/Down to change lane, Enter to open the article; Ctrl+Tab leaves "
    "the timeline."
)


class TimelineView(QWidget):
    """Shows a TimelineData; emits which annotation the user selects or opens."""

    #: The selected annotation's id ("" when the selection is cleared), on a user's click or key.
    annotation_selected = Signal(str)
    #: Double-click or Enter: open the article at this annotation.
    annotation_opened = Signal(str)
    #: The time window or the scroll position changed (zoom, pan, fit).
    view_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = TimelineScene(EMPTY, width=max(self.width(), 200), height=max(self.height(), 120))
        self._selected: str | None = None
        self._hovered: str | None = None
        self._press: QPointF | None = None
        self._last_drag: QPointF | None = None
        self._dragged = False
        self._auto_fit = True
        self.last_frame = FrameStats(0, 0, 0, 0)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 180)
        self.setAccessibleName(ACCESSIBLE_NAME)
        self.setAccessibleDescription("No mark selected. " + KEY_HELP)
        self.setWhatsThis(KEY_HELP)

    # --- Content ------------------------------------------------------------------------------------------

    def set_data(self, data: TimelineData, *, keep_window: bool = False) -> None:
        """Show ``data``. With ``keep_window`` (a refresh after an edit) zoom, scroll and selection stay;
        otherwise the view fits everything."""
        window = (self.scene.t0, self.scene.t1, self.scene.scroll_y)
        self.scene.set_data(data)
        QTimer.singleShot(0, self.scene.release)  # the old data is freed after this frame, not before it
        if keep_window and not self._auto_fit:
            self.scene.set_window(window[0], window[1])
            self.scene.scroll_y = window[2]
            self.scene.layout()
        else:
            self._auto_fit = True
            self.scene.fit_all()
        if self._selected not in self.scene.marks:
            self._selected = None
            self._announce(None)
        self._hovered = None
        self.update()
        self.view_changed.emit()

    def data(self) -> TimelineData:
        return self.scene.data

    def selected_id(self) -> str | None:
        return self._selected

    def select_annotation(self, annotation_id: str | None, *, reveal: bool = True) -> bool:
        """Select an annotation from outside (the list, the inspector): no signal is emitted. Returns False
        when it is not on the timeline (the selection is then cleared)."""
        mark = self._first_mark(annotation_id)
        self._selected = annotation_id if mark is not None else None
        if mark is not None and reveal:
            self.scene.centre_on(mark)
            self.view_changed.emit()
        self._announce(mark)
        self.update()
        return mark is not None

    # --- Zoom and pan ---------------------------------------------------------------------------------------

    def fit_all(self) -> None:
        self._auto_fit = True
        self.scene.fit_all()
        self.update()
        self.view_changed.emit()

    def zoom_by(self, factor: float, anchor_x: float | None = None) -> None:
        self._auto_fit = False
        self.scene.zoom(factor, anchor_x)
        self.update()
        self.view_changed.emit()

    def pan_by(self, dx: float, dy: float = 0.0) -> None:
        """Move the picture ``dx`` pixels right (earlier times show) and the lanes ``dy`` pixels down."""
        self._auto_fit = False
        self.scene.pan(dx)
        if dy:
            self.scene.scroll_by(-dy)
        self.update()
        self.view_changed.emit()

    def set_window(self, start: datetime | date | float, end: datetime | date | float) -> None:
        self._auto_fit = False
        self.scene.set_window(_seconds(start), _seconds(end))
        self.update()
        self.view_changed.emit()

    # --- Geometry for tests and callers ----------------------------------------------------------------------

    def x_for(self, when: datetime | date | float) -> float:
        """The x coordinate (widget pixels) of an instant: a datetime, a date (its start) or seconds."""
        return self.scene.x_for(_seconds(when))

    def mark_rect(self, annotation_id: str) -> QRectF:
        """Where the annotation's mark is drawn (its first lane's; an empty rect when it is not shown)."""
        mark = self._first_mark(annotation_id)
        return QRectF() if mark is None else self.scene.mark_rect(mark)

    def bar_rect(self, annotation_id: str) -> QRectF:
        """The bar across the annotation's period (a month or a year; a day's when zoomed in)."""
        mark = self._first_mark(annotation_id)
        return QRectF() if mark is None or mark.undated_i >= 0 else self.scene.bar_rect(mark)

    def mark_rects(self, annotation_id: str) -> list[QRectF]:
        return [self.scene.mark_rect(m) for m in self.scene.marks.get(annotation_id, ())]

    def lane_of(self, annotation_id: str) -> int | None:
        """The index (into ``data().lanes``) of the first lane the annotation is drawn in; None when it is
        undated (in the undated strip) or not shown."""
        lanes = self.lanes_of(annotation_id)
        return lanes[0] if lanes else None

    def lanes_of(self, annotation_id: str) -> list[int]:
        return [m.lane for m in self.scene.marks.get(annotation_id, ()) if m.undated_i < 0]

    def lane_rect(self, index: int) -> QRectF:
        return self.scene.lane_rect(index)

    def is_undated(self, annotation_id: str) -> bool:
        return any(m.undated_i >= 0 for m in self.scene.marks.get(annotation_id, ()))

    def _first_mark(self, annotation_id: str | None) -> Mark | None:
        marks = self.scene.marks.get(annotation_id or "")
        return marks[0] if marks else None

    # --- Painting ---------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        try:
            self.last_frame = paint_scene(
                self.scene, painter, selected=self._selected, hovered=self._hovered, focused=self.hasFocus()
            )
        finally:
            painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self.scene.resize(self.width(), self.height())
        if self._auto_fit:
            self.scene.fit_all()
        super().resizeEvent(event)

    # --- Mouse, wheel, pinch ------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = self._last_drag = event.position()
            self._dragged = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if not self._dragged and (pos - self._press).manhattanLength() > CLICK_SLOP:
                self._dragged = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._dragged and self._last_drag is not None:
                delta = pos - self._last_drag
                self.pan_by(delta.x(), delta.y())
                self._last_drag = pos
            return
        mark = self.scene.hit(pos)
        hovered = mark.entry.id if mark is not None else None
        if hovered != self._hovered:
            self._hovered = hovered
            self.setCursor(Qt.CursorShape.PointingHandCursor if mark else Qt.CursorShape.ArrowCursor)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragged:
                mark = self.scene.hit(event.position())
                self._select(mark.entry.id if mark is not None else None, reveal=False)
            self._press = self._last_drag = None
            self._dragged = False
            self.setCursor(Qt.CursorShape.ArrowCursor)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        mark = self.scene.hit(event.position())
        if mark is not None:
            self._select(mark.entry.id, reveal=False)
            self.annotation_opened.emit(mark.entry.id)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802
        if self._hovered is not None:
            self._hovered = None
            self.update()
        super().leaveEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        pixel = event.pixelDelta()
        angle = event.angleDelta()
        dx, dy = (pixel.x(), pixel.y()) if not pixel.isNull() else (angle.x() / 3, angle.y() / 3)
        modifiers = event.modifiers()
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            steps = (angle.y() or angle.x()) / 120 if not angle.isNull() else dy / 40
            self.zoom_by(1.2**steps, event.position().x())
        elif modifiers & Qt.KeyboardModifier.ShiftModifier or abs(dx) > abs(dy):
            self.pan_by(dx or dy)
        elif self.scene.content_height > self.scene.lanes_height:
            self.pan_by(0, dy)
        else:
            self.pan_by(dy)
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.NativeGesture and isinstance(event, QNativeGestureEvent):
            gesture = event.gestureType()
            if gesture == Qt.NativeGestureType.ZoomNativeGesture:
                self.zoom_by(1.0 + event.value(), event.position().x())
                return True
            if gesture == Qt.NativeGestureType.SmartZoomNativeGesture:
                self.fit_all()
                return True
        elif kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            mark = self.scene.hit(QPointF(event.pos()))
            if mark is None:
                QToolTip.hideText()
                event.ignore()
            else:
                rect = self.scene.mark_rect(mark).adjusted(-4, -4, 4, 4).toAlignedRect()
                QToolTip.showText(event.globalPos(), tooltip_html(mark), self, rect)
            return True
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            # Tab steps through the marks; past the last (or before the first) it moves focus on as usual.
            key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if ctrl and key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                # Ctrl+Tab always leaves: with 10k marks, Tab alone could take a long while to.
                forward = key == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.focusNextPrevChild(forward)
                return True
            if key == Qt.Key.Key_Tab and self._step(1, wrap=False):
                return True
            if key == Qt.Key.Key_Backtab and self._step(-1, wrap=False):
                return True
        return super().event(event)

    # --- Keys ---------------------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        page = self.scene.plot_width / 8
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP, self._selected_x())
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / ZOOM_STEP, self._selected_x())
        elif key == Qt.Key.Key_Home:
            self.fit_all()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            forward = key == Qt.Key.Key_Right
            if ctrl:
                self._step(1 if forward else -1, wrap=False)
            else:
                self.pan_by(-page if forward else page)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            down = key == Qt.Key.Key_Down
            if self._selected is None or not self._change_lane(1 if down else -1):
                self.pan_by(0, -48 if down else 48)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            step = self.scene.lanes_height * 0.9
            self.pan_by(0, -step if key == Qt.Key.Key_PageDown else step)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._selected:
            self.annotation_opened.emit(self._selected)
        elif key == Qt.Key.Key_Escape and self._selected:
            self._select(None, reveal=False)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _selected_x(self) -> float | None:
        mark = self._first_mark(self._selected)
        if mark is None or mark.undated_i >= 0:
            return None
        x = self.scene.x_for(mark.centre)
        return x if self.scene.plot_left <= x <= self.scene.plot_right else None

    def _step(self, delta: int, *, wrap: bool) -> bool:
        """Select the next (or previous) mark in time order; False when there is none that way."""
        order = self.scene.order
        if not order:
            return False
        if self._selected in self.scene.marks:
            i = order.index(self._selected) + delta
        else:
            i = 0 if delta > 0 else len(order) - 1
        if not 0 <= i < len(order):
            if not wrap:
                return False
            i %= len(order)
        self._select(order[i], reveal=True)
        return True

    def _change_lane(self, delta: int) -> bool:
        """Select the mark nearest in time in the next lane up or down that has dated marks."""
        current = self._first_mark(self._selected)
        if current is None or current.undated_i >= 0:
            return False
        lane = current.lane + delta
        while 0 <= lane < len(self.scene.lanes):
            groups = self.scene.lanes[lane].groups
            if groups:
                best = min(
                    (m for _, _, marks in groups for m in marks), key=lambda m: abs(m.centre - current.centre)
                )
                self._select(best.entry.id, reveal=True, mark=best)
                return True
            lane += delta
        return False

    def _select(self, annotation_id: str | None, *, reveal: bool, mark: Mark | None = None) -> None:
        changed = annotation_id != self._selected
        self._selected = annotation_id
        mark = mark or self._first_mark(annotation_id)
        if mark is not None and reveal:
            self.scene.centre_on(mark)
            self.view_changed.emit()
        self._announce(mark)
        self.update()
        if changed:
            self.annotation_selected.emit(annotation_id or "")

    def _announce(self, mark: Mark | None) -> None:
        """Tell screen readers about the selected mark (name and description changes, and focus)."""
        if mark is None:
            self.setAccessibleName(ACCESSIBLE_NAME)
            self.setAccessibleDescription("No mark selected. " + KEY_HELP)
        else:
            e = mark.entry
            self.setAccessibleName(f"{ACCESSIBLE_NAME}: {self.scene.describe(mark)}")
            article = e.document_title + (f", {e.document_outlet}" if e.document_outlet else "")
            self.setAccessibleDescription(f"From {article}. " + KEY_HELP)
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.NameChanged))
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))
        if self.hasFocus():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Focus))

    def focusInEvent(self, event) -> None:  # noqa: N802
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self.update()
        super().focusOutEvent(event)


def tooltip_html(mark: Mark) -> str:
    """What hovering a mark shows: kind and date, the quote, claimant, article and verdict."""
    e = mark.entry
    date_text = e.date_text
    if e.date is not None:
        precision = {"year": "known to the year", "month": "known to the month", "day": ""}[e.precision.value]
        extras = [p for p in (precision, "publication date" if e.date_is_default else "") if p]
        if extras:
            date_text += f" ({', '.join(extras)})"
    who = escape(e.claimant_name) if e.claimant_name else "<i>claimant not recorded</i>"
    if e.attribution is not None:
        who += f" · {escape(e.attribution.title)}"
    article = escape(e.document_title or "Untitled article")
    if e.document_outlet:
        article += f" — {escape(e.document_outlet)}"
    verdict = escape(e.verdict.title) + (f" (“{escape(e.rating_text)}”)" if e.rating_text else "")
    return (
        f"<p style='white-space:normal'><b>{escape(e.label_name.capitalize())}</b> · {escape(date_text)}</p>"
        f"<p><i>“{escape(e.quote)}”</i></p>"
        f"<p>{who}<br>{article}<br>Verdict: <b>{verdict}</b></p>"
    )


def _seconds(when: datetime | date | float) -> float:
    if isinstance(when, datetime):
        base = day_seconds(when.date())
        return (
            base
            + when.hour * 3600
            + when.minute * 60
            + when.second
            + when.microsecond / 1e6
            - (when.utcoffset().total_seconds() if when.utcoffset() else 0.0)
        )
    if isinstance(when, date):
        return day_seconds(when)
    return float(when)
