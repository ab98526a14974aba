"""Workbench benchmark: start-up, opening a 1 MB / 10k-highlight article, adding and undoing one, scrolling.

Run it with ``./dev bench`` (every bench/bench_*.py) or ``.venv/bin/python bench/bench_workbench.py``;
it prints a Markdown table (median and max over repeated runs, with the goals beside them) in well under
a minute on an idle 2-core machine. ``--profile`` adds cProfile listings of the in-window measurements
(2–5). Everything runs offscreen against throwaway project, data and settings folders.

What each figure covers:

1. first painted window: ``python main.py --db PROJECT`` in a subprocess, from just before spawning it to the
   end of its first painted frame (FACTCHECK_BENCH_FIRST_PAINT hook in factcheck/ui/application.py);
   for a new empty project and for the 1 MB / 10k project.
2. show 1 MB / 10k: in the window, from selecting the document (``window.workspace.set_current_document``) until its
   first frame is painted (``processEvents``, then the window's pending frame painted synchronously, as
   the event loop's UpdateRequest does; a paint counter on the article's viewport checks that every timed
   run painted it); another, small document is selected before each run.
3. add one: after ``article.select_span`` (not timed), ``window.annotating.tag(claim)`` (the commit) + the frame.
4. undo it: ``window.workspace.undo()`` (the commit) + the frame.
5. scroll a page: vertical scroll bar ``value += pageStep`` + the frame.
6. memory: VmRSS (from /proc/self/status) after showing the document, above the same window showing a
   1 KB document without highlights, in a fresh process.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import json
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEXT_CHARS = 1_000_000
ANNOTATIONS = 10_000
LONG_FRACTION = 0.01  # 1% of the highlights span 10–50% of the text
STARTUP_RUNS = 5
OPEN_RUNS = 5
EDIT_RUNS = 35
SCROLL_RUNS = 35

GOALS = {
    "first_paint": 300.0,  # ms, median
    "open": 150.0,  # ms, median
    "add_median": 5.0,
    "add_max": 16.0,
    "memory": 100.0,  # MB
}

# ----- building a project fast (Core inserts, like an import of a big archive would) ------------------

_VOCABULARY = (
    "the of and to in a is that for on said with as was by it at from government minister report "
    "percent election vaccine data study claims according million people year officials policy health "
    "economy court public country told statement evidence new would could should not have has been "
    "more than most its their this which after before during against under while because however "
    "spokesperson analysis figures rose fell record billion tax budget climate emissions energy prices "
    "inflation workers companies market police investigation parliament senator campaign voters survey"
)
_WORDS = _VOCABULARY.split()
_ACCENTED = ["café", "naïve", "résumé", "Zürich", "São Paulo", "Kraków", "Gdańsk", "Málaga"]


def make_text(rng: random.Random, chars: int) -> str:
    """News-like prose: paragraphs of sentences, with curly quotes, dashes and a few accented names."""
    paragraphs: list[str] = []
    total = 0
    while total < chars:
        sentences = []
        for _ in range(rng.randint(3, 8)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 26))]
            if rng.random() < 0.15:
                words[rng.randrange(len(words))] = rng.choice(_ACCENTED)
            sentence = " ".join(words)
            sentence = sentence[0].upper() + sentence[1:]
            roll = rng.random()
            if roll < 0.12:
                sentence = f"“{sentence},” the {rng.choice(_WORDS)} said."
            elif roll < 0.2:
                sentence = f"{sentence} — {rng.randint(2, 97)} percent of them."
            else:
                sentence += "."
            sentences.append(sentence)
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:chars].rstrip()


def word_start(text: str, position: int) -> int:
    while position > 0 and not text[position - 1].isspace():
        position -= 1
    return position


def word_end(text: str, position: int) -> int:
    n = len(text)
    while position < n and not text[position].isspace():
        position += 1
    return position


def make_spans(rng: random.Random, text: str, count: int) -> list[tuple[int, int]]:
    """``count`` spans on word boundaries: 1% very long (10–50% of the text), the rest sentence-sized,
    placed ~evenly, a tenth of them long enough to overlap their neighbours."""
    n = len(text)
    spans = []
    long_count = max(1, int(count * LONG_FRACTION))
    for _ in range(long_count):
        length = int(n * rng.uniform(0.10, 0.50))
        start = word_start(text, rng.randrange(0, n - length))
        spans.append((start, word_end(text, start + length)))
    short_count = count - long_count
    slot = n / short_count
    for i in range(short_count):
        start = word_start(text, int(i * slot + rng.uniform(0, slot * 0.5)))
        length = rng.randint(100, 400) if rng.random() < 0.1 else rng.randint(20, 90)
        end = word_end(text, min(n - 1, start + length))
        if end > start:
            spans.append((start, end))
    return spans


def build_project(path: Path, seed: int = 20240601) -> dict:
    """A migrated project with a 1 KB document (no highlights) and the 1 MB document with 10k highlights."""
    from sqlalchemy import insert

    from factcheck.services.documents import text_sha256
    from factcheck.services.project import Project
    from factcheck.store.engine import make_engine, sqlite_url
    from factcheck.store.models import Annotation, Document

    # The built-in labels' fixed ids (the migration that creates them is the one place they are named).
    workbench = importlib.import_module("factcheck.store.migrations.versions.0001_workbench")
    claim_id, counterclaim_id = workbench.CLAIM_ID, workbench.COUNTERCLAIM_ID

    Project.open(path).close()  # creates and migrates (the built-in labels come from the migration)
    rng = random.Random(seed)
    big_text = make_text(rng, TEXT_CHARS)
    small_text = make_text(rng, 1000)
    now = datetime.now(UTC)
    docs = []
    for title, text, day in (
        ("Small article", small_text, 1),
        ("Big article (1 MB, 10k highlights)", big_text, 2),
    ):
        docs.append(
            {
                "id": str(uuid.uuid4()),
                "title": title,
                "outlet": "Bench Gazette",
                "author": "A. Writer",
                "url": "",
                "published_at": datetime(2024, 1, day, tzinfo=UTC),
                "imported_at": now,
                "text": text,
                "text_sha256": text_sha256(text),
                "source_format": "txt",
                "source_name": f"{title}.txt",
            }
        )
    big_id = docs[1]["id"]
    rows = []
    for k, (start, end) in enumerate(make_spans(rng, big_text, ANNOTATIONS)):
        stamp = now - timedelta(seconds=ANNOTATIONS - k)
        rows.append(
            {
                "id": str(uuid.uuid4()),
                "document_id": big_id,
                "label_id": claim_id if rng.random() < 0.6 else counterclaim_id,
                "start": start,
                "end": end,
                "quote": big_text[start:end],
                "prefix": big_text[max(0, start - 32) : start],
                "suffix": big_text[end : end + 32],
                "annotator": "bench",
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    engine = make_engine(sqlite_url(path))
    try:
        with engine.begin() as conn:
            conn.execute(insert(Document.__table__), docs)
            conn.execute(insert(Annotation.__table__), rows)
    finally:
        engine.dispose()
    long_spans = sum(1 for r in rows if r["end"] - r["start"] > 0.09 * len(big_text))
    return {
        "small_id": docs[0]["id"],
        "big_id": big_id,
        "text_chars": len(big_text),
        "text_bytes": len(big_text.encode()),
        "annotations": len(rows),
        "long_spans": long_spans,
        "quote_bytes": sum(len(r["quote"]) for r in rows),
        "sha": hashlib.sha256(big_text.encode()).hexdigest()[:12],
    }


# ----- 1. start-up in a subprocess --------------------------------------------------------------------


def first_paint_ms(db: Path, env: dict) -> tuple[float, float]:
    """Wall ms from just before spawning to the end of the child's first frame, and the child's CPU ms
    (user + system of the whole child, including its exit after that frame)."""
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    child_env = dict(env, FACTCHECK_BENCH_FIRST_PAINT=repr(t0))
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db)],
        env=child_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime) * 1000
    for line in done.stdout.splitlines():
        if line.startswith("first_paint_s="):
            return float(line.split("=", 1)[1]) * 1000, cpu
    raise RuntimeError(f"no first_paint_s line from main.py (exit {done.returncode}):\n{done.stderr[-2000:]}")


# ----- in-process window helpers --------------------------------------------------------------------


def paint_counter(widget):
    """An event filter counting ``widget``'s paint events (``.count``), to check a timed run painted it."""
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    counter = PaintCounter(widget)
    widget.installEventFilter(counter)
    return counter


def make_window(db: Path, settings_dir: Path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from factcheck.services.project import Project
    from factcheck.ui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = QSettings(str(settings_dir / "settings.ini"), QSettings.Format.IniFormat)

    window = MainWindow(settings, Project.open)
    window.resize(1400, 860)  # the same size in every run and on every screen (offscreen: 800 × 600)
    window.show()
    deadline = time.monotonic() + 5
    while not (window.windowHandle() and window.windowHandle().isExposed()) and time.monotonic() < deadline:
        app.processEvents()
    frame(app, window)
    return app, window


def frame(app, window) -> None:
    """Handle what is posted, then paint the window's pending (dirty) frame now, once.

    Widgets ask for a frame with update(), which Qt's offscreen platform delivers as an UpdateRequest a few
    ms later; sending that request ourselves paints exactly the dirty region, as the event loop would
    (``viewport().repaint()`` would paint the article a second time when the request was already served).
    """
    from PySide6.QtCore import QCoreApplication, QEvent

    app.processEvents()
    QCoreApplication.sendEvent(window, QEvent(QEvent.Type.UpdateRequest))


def open_project(app, window, db: Path) -> None:
    if not window.workspace.open_path(db):
        raise RuntimeError(f"could not open {db}")
    frame(app, window)


def rss_mb() -> tuple[float, float]:
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


# ----- 6. memory, in a fresh process ----------------------------------------------------------------


def small_first_copy(db: Path, target: Path, small_id: str) -> None:
    """A copy of the project whose newest document is the small one, so opening it shows that one: the
    process then never held the big document before the baseline is read."""
    source, dest = sqlite3.connect(db), sqlite3.connect(target)
    try:
        source.backup(dest)
        with dest:
            dest.execute(
                "UPDATE documents SET published_at = '2030-01-01 00:00:00.000000' WHERE id = ?", (small_id,)
            )
    finally:
        source.close()
        dest.close()


def memory_child(db: Path, info: dict, settings_dir: Path) -> None:
    app, window = make_window(db, settings_dir)
    open_project(app, window, db)
    assert window.workspace.document_id == info["small_id"], (
        "the small document should be the one shown on opening"
    )
    gc.collect()
    base, _ = rss_mb()
    window.workspace.set_current_document(info["big_id"])
    frame(app, window)
    scroll = window.article.verticalScrollBar()
    scroll.setValue(scroll.maximum() // 2)  # a frame in the middle too: lays out what a reader reaches
    frame(app, window)
    gc.collect()
    after, peak = rss_mb()
    quotes = sum(len(a.quote) + len(a.prefix) + len(a.suffix) for a in window.workspace.annotations)
    print(json.dumps({"base": base, "after": after, "peak": peak, "quote_mb": quotes / 1e6}))
    window.close()


# ----- 2–5. timings in this process -----------------------------------------------------------------


def timed(fn, *, profile=None) -> tuple[float, float]:
    """Wall ms and this process's CPU ms (all threads) spent in ``fn``."""
    if profile is not None:
        profile.enable()
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    elapsed, cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
    if profile is not None:
        profile.disable()
    return elapsed, cpu


def visible_range(window) -> tuple[int, int]:
    """Code-point offsets of the text shown in the article's viewport."""
    article = window.article
    viewport = article.viewport()
    first = article.cursorForPosition(viewport.rect().topLeft()).position()
    last = article.cursorForPosition(viewport.rect().bottomRight()).position()
    to_cp = article.offsets.to_code_point
    return to_cp(first), to_cp(last)


def run_in_process(db: Path, info: dict, settings_dir: Path, profile: bool) -> dict:
    import cProfile

    app, window = make_window(db, settings_dir)
    open_project(app, window, db)
    frames = paint_counter(window.article.viewport())
    claim = next(label for label in window.workspace.labels if label.name == "claim")
    results: dict[str, list[tuple[float, float]]] = {"open": [], "add": [], "undo": [], "scroll": []}
    profiles = {name: cProfile.Profile() if profile else None for name in results}
    painted_all = True

    def show_big() -> None:
        window.workspace.set_current_document(info["big_id"])
        frame(app, window)

    for _ in range(OPEN_RUNS):
        window.workspace.set_current_document(info["small_id"])
        frame(app, window)
        before = frames.count
        results["open"].append(timed(show_big, profile=profiles["open"]))
        painted_all &= frames.count > before
        assert (
            window.workspace.document_id == info["big_id"]
            and len(window.workspace.annotations) == info["annotations"]
        )

    rng = random.Random(7)
    text = window.article.toPlainText()
    first, last = visible_range(window)
    for _ in range(EDIT_RUNS):
        start = word_start(text, rng.randrange(first, max(first + 1, last - 250)))
        end = word_end(text, start + rng.randint(15, 200))
        window.article.select_span(start, end)
        frame(app, window)
        count_before = len(window.workspace.annotations)
        before = frames.count

        def add() -> None:
            window.annotating.tag(claim)
            frame(app, window)

        results["add"].append(timed(add, profile=profiles["add"]))
        painted_all &= frames.count > before
        assert len(window.workspace.annotations) == count_before + 1
        before = frames.count

        def undo() -> None:
            window.workspace.undo()
            frame(app, window)

        results["undo"].append(timed(undo, profile=profiles["undo"]))
        painted_all &= frames.count > before
        assert len(window.workspace.annotations) == count_before

    scroll = window.article.verticalScrollBar()
    scroll.setValue(0)
    frame(app, window)
    for _ in range(SCROLL_RUNS):
        before = frames.count

        def page() -> None:
            scroll.setValue(scroll.value() + scroll.pageStep())
            frame(app, window)

        results["scroll"].append(timed(page, profile=profiles["scroll"]))
        painted_all &= frames.count > before

    window.close()
    app.processEvents()
    if profile:
        import io
        import pstats

        for name, prof in profiles.items():
            for sort in ("cumulative", "tottime"):
                out = io.StringIO()
                stats = pstats.Stats(prof, stream=out)
                stats.strip_dirs().sort_stats(sort).print_stats(28)
                print(f"\n### cProfile: {name} (all runs), by {sort}\n```\n{out.getvalue().strip()}\n```")
    return {"timings": results, "painted_all": painted_all}


# ----- report -----------------------------------------------------------------------------------------


def machine_line() -> str:
    import PySide6
    import sqlalchemy
    from PySide6 import QtCore

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"Machine: nproc {os.cpu_count()}{f' ({cpu})' if cpu else ''}, Python {platform.python_version()}, "
        f"PySide6 {PySide6.__version__} (Qt {QtCore.qVersion()}), SQLAlchemy {sqlalchemy.__version__}, "
        f"SQLite {sqlite3.sqlite_version}, QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end (other work slows every figure)"
    )


def ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 1000 else f"{value / 1000:.2f} s"


def verdict(ok: bool) -> str:
    return "✅ met" if ok else "❌ missed"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--profile", action="store_true", help="also print cProfile listings")
    parser.add_argument(
        "--memory-child", nargs=3, metavar=("DB", "INFO_JSON", "SETTINGS_DIR"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.memory_child:
        db, info, settings_dir = args.memory_child
        memory_child(Path(db), json.loads(info), Path(settings_dir))
        return 0

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for sub in ("data", "config", "settings"):
            (tmp / sub).mkdir()
        # Never the user's data folder or settings: the app's QSettings live under XDG_CONFIG_HOME.
        os.environ["FACTCHECK_DATA_DIR"] = os.environ.get("FACTCHECK_DATA_DIR") or str(tmp / "data")
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
        env = dict(os.environ)

        db = tmp / "bench.factcheck"
        t0 = time.perf_counter()
        info = build_project(db)
        build_s = time.perf_counter() - t0
        print(
            f"Built the project in {build_s:.1f} s: {info['text_chars']:,} characters ({info['text_bytes']:,} bytes UTF-8), "
            f"{info['annotations']:,} highlights ({info['long_spans']} spanning 10–50% of the text; "
            f"{info['quote_bytes'] / 1e6:.0f} MB of quotes).",
            file=sys.stderr,
        )

        startup_empty = [first_paint_ms(tmp / f"empty-{i}.factcheck", env) for i in range(STARTUP_RUNS)]
        startup_big = [first_paint_ms(db, env) for _ in range(STARTUP_RUNS)]

        memory_db = tmp / "memory.factcheck"
        small_first_copy(db, memory_db, info["small_id"])
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--memory-child",
                str(memory_db),
                json.dumps(info),
                str(tmp / "settings"),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        try:
            memory = json.loads(child.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            raise RuntimeError(f"memory run failed:\n{child.stderr[-2000:]}") from None

        measured = run_in_process(db, info, tmp / "settings", args.profile)

    rows = {
        "start_empty": ("process start → first painted window (new empty project)", startup_empty),
        "start_big": ("process start → first painted window (the 1 MB / 10k project)", startup_big),
        "open": (
            "select the 1 MB / 10k document → first frame, all highlights shown",
            measured["timings"]["open"],
        ),
        "add": ("add one highlight (tag + commit + frame)", measured["timings"]["add"]),
        "undo": ("undo it (commit + frame)", measured["timings"]["undo"]),
        "scroll": ("scroll a page (+ frame)", measured["timings"]["scroll"]),
    }
    goals = {
        "start_empty": (f"≤ {GOALS['first_paint']:.0f} ms", lambda med, top: med <= GOALS["first_paint"]),
        "start_big": (f"≤ {GOALS['first_paint']:.0f} ms", lambda med, top: med <= GOALS["first_paint"]),
        "open": (f"≤ {GOALS['open']:.0f} ms", lambda med, top: med <= GOALS["open"]),
        "add": (
            f"≤ {GOALS['add_median']:.0f} ms median, ≤ {GOALS['add_max']:.0f} ms max",
            lambda med, top: med <= GOALS["add_median"] and top <= GOALS["add_max"],
        ),
    }
    lines = ["| measurement | runs | median | max | median CPU | goal | |", "|---|---|---|---|---|---|---|"]
    for key, (title, runs) in rows.items():
        wall = [w for w, _ in runs]
        med, top, cpu = statistics.median(wall), max(wall), statistics.median(c for _, c in runs)
        goal, check = goals.get(key, ("—", None))
        mark = verdict(check(med, top)) if check else ""
        lines.append(f"| {title} | {len(runs)} | {ms(med)} | {ms(top)} | {ms(cpu)} | {goal} | {mark} |")
    extra, peak = memory["after"] - memory["base"], memory["peak"] - memory["base"]
    lines.append(
        f"| memory (VmRSS) above an empty window after showing the document | 1 | {extra:.0f} MB | "
        f"peak {peak:.0f} MB | | ≤ {GOALS['memory']:.0f} MB | {verdict(extra <= GOALS['memory'])} |"
    )
    print("\n".join(lines))
    print()
    print(machine_line())
    print(
        f"Document: {info['text_chars']:,} characters, {info['annotations']:,} highlights ({info['long_spans']} "
        f"spanning 10–50% of the text; {memory['quote_mb']:.0f} MB of quote and context strings). Empty window "
        f"{memory['base']:.0f} MB RSS, {memory['after']:.0f} MB after. Every timed run painted the article: "
        f"{'yes' if measured['painted_all'] else 'NO'}. CPU: this process (or the child) in user + system time; "
        f"a CPU figure well below the wall one means waiting (fsync) or other load. Bench took "
        f"{time.monotonic() - started:.0f} s."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
