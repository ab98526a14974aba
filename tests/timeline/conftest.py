"""Fixtures for the timeline tests: the sample matter on a real project file, and synthetic big timelines."""

from __future__ import annotations

import random

import pytest

from factcheck.domain import ClaimDate, LinkRelation, Verdict
from factcheck.reports.data import (
    EntryKind,
    LaneBy,
    TimelineData,
    TimelineEntry,
    TimelineLane,
    TimelineLink,
    claim_interval,
)
from factcheck.services.project import Project
from factcheck.services.search import make_filters
from tests.timeline.sample import SampleMatter, build_sample_matter


@pytest.fixture
def sample(project: Project) -> SampleMatter:
    return build_sample_matter(project)


@pytest.fixture
def sample_data(project: Project, sample: SampleMatter) -> TimelineData:
    return project.timeline.entries(make_filters(matter_id=sample.matter_id))


def synthetic(count: int, lanes: int = 20, *, seed: int = 7, undated: int = 50) -> TimelineData:
    """A timeline of ``count`` entries over five years in ``lanes`` lanes, without a database."""
    rng = random.Random(seed)
    colors = {EntryKind.CLAIM: "#0072B2", EntryKind.COUNTERCLAIM: "#D55E00", EntryKind.OTHER: "#009E73"}
    entries = []
    for i in range(count):
        kind = rng.choice([EntryKind.CLAIM, EntryKind.COUNTERCLAIM, EntryKind.CLAIM, EntryKind.OTHER])
        year, month, day = rng.randint(2019, 2023), rng.randint(1, 12), rng.randint(1, 28)
        roll = rng.random()
        date = (
            ClaimDate(year)
            if roll < 0.04
            else ClaimDate(year, month)
            if roll < 0.15
            else ClaimDate(year, month, day)
        )
        dated = i >= undated
        start, end = claim_interval(date) if dated else (None, None)
        entries.append(
            TimelineEntry(
                f"a{i:05d}",
                f"d{i % 500:03d}",
                kind.value if kind is not EntryKind.OTHER else "context",
                colors[kind],
                kind,
                None,
                f"Speaker {i % 97}",
                f"Quote number {i} with some words",
                rng.choice(list(Verdict)),
                None,
                "",
                "",
                date if dated else None,
                False,
                start,
                end,
                f"Article {i % 500}",
                "Outlet",
                "",
                None,
                i,
                (),
                (f"lane{i % lanes}",),
            )
        )
    dated = sorted((e for e in entries if e.start_s is not None), key=lambda e: (e.start_s, e.end_s, e.id))
    undated_entries = [e for e in entries if e.start_s is None]
    lane_list = tuple(
        TimelineLane(
            f"lane{k}",
            f"Lane {k}",
            tuple(e.id for e in dated if e.lane_keys[0] == f"lane{k}"),
            tuple(e.id for e in undated_entries if e.lane_keys[0] == f"lane{k}"),
        )
        for k in range(lanes)
    )
    claims = [e.id for e in dated if e.kind is EntryKind.CLAIM]
    counters = [e.id for e in dated if e.kind is EntryKind.COUNTERCLAIM]
    links = tuple(
        TimelineLink(f"l{k}", rng.choice(counters), rng.choice(claims), LinkRelation.DISPUTES)
        for k in range(count // 4)
    )
    return TimelineData(LaneBy.MATTER, tuple(dated), tuple(undated_entries), lane_list, links)
