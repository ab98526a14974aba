"""The reading pane: a read-only QPlainTextEdit with highlights painted from an interval index."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from factcheck.domain import BUILTIN_CLAIM, BUILTIN_COUNTERCLAIM, AnchorStatus, AnnotationRow
from factcheck.text.intervals import IntervalIndex
from factcheck.text.offsets import Utf16Index
from factcheck.ui import palette
from factcheck.ui.display_text import display_text

#: Width of the text column in average characters: a comfortable line length for reading.
COLUMN_CHARS = 76
FILL_ALPHA = 70
#: Pixels above the line's bottom where each label's underline runs (others: 7).
UNDERLINE_DEPTH = {BUILTIN_CLAIM: 1, BUILTIN_COUNTERCLAIM: 4}


@dataclass(frozen=True, slots=True)
class _Line:
    """One visible line of the layout: its document positions [start, end) and where it is drawn."""

    start: int
    end: int
    block_start: int
    line: QTextLine
    origin: QPointF
    rect: QRectF


def _line_end(line: _Line) -> int:
    return line.end


@dataclass(frozen=True, slots=True)
class PaintedSpan:
    """An annotation with its span in the widget's UTF-16 positions."""

    start: int
    end: int
    annotation: AnnotationRow


def underline_name(label_name: str) -> str:
    """The underline's shape in words: claims solid, counterclaims dashed, other labels dotted."""
    return {BUILTIN_CLAIM: "solid", BUILTIN_COUNTERCLAIM: "dashed"}.get(label_name, "dotted")


def underline_style(label_name: str) -> Qt.PenStyle:
    """The shape cue that, with the name in the list, keeps colour from being the only cue."""
    if label_name == BUILTIN_CLAIM:
        return Qt.PenStyle.SolidLine
    if label_name == BUILTIN_COUNTERCLAIM:
        return Qt.PenStyle.DashLine
    return Qt.PenStyle.DotLine


class ArticleView(QPlainTextEdit):
    """Shows one document's canonical text; converts between Qt positions and stored offsets."""

    annotation_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setAccessibleName("Article text")
        font = QFont()
        font.setFamilies(["Noto Serif", "DejaVu Serif", "Georgia", "Times New Roman", "serif"])
        font.setPointSizeF(12.5)
        self.setFont(font)
        self.document().setDocumentMargin(24)
        self._offsets = Utf16Index("")
        self._index: IntervalIndex[PaintedSpan] = IntervalIndex()
        #: Where each painted annotation starts (UTF-16), to bring one into view at once.
        self._starts: dict[str, int] = {}
        self._selected_id: str | None = None
        self._press_pos = None

    # ----- content -------------------------------------------------------------------------------

    def set_article(self, text: str, annotations: list[AnnotationRow]) -> None:
        """Show ``text`` (canonical) with its highlights; resets the scroll position."""
        self._offsets = Utf16Index(text)
        self._selected_id = None
        self.setPlainText(display_text(text))
        self.set_annotations(annotations)

    def set_annotations(self, annotations: list[AnnotationRow]) -> None:
        """Index the annotations placed on this text (orphaned ones have no place to paint)."""
        to16 = self._offsets.to_utf16
        spans = [PaintedSpan(to16(a.start), to16(a.end), a) for a in annotations if a.placed]
        self._index = IntervalIndex(spans)
        self._starts = {span.annotation.id: span.start for span in spans}
        self.viewport().update()

    def apply_change(self, added: AnnotationRow | None, removed: AnnotationRow | None) -> None:
        """Update the index for one edit without rebuilding it (keeps an added highlight near 2 ms)."""
        if removed is not None:
            self._index.remove(
                lambda span: span.annotation.id == removed.id, start=self._offsets.to_utf16(removed.start)
            )
            self._starts.pop(removed.id, None)
        if added is not None and added.placed:
            to16 = self._offsets.to_utf16
            self._index.add(PaintedSpan(to16(added.start), to16(added.end), added))
            self._starts[added.id] = to16(added.start)
        self.viewport().update()

    def clear_article(self) -> None:
        self.set_article("", [])

    @property
    def offsets(self) -> Utf16Index:
        return self._offsets

    def selected_span(self) -> tuple[int, int]:
        """The current selection as code-point offsets into the canonical text (start == end: none)."""
        cursor = self.textCursor()
        to_cp = self._offsets.to_code_point
        return to_cp(cursor.selectionStart()), to_cp(cursor.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        """Select code points [start, end) in the pane."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def show_annotation(self, annotation_id: str | None, *, reveal: bool = True) -> None:
        """Mark an annotation as selected; with ``reveal`` put the cursor on it, scrolling it to the middle
        of the pane when it is out of sight (a highlight already in view stays where it is)."""
        self._selected_id = annotation_id
        start = self._starts.get(annotation_id) if reveal and annotation_id else None
        if start is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            in_sight = self.viewport().rect().contains(self.cursorRect(cursor).center())
            self.setTextCursor(cursor)
            if not in_sight:
                self.centerCursor()
        self.viewport().update()

    def annotations_at(self, cp_position: int) -> list[AnnotationRow]:
        """Annotations covering a code-point position, innermost first."""
        return [s.annotation for s in self._index.at(self._offsets.to_utf16(cp_position))]

    def find(self, needle: str, *, backward: bool = False, case_sensitive: bool = False) -> bool:  # type: ignore[override]
        """Select the next (or previous) match of ``needle``, wrapping around the article."""
        if not needle:
            return False
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        if case_sensitive:
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        found = self.document().find(needle, self.textCursor(), flags)
        if found.isNull():
            wrap = QTextCursor(self.document())
            if backward:
                wrap.movePosition(QTextCursor.MoveOperation.End)
            found = self.document().find(needle, wrap, flags)
        if found.isNull():
            return False
        self.setTextCursor(found)
        self.centerCursor()
        return True

    # ----- layout ----------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        column = int(self.fontMetrics().averageCharWidth() * COLUMN_CHARS) + 48
        side = max(0, (event.size().width() - column) // 2)
        self.setViewportMargins(side, 0, side, 0)

    def zoom(self, steps: int) -> None:
        if steps > 0:
            self.zoomIn(steps)
        else:
            self.zoomOut(-steps)
        self.resizeEvent(QResizeEvent(self.size(), self.size()))

    # ----- mouse -----------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_pos = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        moved = self._press_pos is not None and (event.position() - self._press_pos).manhattanLength() > 3
        if event.button() == Qt.MouseButton.LeftButton and not moved and not self.textCursor().hasSelection():
            position = self.cursorForPosition(event.position().toPoint()).position()
            hits = self._index.at(position)
            if hits:
                self.annotation_clicked.emit(hits[0].annotation.id)

    # ----- painting --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        spans, blocks = self._visible_spans()
        painted = [(span, self._span_rects(span, blocks)) for span in spans]
        if painted:
            painter = QPainter(self.viewport())
            try:
                for span, rects in painted:
                    color = QColor(span.annotation.label_color)
                    color.setAlpha(FILL_ALPHA)
                    for rect in rects:
                        painter.fillRect(rect, color)
            finally:
                painter.end()
        super().paintEvent(event)
        if painted:
            painter = QPainter(self.viewport())
            try:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                for span, rects in painted:
                    self._paint_marks(painter, span.annotation, rects)
            finally:
                painter.end()

    def _visible_spans(self) -> tuple[list[PaintedSpan], list[_Line]]:
        """Spans overlapping the visible lines, and those lines (document positions and geometry)."""
        if not len(self._index):
            return [], []
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        lines: list[_Line] = []
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            if block.isVisible():
                layout = block.layout()
                origin = geometry.topLeft() + layout.position()
                base = block.position()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    top = origin.y() + line.y()
                    if top > height or top + line.height() < 0:
                        continue
                    start = base + line.textStart()
                    rect = QRectF(origin.x() + line.x(), top, line.naturalTextWidth(), line.height())
                    lines.append(_Line(start, start + line.textLength(), base, line, origin, rect))
            block = block.next()
        if not lines:
            return [], []
        return self._index.overlapping(lines[0].start, lines[-1].end + 1), lines

    def _span_rects(self, span: PaintedSpan, lines: list[_Line]) -> list[QRectF]:
        """One rectangle per visible line the span covers; whole lines need no glyph measuring."""
        rects = []
        first = bisect_right(lines, span.start, key=_line_end)
        for entry in lines[first:]:
            if entry.start >= span.end:
                break
            a, b = max(span.start, entry.start), min(span.end, entry.end)
            if b <= a:
                continue
            if a == entry.start and b == entry.end:
                rects.append(entry.rect)
                continue
            x1 = entry.line.cursorToX(a - entry.block_start)[0]
            x2 = entry.line.cursorToX(b - entry.block_start)[0]
            left, right = min(x1, x2), max(x1, x2)  # right-to-left lines run the other way
            rects.append(QRectF(entry.origin.x() + left, entry.rect.top(), right - left, entry.rect.height()))
        return rects

    def _paint_marks(self, painter: QPainter, annotation: AnnotationRow, rects: list[QRectF]) -> None:
        color = QColor(annotation.label_color)
        selected = annotation.id == self._selected_id
        pen = QPen(color, 3 if selected else 2)
        pen.setStyle(underline_style(annotation.label_name))
        painter.setPen(pen)
        # Each label draws its underline at its own depth, so a claim and a counterclaim over the same
        # words show both lines (solid and dashed) instead of one hiding the other.
        depth = UNDERLINE_DEPTH.get(annotation.label_name, 7)
        for rect in rects:
            y = rect.bottom() - depth
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        if annotation.anchor_status == AnchorStatus.NEEDS_REVIEW:
            # A proposed place after a new version: a red dotted frame until the researcher decides.
            review = QPen(QColor(palette.REVIEW), 1.5)
            review.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(review)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in rects:
                painter.drawRect(rect.adjusted(-2, -1, 2, 1))
        if selected:
            outline = QPen(QColor(color).darker(140), 1.5)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in rects:
                painter.drawRect(rect.adjusted(-1, 0, 1, 0))
