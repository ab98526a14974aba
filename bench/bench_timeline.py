"""Timeline benchmark: 10k annotations across 500 articles — open the timeline, pan and zoom, the report.

Run it with ``./dev bench`` (every bench/bench_*.py) or ``.venv/bin/python bench/bench_timeline.py``; it
prints a Markdown table (median and max, the goal beside them) in about half a minute on the 2-core machine.
Everything runs offscreen against a throwaway project and data folder. ``--keep PATH`` also saves the
project there (for looking at it: ``python main.py --db PATH``).

What each figure covers:

1. data: ``project.timeline.entries(filters, by=...)`` — the Core queries and the DTOs.
2. open: the same, plus ``TimelineView.set_data`` and the first frame painted (``repaint()``, synchronous)
   in a 1200×600 view — the issue's "open the timeline ≤ 200 ms". Also the panel's ``refresh()`` + the
   frame, and (no goal) ``load_choices()``, which re-reads the filters' choices when one is next used.
3. frame while panning / zooming: ``view.pan_by(40)`` or ``view.zoom_by(1.1)`` + ``repaint()``, at "fit
   all" (all 10k marks in the window: dense lanes become density strips) and zoomed in to a month.
4. report: the chronology of all 10k entries — ``entries(full_text=True)`` + Markdown, and + the HTML page.
   For comparison (no goal): the same Markdown through ``render_html`` (Python-Markdown on every entry).
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DOCUMENTS = 500
ANNOTATIONS = 10_000
CLAIMANTS = 200
MATTERS = 30
LINKS = 3000
RUNS = 7
FRAME_RUNS = 35
_PRECISION = {4: "year", 7: "month", 10: "day"}
GOALS = {"open": 200.0, "frame": 16.0, "report": 1000.0}

_VOCABULARY = (
    "the minister said that vaccine figures rose by percent while officials denied the report claimed "
    "budget deficit climate emissions court ruling election fraud was widespread evidence shows no "
    "such thing according to the study police statement contradicts witnesses company denies workers"
)
_WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def build_project(path: Path, seed: int = 20240607) -> dict:
    """A migrated project: 500 articles (2% without a publication date), 10k annotations (claims,
    counterclaims, a few of another label) with claimants, verdicts, notes, claim dates of every
    precision (most default to the publication date), 30 matters (70% of the annotations in one, 10% in
    two) and 3,000 links. Built with Core inserts in about a second."""
    from sqlalchemy import insert

    from factcheck.services.documents import text_sha256
    from factcheck.services.project import Project
    from factcheck.store.engine import make_engine, sqlite_url
    from factcheck.store.models import (
        Annotation,
        AnnotationLink,
        Claimant,
        Document,
        Label,
        Matter,
        MatterMember,
    )

    workbench = importlib.import_module("factcheck.store.migrations.versions.0001_workbench")
    claim_id, counterclaim_id = workbench.CLAIM_ID, workbench.COUNTERCLAIM_ID
    Project.open(path).close()
    rng = random.Random(seed)
    now = datetime.now(UTC)
    context_id = str(uuid.uuid4())
    labels = [
        {
            "id": context_id,
            "name": "context",
            "color": "#009E73",
            "shortcut": "",
            "builtin": False,
            "position": 9,
        }
    ]
    claimants = [
        {
            "id": str(uuid.uuid4()),
            "name": f"Speaker {k:03d}",
            "name_key": f"speaker {k:03d}",
            "created_at": now,
        }
        for k in range(CLAIMANTS)
    ]
    matters = [
        {
            "id": str(uuid.uuid4()),
            "name": f"Matter {k:02d}: was claim {k} true?",
            "description": "",
            "created_at": now,
        }
        for k in range(MATTERS)
    ]
    start = datetime(2019, 1, 1, 12, tzinfo=UTC)
    docs, texts = [], []
    for k in range(DOCUMENTS):
        text = "\n\n".join(_sentence(rng, rng.randint(12, 30)) for _ in range(40))
        published = (
            None
            if rng.random() < 0.02
            else start + timedelta(days=rng.randint(0, 5 * 365), hours=rng.randint(0, 11))
        )
        docs.append(
            {
                "id": str(uuid.uuid4()),
                "title": f"Article {k:03d}: {_sentence(rng, 6)[:-1]}",
                "outlet": rng.choice(["Daily Bench", "The Sample Times", "Example News", "Radio Test"]),
                "author": "",
                "url": f"https://news.example/{k}",
                "published_at": published,
                "imported_at": now,
                "text": text,
                "text_sha256": text_sha256(text),
                "source_format": "txt",
                "source_name": f"{k}.txt",
            }
        )
        texts.append(text)
    verdicts = ["unverified"] * 5 + [
        "supported",
        "mostly_supported",
        "mixed",
        "misleading",
        "unsupported",
        "false",
    ]
    rows, members, by_kind = [], [], {"claim": [], "counterclaim": []}
    per_doc = ANNOTATIONS // DOCUMENTS
    for d, doc in enumerate(docs):
        text = texts[d]
        for _ in range(per_doc):
            s = rng.randrange(0, len(text) - 120)
            e = s + rng.randint(30, 110)
            roll = rng.random()
            label = claim_id if roll < 0.55 else counterclaim_id if roll < 0.95 else context_id
            precision = rng.random()
            claim_date = None
            if doc["published_at"] is not None and precision < 0.40:
                day = (doc["published_at"] - timedelta(days=rng.randint(0, 60))).date()
                claim_date = (
                    day.isoformat()
                    if precision < 0.25
                    else day.isoformat()[:7]
                    if precision < 0.36
                    else str(day.year)
                )
            annotation_id = str(uuid.uuid4())
            rows.append(
                {
                    "id": annotation_id,
                    "document_id": doc["id"],
                    "label_id": label,
                    "start": s,
                    "end": e,
                    "quote": text[s:e],
                    "prefix": text[max(0, s - 32) : s],
                    "suffix": text[e : e + 32],
                    "annotator": "bench",
                    "created_at": now,
                    "updated_at": now,
                    "claimant_id": rng.choice(claimants)["id"] if rng.random() < 0.9 else None,
                    "claim_date": claim_date,
                    "claim_date_precision": _PRECISION.get(len(claim_date or "")),
                    "verdict": rng.choice(verdicts),
                    "note": _sentence(rng, 15) if rng.random() < 0.2 else "",
                }
            )
            m = rng.random()
            if m < 0.8:
                first = rng.randrange(MATTERS)
                members.append({"matter_id": matters[first]["id"], "annotation_id": annotation_id})
                if m < 0.1:
                    second = (first + 1 + rng.randrange(MATTERS - 1)) % MATTERS
                    members.append({"matter_id": matters[second]["id"], "annotation_id": annotation_id})
            if label == claim_id:
                by_kind["claim"].append(annotation_id)
            elif label == counterclaim_id:
                by_kind["counterclaim"].append(annotation_id)
    links, seen = [], set()
    while len(links) < LINKS:
        source, target = rng.choice(by_kind["counterclaim"]), rng.choice(by_kind["claim"])
        relation = rng.choice(["disputes"] * 4 + ["supports", "repeats"])
        if (source, target, relation) in seen:
            continue
        seen.add((source, target, relation))
        links.append(
            {
                "id": str(uuid.uuid4()),
                "source_id": source,
                "target_id": target,
                "relation": relation,
                "created_at": now,
            }
        )
    engine = make_engine(sqlite_url(path))
    try:
        with engine.begin() as conn:
            conn.execute(insert(Label.__table__), labels)
            conn.execute(insert(Claimant.__table__), claimants)
            conn.execute(insert(Matter.__table__), matters)
            conn.execute(insert(Document.__table__), docs)
            conn.execute(insert(Annotation.__table__), rows)
            conn.execute(insert(MatterMember.__table__), members)
            conn.execute(insert(AnnotationLink.__table__), links)
    finally:
        engine.dispose()
    return {
        "documents": len(docs),
        "annotations": len(rows),
        "links": len(links),
        "members": len(members),
        "claim_id": claim_id,
    }


# ----- measuring -----------------------------------------------------------------------------------------


_CPU: dict[int, list[float]] = {}


def _times(action, runs: int, setup=None) -> list[float]:
    """Wall times (ms) of ``runs`` calls; the CPU times go to _CPU under the list's id. Between runs the
    event loop runs (untimed), as it does between a user's actions (it frees what a refresh replaced)."""
    from PySide6.QtCore import QCoreApplication

    out, cpu = [], []
    for _ in range(runs):
        QCoreApplication.processEvents()
        if setup is not None:
            setup()
        t, c = time.perf_counter(), time.process_time()
        action()
        out.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    _CPU[id(out)] = cpu
    return out


def _fmt(ms: float) -> str:
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="also save the 10k project to this path")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="factcheck-bench-timeline-"))
    os.environ["FACTCHECK_DATA_DIR"] = str(scratch / "data")
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    try:
        return _run(scratch, args.keep)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run(scratch: Path, keep: Path | None) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from factcheck.domain import Filters
    from factcheck.reports.chronology import html_report, markdown_report, render_html
    from factcheck.services.project import Project
    from factcheck.ui.timeline import TimelinePanel
    from factcheck.ui.timeline.view import TimelineView

    app = QApplication.instance() or QApplication([])
    path = scratch / "bench.factcheck"
    t = time.perf_counter()
    built = build_project(path)
    build_s = time.perf_counter() - t
    if keep is not None:
        shutil.copy(path, keep)
    project = Project.open(path)
    results: list[tuple[str, int, list[float], str]] = []
    try:
        filters = Filters()
        project.timeline.entries(filters)  # warm SQLite's page cache and SQLAlchemy's statement cache
        results.append(
            (
                "data: `timeline.entries()` by matter",
                RUNS,
                _times(lambda: project.timeline.entries(filters), RUNS),
                "",
            )
        )
        view = TimelineView()
        view.resize(1200, 600)
        view.show()
        app.processEvents()

        def open_view(by: str) -> None:
            view.set_data(project.timeline.entries(filters, by=by))
            view.repaint()

        for by in ("matter", "claimant", "document"):
            results.append(
                (
                    f"open: data + `set_data` + first frame, lanes by {by}",
                    RUNS,
                    _times(lambda by=by: open_view(by), RUNS),
                    "open",
                )
            )
        panel = TimelinePanel(settings=QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat))
        panel.resize(1200, 700)
        panel.show()
        panel.set_project(project)
        app.processEvents()

        def open_panel() -> None:
            panel.refresh()
            panel.view.repaint()

        results.append(("open: panel `refresh()` + frame", RUNS, _times(open_panel, RUNS), "open"))
        results.append(
            (
                "(a moment after edits, while shown) the filters' choices `filter_bar.reload_choices()`",
                RUNS,
                _times(panel.filter_bar.reload_choices, RUNS),
                "",
            )
        )
        open_view("matter")
        frames = []
        view.fit_all()
        frames.append(
            (
                "frame: pan 40 px at fit all (10k in view)",
                _times(lambda: (view.pan_by(40), view.repaint()), FRAME_RUNS),
            )
        )
        view.fit_all()
        frames.append(
            (
                "frame: zoom ×1.1 at fit all",
                _times(lambda: (view.zoom_by(1.1), view.repaint()), FRAME_RUNS, setup=view.fit_all),
            )
        )
        view.fit_all()
        view.set_window(datetime(2021, 3, 1, tzinfo=UTC), datetime(2021, 4, 1, tzinfo=UTC))
        frames.append(
            (
                "frame: pan 40 px, one month in view",
                _times(lambda: (view.pan_by(40), view.repaint()), FRAME_RUNS),
            )
        )
        view.set_window(datetime(2021, 3, 1, tzinfo=UTC), datetime(2021, 4, 1, tzinfo=UTC))
        frames.append(
            (
                "frame: zoom ×1.1, one month in view",
                _times(lambda: (view.zoom_by(1.1), view.repaint()), FRAME_RUNS),
            )
        )
        view.set_window(datetime(2021, 3, 1, tzinfo=UTC), datetime(2021, 3, 8, tzinfo=UTC))
        view.select_annotation(view.data().entries[len(view.data().entries) // 2].id)
        frames.append(
            (
                "frame: pan 40 px, a week in view, a mark selected",
                _times(lambda: (view.pan_by(40), view.repaint()), FRAME_RUNS),
            )
        )
        for name, times in frames:
            results.append((name, FRAME_RUNS, times, "frame"))
        stats = view.last_frame
        report_data = project.timeline.entries(filters, full_text=True)
        results.append(
            (
                "report: `entries(full_text=True)` + Markdown, 10k entries",
                RUNS,
                _times(lambda: markdown_report(project.timeline.entries(filters, full_text=True)), RUNS),
                "report",
            )
        )
        results.append(
            (
                "report: `entries(full_text=True)` + HTML page, 10k entries",
                RUNS,
                _times(lambda: html_report(project.timeline.entries(filters, full_text=True)), RUNS),
                "report",
            )
        )
        markdown = markdown_report(report_data)
        results.append(
            (
                "(for comparison) `render_html(markdown)` of that report",
                1,
                _times(lambda: render_html(markdown), 1),
                "",
            )
        )
        md_kb = len(markdown.encode()) / 1024
    finally:
        project.close()

    print("## Timeline (10k annotations across 500 articles)\n")
    print(
        f"Built in {build_s:.1f} s: {built['documents']} articles, {built['annotations']:,} annotations, "
        f"{built['members']:,} matter memberships (30 matters), {built['links']:,} links. Report: {md_kb:,.0f} KB of Markdown.\n"
    )
    print("| measurement | runs | median | max | median CPU | goal | |")
    print("|---|---|---|---|---|---|---|")
    for name, runs, times, goal_key in results:
        median, worst = statistics.median(times), max(times)
        cpu = _fmt(statistics.median(_CPU[id(times)]))
        goal = GOALS.get(goal_key)
        if goal is None:
            print(f"| {name} | {runs} | {_fmt(median)} | {_fmt(worst)} | {cpu} | — | |")
            continue
        ok = (worst if goal_key == "frame" else median) <= goal
        print(
            f"| {name} | {runs} | {_fmt(median)} | {_fmt(worst)} | {cpu} | ≤ {_fmt(goal)}{' (max)' if goal_key == 'frame' else ''} | "
            f"{'✅ met' if ok else '❌ missed'} |"
        )
    load = os.getloadavg()
    print(
        f"\nLast frame drew {stats.marks} marks one by one, {stats.dense_lanes} lanes as density strips, "
        f"{stats.links} faint links. Machine: nproc {os.cpu_count()}, Python {platform.python_version()}, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {date.today().isoformat()}."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
