"""The timeline as a picture — PNG at 1×, 2× or 3×, or SVG — painted by the same code as the view.

Works without a window or a display (QT_QPA_PLATFORM=offscreen): the command line's ``timeline --format
png|svg`` comes here through :func:`render_picture`, which factcheck.app hands to factcheck.cli.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from factcheck.domain import BadInputError
from factcheck.reports.data import TimelineData
from factcheck.ui.timeline.paint import paint_scene
from factcheck.ui.timeline.scene import TimelineScene
from factcheck.ui.timeline.style import INK, LEGEND_H, make_font

#: A "fit all" picture's width in logical pixels when none is given.
DEFAULT_WIDTH = 1600
#: Tallest "fit all" picture (logical pixels): lanes past it are left out, with a note.
MAX_HEIGHT = 12_000
#: Largest PNG, in pixels (width × height × scale²).
MAX_PIXELS = 150_000_000
TITLE_H = 44.0
FORMATS = ("png", "svg")
SCALES = (1, 2, 3)


def ensure_gui() -> QGuiApplication:
    """The running Qt application, or a new one (fonts need one). A QApplication, not a bare
    QGuiApplication, so that widgets made later in the same process (a test run) still work."""
    app = QApplication.instance()
    return app if app is not None else QApplication([])  # type: ignore[return-value]


def fit_all_scene(data: TimelineData, *, width: float = DEFAULT_WIDTH) -> TimelineScene:
    """A scene showing everything: every lane at its natural height, the whole time span, a legend."""
    scene = TimelineScene(data, width=width, height=400)
    scene.legend = True
    # Lanes a little taller than their rows: room for the links' arcs.
    headroom = min(len(data.lanes) * 24.0, 240.0)
    scene.resize(width, min(scene.natural_height() + headroom, MAX_HEIGHT))
    scene.fit_all()
    return scene


def copy_scene(scene: TimelineScene) -> TimelineScene:
    """The scene as it is on screen (size, time window, scroll, undated strip), with a legend added below."""
    copy = TimelineScene(scene.data, width=scene.width, height=scene.height)
    copy.legend = True
    copy.resize(scene.width, scene.height + (0 if scene.legend else LEGEND_H))
    copy.set_window(scene.t0, scene.t1)
    copy.scroll_y = scene.scroll_y
    copy.undated_offset = scene.undated_offset
    copy.layout()
    copy.scroll_y = scene.scroll_y
    return copy


def _paint(scene: TimelineScene, painter: QPainter, title: str, selected: str | None) -> None:
    painter.fillRect(QRectF(0, 0, scene.width, scene.height + (TITLE_H if title else 0)), QColor("#FFFFFF"))
    if title:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setFont(make_font(18, bold=True))
        painter.setPen(INK)
        painter.drawText(QRectF(16, 0, scene.width - 32, TITLE_H), Qt.AlignmentFlag.AlignVCenter, title)
        painter.translate(0, TITLE_H)
    paint_scene(scene, painter, selected=selected)


def render_image(
    scene: TimelineScene, *, scale: float = 1.0, title: str = "", selected: str | None = None
) -> QImage:
    """The scene painted on an image ``scale`` times its size in pixels (text and shapes stay sharp)."""
    ensure_gui()
    height = scene.height + (TITLE_H if title else 0)
    pixels = scene.width * height * scale * scale
    if pixels > MAX_PIXELS:
        raise BadInputError(
            f"That picture would have {pixels / 1e6:.0f} million pixels; choose a smaller scale, "
            "fewer lanes (a filter), or SVG."
        )
    image = QImage(
        round(scene.width * scale), round(height * scale), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.setDevicePixelRatio(scale)
    dots = round(96 / 0.0254 * scale)
    image.setDotsPerMeterX(dots)
    image.setDotsPerMeterY(dots)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    try:
        _paint(scene, painter, title, selected)
    finally:
        painter.end()
    return image


def save_png(
    scene: TimelineScene,
    path: Path | str,
    *,
    scale: float = 1.0,
    title: str = "",
    selected: str | None = None,
) -> Path:
    path = Path(path)
    image = render_image(scene, scale=scale, title=title, selected=selected)
    if not image.save(str(path), "PNG"):
        raise BadInputError(f"Could not write the picture to {path}.")
    return path


def save_svg(scene: TimelineScene, path: Path | str, *, title: str = "", selected: str | None = None) -> Path:
    """The scene as an SVG drawing (text stays text); titled for screen readers and file browsers."""
    ensure_gui()
    path = Path(path)
    height = scene.height + (TITLE_H if title else 0)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(round(scene.width), round(height)))
    generator.setViewBox(QRect(0, 0, round(scene.width), round(height)))
    generator.setResolution(96)
    generator.setTitle(title or "Claim timeline")
    generator.setDescription(_description(scene))
    painter = QPainter()
    if not painter.begin(generator):
        raise BadInputError(f"Could not write the picture to {path}.")
    try:
        _paint(scene, painter, title, selected)
    finally:
        painter.end()
    if not path.exists():
        raise BadInputError(f"Could not write the picture to {path}.")
    return path


def _description(scene: TimelineScene) -> str:
    data = scene.data
    lanes = ", ".join(lane.title for lane in data.lanes[:12]) + ("…" if len(data.lanes) > 12 else "")
    return (
        f"Claim timeline made by factcheck: {len(data.entries)} dated and {len(data.undated)} undated "
        f"annotations in {len(data.lanes)} lanes by {data.by.value} ({lanes}); {scene.window_text()}."
    )


def render_picture(
    data: TimelineData, path: Path | str, fmt: str, *, scale: float = 1.0, title: str = ""
) -> Path:
    """Write ``data`` as a "fit all" picture: ``fmt`` is "png" (at ``scale``) or "svg". What the CLI calls."""
    ensure_gui()
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise BadInputError(f"{fmt!r} is not a picture format; choose png or svg.")
    scene = fit_all_scene(data)
    if fmt == "svg":
        return save_svg(scene, path, title=title)
    return save_png(scene, path, scale=scale, title=title)
