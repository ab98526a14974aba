"""The window's layout is the researcher's: size, docks (the timeline too) and splitters come back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from factcheck.ui.window import MainWindow


def test_docks_splitters_and_the_timeline_come_back_in_the_next_window(
    qtbot, sample_window, settings, make_window
):
    window = sample_window
    path = window.workspace.project.path
    window.timeline_dock.show_panel()
    window.inspector.hide()
    window.splitter.setSizes([400, 500, 200])
    sizes = window.splitter.sizes()
    window.close()
    again = make_window(path)
    assert again.timeline_dock.isVisible()
    qtbot.waitUntil(lambda: again.timeline is not None, timeout=3000)  # built once the window is up
    assert again.timeline.isVisible()
    assert not again.inspector.isVisible()
    shares = [size / sum(sizes) for size in sizes]
    restored = again.splitter.sizes()
    assert [round(size / sum(restored), 2) for size in restored] == [round(share, 2) for share in shares]


def test_the_size_comes_back(qtbot, sample_window, settings):
    window = sample_window
    window.resize(700, 520)  # within the offscreen screen (800 × 600): restoring never clamps it
    window.close()
    again = MainWindow(settings, lambda path: None)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 520)


def test_a_first_window_has_the_default_layout_within_the_screen(qtbot, settings):
    window = MainWindow(settings, lambda path: None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    assert window.inspector.isVisible() and not window.timeline_dock.isVisible()
    assert window.dockWidgetArea(window.timeline_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
