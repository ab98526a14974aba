"""The timeline view: marks where their dates are, in the right lanes; a rendered picture has them there too;
zoom, pan, keyboard path, selection signals, screen-reader announcements; 10k marks."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QNativeGestureEvent, QPointingDevice, QWheelEvent
from PySide6.QtWidgets import QApplication

from factcheck.domain import ImportedDocument
from factcheck.reports.data import TimelineData
from factcheck.services.project import Project
from factcheck.services.search import make_filters
from factcheck.ui.timeline.axis import axis_ticks, choose_step
from factcheck.ui.timeline.render import render_image, save_png, save_svg
from factcheck.ui.timeline.scene import EMPTY
from factcheck.ui.timeline.style import pale
from factcheck.ui.timeline.view import TimelineView, tooltip_html
from tests.timeline.conftest import synthetic
from tests.timeline.sample import SampleMatter

CLAIM_BLUE = QColor("#0072B2")
COUNTER_VERMILLION = QColor("#D55E00")


@pytest.fixture
def view(qtbot) -> TimelineView:
    widget = TimelineView()
    qtbot.addWidget(widget)
    widget.resize(1200, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _close(a: QColor, b: QColor, tolerance: int = 6) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def _centre_x(view: TimelineView, annotation_id: str) -> float:
    return view.mark_rect(annotation_id).center().x()


def test_marks_sit_at_their_dates_in_time_order(
    view: TimelineView, sample_data: TimelineData, sample: SampleMatter
) -> None:
    view.set_data(sample_data)
    xs = [_centre_x(view, i) for i in (sample.unsafe, sample.chaotic, sample.letter, sample.comment)]
    assert xs[0] == xs[1] < xs[2] == xs[3]
    # A month's mark is in the middle of the month, on a bar across the whole month.
    assert xs[0] == pytest.approx(view.x_for(datetime(2021, 10, 16, 12, tzinfo=UTC)), abs=0.01)
    bar = view.bar_rect(sample.unsafe)
    assert bar.left() == pytest.approx(view.x_for(date(2021, 10, 1)), abs=0.01)
    assert bar.right() == pytest.approx(view.x_for(date(2021, 11, 1)), abs=0.01)
    # A day's mark is at the middle of the day.
    assert xs[2] == pytest.approx(view.x_for(datetime(2021, 12, 9, 12, tzinfo=UTC)), abs=0.01)
    # Everything is inside the plot after "fit all", and marks of one period do not overlap.
    for annotation_id in (sample.unsafe, sample.letter):
        rect = view.mark_rect(annotation_id)
        assert view.scene.plot_left < rect.left() and rect.right() < view.scene.plot_right
    assert not view.mark_rect(sample.unsafe).intersects(view.mark_rect(sample.chaotic))
    assert not view.mark_rect(sample.letter).intersects(view.mark_rect(sample.comment))


def test_lanes_by_matter_and_by_claimant(view: TimelineView, project: Project, sample: SampleMatter) -> None:
    view.set_data(project.timeline.entries(make_filters(matter_id=sample.matter_id)))
    assert {view.lane_of(i) for i in (sample.unsafe, sample.chaotic, sample.letter, sample.comment)} == {0}
    lane = view.lane_rect(0)
    assert all(lane.contains(view.mark_rect(i)) for i in (sample.unsafe, sample.letter, sample.comment))
    view.set_data(project.timeline.entries(make_filters(matter_id=sample.matter_id), by="claimant"))
    assert [view.lane_of(i) for i in (sample.unsafe, sample.chaotic, sample.letter, sample.comment)] == [
        0,
        0,
        1,
        2,
    ]
    for annotation_id, index in ((sample.unsafe, 0), (sample.letter, 1), (sample.comment, 2)):
        assert view.lane_rect(index).contains(view.mark_rect(annotation_id).center())
    assert view.lane_rect(0).bottom() <= view.lane_rect(1).top()


def test_an_annotation_in_two_matters_has_a_mark_in_each_lane(
    view: TimelineView, project: Project, sample: SampleMatter
) -> None:
    other = project.matters.create("Was the crew disgruntled?")
    project.matters.add_member(other.id, sample.letter)
    view.set_data(project.timeline.entries())
    assert view.lanes_of(sample.letter) == [0, 1]
    a, b = view.mark_rects(sample.letter)
    assert a.center().x() == b.center().x() and a.center().y() < b.center().y()


def test_the_rendered_picture_has_each_mark_in_its_colour_where_it_must_be(
    view: TimelineView, sample_data: TimelineData, sample: SampleMatter, tmp_path
) -> None:
    view.set_data(sample_data)
    for scale in (1, 2):
        path = save_png(view.scene, tmp_path / f"timeline@{scale}x.png", scale=scale)
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1200 * scale, 420 * scale)
        for annotation_id, colour in (
            (sample.letter, COUNTER_VERMILLION),
            (sample.comment, COUNTER_VERMILLION),
            (sample.unsafe, pale(CLAIM_BLUE)),  # dated to a month: a pale mark on its bar
            (sample.chaotic, pale(CLAIM_BLUE)),
        ):
            centre = view.mark_rect(annotation_id).center() * scale
            assert _close(image.pixelColor(centre.toPoint()), colour), (annotation_id, scale)
        # Away from the marks, between the lane's two rows, it is background.
        between = (
            view.mark_rect(sample.unsafe).center().y() + view.mark_rect(sample.chaotic).center().y()
        ) / 2
        empty = QPointF(view.x_for(datetime(2021, 11, 18, 12, tzinfo=UTC)), between) * scale
        assert _close(image.pixelColor(empty.toPoint()), QColor("#FFFFFF"), 12)
    # The view on screen shows the same.
    shot = view.grab().toImage()
    assert _close(shot.pixelColor(view.mark_rect(sample.letter).center().toPoint()), COUNTER_VERMILLION)


def test_a_mark_known_only_to_the_year(view: TimelineView, project: Project, sample: SampleMatter) -> None:
    project.annotations.update(sample.chaotic, claim_date="2021")
    view.set_data(project.timeline.entries(make_filters(matter_id=sample.matter_id)))
    bar = view.bar_rect(sample.chaotic)
    assert bar.left() == pytest.approx(view.x_for(date(2021, 1, 1)), abs=0.01)
    assert bar.right() == pytest.approx(view.x_for(date(2022, 1, 1)), abs=0.01)
    assert _centre_x(view, sample.chaotic) == pytest.approx(
        view.x_for(datetime(2021, 7, 2, 12, tzinfo=UTC)), abs=0.01
    )
    image = render_image(view.scene)
    assert _close(image.pixelColor(view.mark_rect(sample.chaotic).center().toPoint()), pale(CLAIM_BLUE))


def test_a_matter_with_one_claim(view: TimelineView, project: Project, sample: SampleMatter) -> None:
    matter = project.matters.create("Only the allegation")
    project.matters.add_member(matter.id, sample.unsafe)
    view.set_data(project.timeline.entries(make_filters(matter_id=matter.id)))
    rect = view.mark_rect(sample.unsafe)
    assert view.scene.plot_left < rect.left() < rect.right() < view.scene.plot_right
    view.repaint()
    assert view.last_frame.marks == 1


def test_a_matter_with_no_dated_claims_is_shown_in_the_undated_strip(
    view: TimelineView, project: Project
) -> None:
    doc = project.documents.add(
        ImportedDocument(text="Undated: the set was a death trap.", source_format="txt")
    )
    matter = project.matters.create("Was the set a death trap?")
    claim = project.labels.by_name("claim").id
    row = project.annotations.create_from_quote(
        doc.id, "the set was a death trap", claim, matter_ids=[matter.id]
    )
    view.set_data(project.timeline.entries(make_filters(matter_id=matter.id)))
    assert view.is_undated(row.id) and view.lane_of(row.id) is None
    rect = view.mark_rect(row.id)
    assert rect.top() >= view.scene.undated_top and rect.bottom() <= view.height()
    assert len(view.data().lanes) == 1
    image = render_image(view.scene)
    assert _close(image.pixelColor(rect.center().toPoint()), CLAIM_BLUE)
    view.repaint()
    assert view.last_frame.marks == 1


def test_ten_thousand_marks_render_without_errors(view: TimelineView, tmp_path) -> None:
    data = synthetic(10_000)
    view.set_data(data)
    view.repaint()
    assert view.last_frame.dense_lanes > 0  # at "fit all" the crowded lanes are density strips
    for _ in range(3):
        view.zoom_by(4)
        view.repaint()
    view.pan_by(300)
    view.repaint()
    assert view.last_frame.marks > 0
    view.select_annotation(data.entries[5000].id)
    view.repaint()
    assert save_png(view.scene, tmp_path / "big.png", scale=2).stat().st_size > 10_000
    assert "<svg" in save_svg(view.scene, tmp_path / "big.svg").read_text(encoding="utf-8")[:2000]


def test_clicks_select_and_double_clicks_open(
    qtbot, view: TimelineView, sample_data: TimelineData, sample: SampleMatter
) -> None:
    view.set_data(sample_data)
    centre = view.mark_rect(sample.letter).center().toPoint()
    with qtbot.waitSignal(view.annotation_selected) as selected:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=centre)
    assert selected.args == [sample.letter] and view.selected_id() == sample.letter
    with qtbot.waitSignal(view.annotation_opened) as opened:
        qtbot.mouseDClick(
            view, Qt.MouseButton.LeftButton, pos=view.mark_rect(sample.unsafe).center().toPoint()
        )
    assert opened.args == [sample.unsafe]
    # A click on empty space clears the selection ("").
    with qtbot.waitSignal(view.annotation_selected) as cleared:
        qtbot.mouseClick(
            view,
            Qt.MouseButton.LeftButton,
            pos=QPoint(int(view.x_for(date(2021, 11, 20))), view.height() - 40),
        )
    assert cleared.args == [""] and view.selected_id() is None
    # Selecting from outside emits nothing.
    with qtbot.assertNotEmitted(view.annotation_selected):
        assert view.select_annotation(sample.comment)
    assert view.selected_id() == sample.comment


def test_keyboard_path_through_the_marks_in_time_order(
    qtbot, view: TimelineView, sample_data: TimelineData, sample: SampleMatter
) -> None:
    view.set_data(sample_data)
    view.setFocus()
    seen = []
    view.annotation_selected.connect(seen.append)
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert seen == [sample.unsafe, sample.chaotic, sample.letter, sample.comment]
    # The selected mark is announced: name and description of the widget.
    assert (
        "Counterclaim 4 of 4" in view.accessibleName() and "an Instagram commenter" in view.accessibleName()
    )
    assert "9 December 2021" in view.accessibleName()
    assert "Comment on Alec Baldwin" in view.accessibleDescription()
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # past the last: no wrap, focus may move on
    assert seen[-1] == sample.comment and view.selected_id() == sample.comment
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert seen[-2:] == [sample.letter, sample.chaotic]
    assert "crew members who quit" in view.accessibleName() and "October 2021" in view.accessibleName()
    with qtbot.waitSignal(view.annotation_opened) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [sample.chaotic]
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.selected_id() is None and seen[-1] == "" and view.accessibleName() == "Timeline"


def test_up_and_down_move_to_the_nearest_mark_in_the_next_lane(
    qtbot, view: TimelineView, project: Project, sample: SampleMatter
) -> None:
    view.set_data(project.timeline.entries(make_filters(matter_id=sample.matter_id), by="claimant"))
    view.select_annotation(sample.chaotic)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_id() == sample.letter
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_id() == sample.comment
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.selected_id() == sample.letter


def test_zoom_pan_and_fit_all(qtbot, view: TimelineView, sample_data: TimelineData) -> None:
    view.set_data(sample_data)
    fitted = (view.scene.t0, view.scene.t1)
    span = fitted[1] - fitted[0]
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.scene.t1 - view.scene.t0 == pytest.approx(span / 1.5)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.scene.t1 - view.scene.t0 == pytest.approx(span)
    before = view.scene.t0
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.scene.t0 > before
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert (view.scene.t0, view.scene.t1) == pytest.approx(fitted)
    # Ctrl+wheel zooms around the pointer: the time under it stays put.
    anchor = QPointF(700, 200)
    time_there = view.scene.t_for(anchor.x())
    wheel = QWheelEvent(
        anchor,
        view.mapToGlobal(anchor),
        QPoint(),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view, wheel)
    assert view.scene.t1 - view.scene.t0 == pytest.approx(span / 1.44)
    assert view.scene.t_for(anchor.x()) == pytest.approx(time_there)
    # A pinch (trackpad zoom gesture) zooms too.
    width = view.scene.t1 - view.scene.t0
    pinch = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        QPointingDevice.primaryPointingDevice(),
        2,
        anchor,
        anchor,
        view.mapToGlobal(anchor),
        0.25,
        QPointF(),
    )
    QApplication.sendEvent(view, pinch)
    assert view.scene.t1 - view.scene.t0 == pytest.approx(width / 1.25)
    assert view.scene.t_for(anchor.x()) == pytest.approx(time_there)
    # Dragging pans: the time under the pointer follows it.
    start, end = QPoint(600, 200), QPoint(500, 200)
    t_start = view.scene.t_for(start.x())
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, QPoint(560, 200))
    qtbot.mouseMove(view, end)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)
    assert view.scene.t_for(end.x()) == pytest.approx(t_start)
    assert view.selected_id() is None  # a drag is not a click


def test_hover_tooltip_says_what_who_where_when_and_the_verdict(
    view: TimelineView, project: Project, sample: SampleMatter
) -> None:
    project.annotations.update(sample.letter, verdict="misleading")
    view.set_data(project.timeline.entries(make_filters(matter_id=sample.matter_id)))
    mark = view.scene.marks[sample.letter][0]
    html = tooltip_html(mark)
    for text in (
        "Counterclaim",
        "9 December 2021",
        "The descriptions of ‘Rust’",
        "the cast and crew of Rust",
        "Direct quote",
        "Alec Baldwin Shares",
        "Misleading",
    ):
        assert text in html, text
    assert "known to the month" in tooltip_html(view.scene.marks[sample.unsafe][0])
    assert view.scene.hit(view.mark_rect(sample.letter).center()) is mark


def test_a_refresh_keeps_the_zoom_and_the_selection(
    view: TimelineView, sample_data: TimelineData, sample: SampleMatter
) -> None:
    view.set_data(sample_data)
    view.zoom_by(2)
    view.select_annotation(sample.letter, reveal=False)
    window = (view.scene.t0, view.scene.t1)
    view.set_data(sample_data, keep_window=True)
    assert (view.scene.t0, view.scene.t1) == window and view.selected_id() == sample.letter
    view.set_data(EMPTY)
    assert view.selected_id() is None
    view.repaint()


def test_axis_ticks_adapt_from_years_to_hours() -> None:
    year = 365.25 * 86400
    assert choose_step(0, 30 * year, 1000)[0] == "year"
    assert choose_step(0, 2 * year, 1000) == ("month", 3)
    assert choose_step(0, 60 * 86400, 1000)[0] in ("week", "day")
    assert choose_step(0, 2 * 86400, 1000)[0] == "hour"
    minor, major = axis_ticks(
        datetime(2021, 12, 9, tzinfo=UTC).timestamp(), datetime(2021, 12, 10, tzinfo=UTC).timestamp(), 1000
    )
    assert [t.label for t in minor][:3] == ["00:00", "03:00", "06:00"]
    assert major[0].label == "Thursday 9 December 2021"
    minor, major = axis_ticks(
        datetime(2021, 9, 20, tzinfo=UTC).timestamp(), datetime(2021, 12, 20, tzinfo=UTC).timestamp(), 1000
    )
    assert [t.label for t in major] == ["September 2021", "October 2021", "November 2021", "December 2021"]
