"""The one rich-text view for HTML the app did not write itself (a note's Markdown, the chronology report):
it loads nothing, ever, and opens web links in the system browser only when they are clicked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from factcheck.text.markdown_safe import render_markdown
from factcheck.ui.jobs import Jobs

#: Schemes a click may open, in the system's browser or mail program.
WEB_SCHEMES = frozenset({"http", "https", "mailto"})
RENDER_DELAY_MS = 250


class SafeBrowser(QTextBrowser):
    """Shows sanitised HTML. Every resource load (images, style sheets, files, pages) is refused here too,
    so even HTML that slipped past the sanitiser cannot fetch or read anything."""

    #: A web link was clicked and handed to the system (its address).
    link_opened = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        #: Every address a load was asked for (and refused).
        self.refused_loads: list[str] = []
        #: How a clicked web link is opened.
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.anchorClicked.connect(self._clicked)

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 - Qt's name
        self.refused_loads.append(url.toString())
        return None

    def _clicked(self, url: QUrl) -> None:
        if url.scheme().lower() in WEB_SCHEMES:
            self.link_opened.emit(url.toString())
            self.open_url(url)


class MarkdownPreview(SafeBrowser):
    """Renders Markdown a moment after typing stops, as a background job: a megabyte or pathological
    nesting never freezes the window, and a newer text always wins over an older, slower render."""

    rendered = Signal()

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._source = ""
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RENDER_DELAY_MS)
        self._timer.timeout.connect(self._start)

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
        if not source.strip():  # nothing to render: no job (a new annotation has no note yet)
            self._show((generation, ""))
            return
        # A bound method as the receiver: Qt drops the connection if the preview is closed meanwhile.
        self._jobs.start(
            lambda _report, _cancelled: (generation, render_markdown(source)), on_success=self._show
        )

    def _show(self, result: tuple[int, str]) -> None:
        generation, html = result
        if generation == self._generation:
            self.setHtml(html)
            self.rendered.emit()
