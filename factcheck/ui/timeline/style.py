"""How the timeline looks: sizes, colours, fonts, the verdict and link styles, and the Mark it draws."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPolygonF

from factcheck.domain import DatePrecision, Verdict
from factcheck.reports.data import DAY_SECONDS, EntryKind, TimelineEntry
from factcheck.ui import palette

AXIS_H = 48.0
GUTTER_W = 196.0
RIGHT_PAD = 18.0
ROW_H = 22.0
LANE_PAD = 10.0
MIN_LANE_H = 52.0
MAX_LANE_H = 150.0
MAX_ROWS = 3
UNDATED_H = 40.0
UNDATED_PITCH = 24.0
LEGEND_H = 34.0
MARK_R = 6.5
BADGE_R = 5.0
#: Marks drawn one by one in a frame, over all lanes; lanes beyond it are drawn as density strips.
MARK_BUDGET = 320
#: A lane is drawn as a density strip when its marks in view are more than this many per row for each
#: ``CROWD_PX`` pixels of width (more would overlap into an unreadable smear).
CROWD_PX = 40.0
#: Faint links drawn in a frame; with more in view only the selected mark's links are drawn.
LINK_BUDGET = 160
#: Captions (the start of the quote beside each mark) when at most this many marks are drawn.
CAPTION_BUDGET = 60
#: Badges with the verdict's glyph when at most this many marks are drawn (the outline always shows it).
BADGE_BUDGET = 150
DENSITY_BUCKET = 3.0
MIN_SPAN_S = 2 * 3600.0
MAX_SPAN_S = 3000 * 365.25 * DAY_SECONDS
#: Where time may be scrolled: from year 1 to the end of year 9999.
T_MIN = -62_135_596_800.0
T_MAX = 253_402_300_800.0

INK = QColor("#1F2328")
MUTED = QColor("#57606A")
GRID = QColor("#E6EAEE")
GRID_MAJOR = QColor("#BFC7CF")
LANE_EVEN = QColor("#FFFFFF")
LANE_ODD = QColor("#F6F8FA")
GUTTER_BG = QColor("#EEF1F4")
RULE = QColor("#D0D7DE")
SELECT = QColor("#1F2328")
HOVER = QColor("#6E7781")
OTHER_COLOR = QColor(palette.OTHER)
#: The fill of claims, counterclaims and marks of other labels (the shape tells them apart too).
KIND_COLORS = {
    EntryKind.CLAIM: QColor(palette.CLAIM),
    EntryKind.COUNTERCLAIM: QColor(palette.COUNTERCLAIM),
    EntryKind.OTHER: OTHER_COLOR,
}

#: The verdict's outline colour and badge glyph (unverified: a thin grey outline, no badge).
VERDICT_STYLE: dict[Verdict, tuple[str, str]] = {
    Verdict.UNVERIFIED: ("#57606A", ""),
    Verdict.SUPPORTED: ("#009E73", "✓"),
    Verdict.MOSTLY_SUPPORTED: ("#009E73", "≈"),
    Verdict.MIXED: ("#E69F00", "±"),
    Verdict.MISLEADING: ("#E69F00", "!"),
    Verdict.UNSUPPORTED: ("#CC79A7", "?"),
    Verdict.FALSE: ("#000000", "✗"),
    Verdict.UNPROVABLE: ("#8C959F", "…"),
}
#: Colour and dash of a link's arrow, by relation.
LINK_STYLE: dict[str, tuple[QColor, Qt.PenStyle]] = {
    "disputes": (QColor(palette.DISPUTES), Qt.PenStyle.SolidLine),
    "supports": (QColor("#007A5A"), Qt.PenStyle.DashLine),
    "repeats": (QColor("#57606A"), Qt.PenStyle.DotLine),
}
PRECISION_SPAN = {
    DatePrecision.DAY: DAY_SECONDS,
    DatePrecision.MONTH: 31 * DAY_SECONDS,
    DatePrecision.YEAR: 366 * DAY_SECONDS,
}
#: Drawn in this order: long bars underneath, day marks on top.
PRECISIONS = (DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY)
FONT_FAMILIES = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial", "sans-serif"]


def make_font(pixels: float, *, bold: bool = False) -> QFont:
    """Fonts in pixels, so a picture at 2× or an SVG lays text out exactly as the view does."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(round(pixels))
    font.setBold(bold)
    return font


def pale(color: QColor, amount: float = 0.6) -> QColor:
    """``color`` mixed with white: the fill of a mark dated only to a month or a year."""
    return QColor(
        round(color.red() + (255 - color.red()) * amount),
        round(color.green() + (255 - color.green()) * amount),
        round(color.blue() + (255 - color.blue()) * amount),
    )


_COLORS: dict[str, tuple[QColor, QColor]] = {}
_OUTLINES = {verdict: QColor(color) for verdict, (color, _) in VERDICT_STYLE.items()}


def _colors(name: str) -> tuple[QColor, QColor]:
    """A label colour and its pale version, made once per colour (10k marks share a handful)."""
    found = _COLORS.get(name)
    if found is None:
        color = QColor(name)
        if not color.isValid():
            color = OTHER_COLOR
        found = _COLORS[name] = (color, pale(color))
    return found


class Mark:
    """One entry drawn in one lane (an entry in two matters has two marks); undated marks have no time."""

    __slots__ = (
        "entry",
        "lane",
        "row",
        "s0",
        "s1",
        "centre",
        "precision",
        "color",
        "fill",
        "outline",
        "precise",
        "undated_i",
    )

    def __init__(self, entry: TimelineEntry, lane: int, *, undated_i: int = -1) -> None:
        self.entry = entry
        self.lane = lane
        self.row = 0
        self.s0 = entry.start_s
        self.s1 = entry.end_s
        self.centre = None if entry.start_s is None else (entry.start_s + entry.end_s) / 2  # type: ignore[operator]
        self.precision = None if entry.date is None else entry.date.precision
        self.precise = self.precision is DatePrecision.DAY
        self.color, light = _colors(entry.label_color)
        self.fill = self.color if self.precise or entry.start_s is None else light
        self.outline = _OUTLINES[entry.verdict]
        self.undated_i = undated_i

    @property
    def kind(self) -> EntryKind:
        return self.entry.kind


def draw_shape(painter: QPainter, kind: EntryKind, x: float, y: float, r: float) -> None:
    """A claim's circle, a counterclaim's diamond or another label's square, centred on (x, y)."""
    if kind is EntryKind.CLAIM:
        painter.drawEllipse(QPointF(x, y), r, r)
    elif kind is EntryKind.COUNTERCLAIM:
        d = r * 1.3
        painter.drawPolygon(
            QPolygonF([QPointF(x, y - d), QPointF(x + d, y), QPointF(x, y + d), QPointF(x - d, y)])
        )
    else:
        s = r * 0.9
        painter.drawRect(x - s, y - s, 2 * s, 2 * s)
