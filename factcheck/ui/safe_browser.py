"""A rich-text view for sanitised HTML that never loads anything and opens web links only on a click."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from factcheck.text.markdown_safe import render_markdown

WEB_SCHEMES = frozenset({"http", "https", "mailto"})
RENDER_DELAY_MS = 250


class SafeBrowser(QTextBrowser):
    """Shows HTML from render_markdown. Every resource load (images, style sheets, files) is refused here too,
    so even HTML that slipped past the sanitiser cannot fetch or read anything."""

    link_opened = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open)
        self.refused_loads: list[str] = []

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 - Qt's name
        self.refused_loads.append(url.toString())
        return None

    def _open(self, url: QUrl) -> None:
        if url.scheme().lower() in WEB_SCHEMES:
            self.link_opened.emit(url.toString())
            QDesktopServices.openUrl(url)


class MarkdownPreview(SafeBrowser):
    """Renders Markdown a moment after typing stops, off the UI thread: a megabyte or pathological
    nesting never freezes the window, and a newer text always wins over an older, slower render."""

    rendered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = ""
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RENDER_DELAY_MS)
        self._timer.timeout.connect(self._start)
        self._done.connect(self._show)

    _done = Signal(int, str)

    def set_markdown(self, source: str, *, immediately: bool = False) -> None:
        self._source = source
        self._generation += 1
        if immediately:
            self._timer.stop()
            self._start()
        else:
            self._timer.start()

    def _start(self) -> None:
        generation, source = self._generation, self._source
        done = self._done

        def render() -> None:
            html = render_markdown(source)
            with contextlib.suppress(RuntimeError):  # the preview was closed while rendering
                done.emit(generation, html)

        QThreadPool.globalInstance().start(render)

    def _show(self, generation: int, html: str) -> None:
        if generation == self._generation:
            self.setHtml(html)
            self.rendered.emit()
