"""The timeline's dialogs: the chronology report's preview (which loads nothing) and the picture export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.ui.safe_browser import SafeBrowser


class ChronologyDialog(QDialog):
    """The chronology report previewed, with Save as Markdown… and Save as HTML…"""

    def __init__(
        self,
        title: str,
        markdown: str,
        html: str,
        preview_html: str,
        *,
        note: str = "",
        start_folder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Chronology report — {title}")
        self.resize(820, 760)
        self.markdown = markdown
        self.html = html
        self.start_folder = start_folder
        self.saved: list[Path] = []
        self.browser = SafeBrowser(self)
        self.browser.setAccessibleName("Chronology report preview")
        self.browser.document().setDefaultStyleSheet("blockquote { margin-left: 12px; }")
        self.browser.setHtml(preview_html)
        layout = QVBoxLayout(self)
        if note:
            label = QLabel(note, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_md = QPushButton("Save as &Markdown…", self)
        self.save_html = QPushButton("Save as &HTML…", self)
        buttons.addButton(self.save_md, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_html, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_md.clicked.connect(lambda: self._ask_save("md"))
        self.save_html.clicked.connect(lambda: self._ask_save("html"))
        layout.addWidget(buttons)
        self._file_stem = _file_stem(title)

    def save(self, path: Path | str, fmt: str | None = None) -> Path:
        """Write the report to ``path`` as Markdown or HTML (by ``fmt``, else by the file's suffix)."""
        path = Path(path)
        fmt = fmt or ("html" if path.suffix.lower() in (".html", ".htm") else "md")
        path.write_text(self.html if fmt == "html" else self.markdown, encoding="utf-8")
        self.saved.append(path)
        return path

    def _ask_save(self, fmt: str) -> None:
        suffix, filt = (".html", "Web page (*.html)") if fmt == "html" else (".md", "Markdown (*.md)")
        start = str(Path(self.start_folder or Path.home()) / f"{self._file_stem}{suffix}")
        name, _ = QFileDialog.getSaveFileName(self, "Save the chronology report", start, filt)
        if not name:
            return
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(suffix)
        try:
            self.save(path, fmt)
        except OSError as exc:
            QMessageBox.warning(self, "Report not saved", f"Could not write {path}: {exc.strerror or exc}.")


def _file_stem(title: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    return "-".join(keep.lower().split())[:80] or "chronology"


class PictureDialog(QDialog):
    """Choose the picture: PNG (1×, 2×, 3×) or SVG, as seen or everything ("fit all")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export the timeline as a picture")
        form = QFormLayout()
        self.format = QComboBox(self)
        self.format.addItem("PNG image", "png")
        self.format.addItem("SVG drawing", "svg")
        self.scale = QComboBox(self)
        for n in (1, 2, 3):
            self.scale.addItem(f"{n}×" + (" (for slides and print)" if n == 2 else ""), n)
        self.scale.setCurrentIndex(1)
        extent_box = QWidget(self)
        extent_layout = QHBoxLayout(extent_box)
        extent_layout.setContentsMargins(0, 0, 0, 0)
        self.as_seen = QRadioButton("&As seen", extent_box)
        self.fit_all = QRadioButton("&Everything (fit all)", extent_box)
        self.fit_all.setChecked(True)
        group = QButtonGroup(extent_box)
        group.addButton(self.as_seen)
        group.addButton(self.fit_all)
        extent_layout.addWidget(self.as_seen)
        extent_layout.addWidget(self.fit_all)
        form.addRow("&Format:", self.format)
        form.addRow("&Resolution:", self.scale)
        form.addRow("Show:", extent_box)
        self.format.currentIndexChanged.connect(
            lambda: self.scale.setEnabled(self.format.currentData() == "png")
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str, int, str]:
        """(format, scale, extent) with extent "seen" or "fit"."""
        return (
            self.format.currentData(),
            int(self.scale.currentData()),
            "seen" if self.as_seen.isChecked() else "fit",
        )
