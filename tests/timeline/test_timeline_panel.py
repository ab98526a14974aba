"""The timeline panel: filters and lanes, picture export, the chronology report's safe preview and saving."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QImage

from factcheck.services.project import Project
from factcheck.ui.dialogs.timeline_dialogs import ChronologyDialog
from factcheck.ui.safe_browser import SafeBrowser
from factcheck.ui.timeline import TimelinePanel
from tests.timeline.sample import MATTER, SampleMatter


@pytest.fixture
def panel(qtbot, tmp_path, project: Project, sample: SampleMatter) -> TimelinePanel:
    widget = TimelinePanel(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(widget)
    widget.resize(1200, 520)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_project(project)
    return widget


def _ids(panel: TimelinePanel) -> list[str]:
    return [e.id for e in panel.data().all_entries]


def test_the_panel_shows_the_project_and_filters_it(
    qtbot, panel: TimelinePanel, project: Project, sample: SampleMatter
) -> None:
    assert _ids(panel) == [sample.unsafe, sample.chaotic, sample.letter, sample.comment]
    panel.set_matter(sample.matter_id)
    qtbot.waitUntil(
        lambda: panel.filters().matter_id == sample.matter_id and panel.data().matter_name == MATTER
    )
    bar = panel.filter_bar
    bar.verdict_combo.setCurrentIndex(bar.verdict_combo.findData("false"))
    qtbot.waitUntil(lambda: len(panel.data()) == 0)
    bar.verdict_combo.setCurrentIndex(0)
    bar.date_from.setText("2021-12")
    qtbot.waitUntil(lambda: _ids(panel) == [sample.letter, sample.comment])
    bar.date_from.setText("December")
    qtbot.waitUntil(lambda: len(panel.data()) == 4)  # a date that does not parse is left out, and marked
    assert "not a claim date" in bar.hint.text()
    assert "cannot be used" in panel.status.text()
    panel.set_lanes_by("claimant")
    qtbot.waitUntil(lambda: len(panel.data().lanes) == 3)


def test_selection_goes_both_ways(qtbot, panel: TimelinePanel, sample: SampleMatter) -> None:
    view = panel.view
    with qtbot.waitSignal(panel.annotation_selected) as selected:
        qtbot.mouseClick(
            view, Qt.MouseButton.LeftButton, pos=view.mark_rect(sample.letter).center().toPoint()
        )
    assert selected.args == [sample.letter]
    with qtbot.waitSignal(panel.annotation_opened) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Enter)
    assert opened.args == [sample.letter]
    with qtbot.assertNotEmitted(panel.annotation_selected):
        assert panel.select_annotation(sample.unsafe)
    assert view.selected_id() == sample.unsafe


def test_a_refresh_after_an_edit_keeps_the_view(
    qtbot, panel: TimelinePanel, project: Project, sample: SampleMatter
) -> None:
    panel.view.zoom_by(2)
    panel.select_annotation(sample.letter)
    window = (panel.view.scene.t0, panel.view.scene.t1)
    project.annotations.update(sample.comment, verdict="false")
    panel.refresh()
    assert (panel.view.scene.t0, panel.view.scene.t1) == window
    assert panel.view.selected_id() == sample.letter
    assert next(e for e in panel.data().entries if e.id == sample.comment).verdict.value == "false"
    project.matters.create("A new matter")
    panel.refresh()
    # The filters' choices are re-read a moment after the refresh (a burst of edits re-reads them once).
    matters = panel.filter_bar.matter_combo
    assert matters.findText("A new matter") < 0
    qtbot.waitUntil(lambda: matters.findText("A new matter") > 0)
    panel.set_project(None)
    assert len(panel.data()) == 0 and not panel.isEnabled()


def test_export_pictures(panel: TimelinePanel, tmp_path) -> None:
    png = panel.export_picture(tmp_path / "fit.png", scale=2)
    image = QImage(str(png))
    assert image.width() == 2 * max(panel.view.width(), 1200)
    seen = panel.export_picture(tmp_path / "seen.png", scale=1, extent="seen")
    image = QImage(str(seen))
    assert image.width() == panel.view.width() and image.height() > panel.view.height()  # a title and legend
    svg = panel.export_picture(tmp_path / "timeline.svg")
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "<title>Claim timeline</title>" in text and "crew members who quit" in text


def test_the_report_preview_loads_nothing_and_opens_only_web_links(
    qtbot, panel: TimelinePanel, project: Project, sample: SampleMatter, tmp_path
) -> None:
    project.annotations.update(
        sample.unsafe, note="![x](https://evil.example/p.png) <img src='file:///etc/passwd'>"
    )
    panel.set_matter(sample.matter_id)
    qtbot.waitUntil(lambda: panel.data().matter_name == MATTER)
    dialog = panel.show_report()
    assert isinstance(dialog, ChronologyDialog)
    qtbot.addWidget(dialog)
    assert "Chronology: Was the Rust set unsafe?" in dialog.browser.toPlainText()
    assert "9 December 2021 — Counterclaim" in dialog.browser.toPlainText()
    assert dialog.browser.refused_loads == []
    assert "evil.example" not in dialog.html and "<img" not in dialog.html
    md = dialog.save(tmp_path / "report.md")
    html = dialog.save(tmp_path / "report.html")
    assert md.read_text(encoding="utf-8").startswith("# Chronology: Was the Rust set unsafe?")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_safe_browser_refuses_every_resource_and_opens_http_links_on_click(qtbot) -> None:
    browser = SafeBrowser()
    qtbot.addWidget(browser)
    opened: list[str] = []
    browser.open_url = lambda url: opened.append(url.toString())
    browser.setHtml(
        "<p><img src='https://evil.example/a.png'><img src='file:///etc/passwd'>"
        "<a href='https://example.org/'>web</a></p>"
    )
    browser.show()
    qtbot.waitExposed(browser)
    assert browser.loadResource(2, QUrl("https://evil.example/a.png")) is None
    assert all(url in browser.refused_loads for url in ("https://evil.example/a.png", "file:///etc/passwd"))
    for url in ("https://example.org/", "javascript:alert(1)", "file:///etc/passwd", "http://example.org/x"):
        browser.anchorClicked.emit(QUrl(url))
    assert opened == ["https://example.org/", "http://example.org/x"]
    assert not browser.openLinks() and not browser.openExternalLinks()


def test_ctrl_tab_leaves_the_timeline_at_once(qtbot, panel: TimelinePanel, sample: SampleMatter) -> None:
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus)
    qtbot.keyClick(panel.view, Qt.Key.Key_Tab)
    assert panel.view.hasFocus() and panel.view.selected_id() == sample.unsafe  # Tab steps through marks
    qtbot.keyClick(panel.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert not panel.view.hasFocus()
    assert "Ctrl+Tab leaves" in panel.view.accessibleDescription()
