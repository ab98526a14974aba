"""Stress test (issue 16): several processes work on one project at once for a bounded time; after every
round ``PRAGMA integrity_check`` runs on the file, and at the end each worker's journal of what it committed
is checked against the file: an annotation it made and did not delete must exist, and every field it owns
must hold the value it committed last (a lost update otherwise).

    .venv/bin/python bench/bench_stress.py                  # 10 minutes: 3 service workers and 1 CLI loop
    .venv/bin/python bench/bench_stress.py --minutes 1 --services 2
    .venv/bin/python bench/bench_stress.py --unsafe --minutes 2   # without the fix of store/sqlite_files.py

Workers are in bench/stress_workers.py (service workers as a window's commands call the services, with a
Qt-like file dialog now and then; CLI loops). Prints a Markdown table per round and a summary; exits 1 on
any integrity failure, lost update, unexpected error or crashed worker. tests/test_stress.py runs a short
form in CI. Everything happens in a temporary folder (``--keep FOLDER`` keeps it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from factcheck.services import Project  # noqa: E402
from factcheck.store import sqlite_files  # noqa: E402
from factcheck.store.engine import sqlite_uri  # noqa: E402

#: With --unsafe every process undoes the fix (for showing what the stress test finds without it).
UNSAFE_PRELUDE = (
    "import factcheck.store.sqlite_files as f; f.keep_wal_on_close = lambda c: None; "
    "f.locks_lost = lambda p: False\n"
)


@dataclass
class StressResult:
    seconds: float
    rounds: list[dict] = field(default_factory=list)
    integrity_failures: list[str] = field(default_factory=list)
    lost_updates: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    actions: Counter = field(default_factory=Counter)
    checked_fields: int = 0
    checked_annotations: int = 0

    @property
    def ok(self) -> bool:
        return not (self.integrity_failures or self.lost_updates or self.errors)


def integrity(db: Path) -> list[str]:
    """``PRAGMA integrity_check`` through a fresh connection (as a third window would open the file)."""
    try:
        conn = sqlite_files.connect(sqlite_uri(db, read_only=True), uri=True, timeout=30)
        try:
            return [row[0] for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except Exception as exc:  # "database disk image is malformed" is a finding too
        return [f"{type(exc).__name__}: {exc}"]


def count_annotations(db: Path) -> int | None:
    try:
        conn = sqlite_files.connect(sqlite_uri(db, read_only=True), uri=True, timeout=30)
        try:
            return conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
        finally:
            conn.close()
    except Exception:
        return None


def check_journals(db: Path, journals: list[Path], result: StressResult) -> None:
    """Every annotation a worker made and did not delete exists; every owned field holds its last value."""
    exists: dict[str, bool] = {}
    expected: dict[tuple[str, str], str] = {}
    for journal in journals:
        if not journal.exists():
            continue
        for line in journal.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            kind = entry["t"]
            if kind in ("created", "restored"):
                exists[entry["id"]] = True
            elif kind == "deleted":
                exists[entry["id"]] = False
            elif kind == "set":
                expected[(entry["id"], entry["field"])] = entry["value"]
            elif kind == "conflict":
                result.conflicts += 1
            elif kind == "error":
                result.errors.append(f"{journal.stem}: {entry['action']}: {entry['message']}")
    conn = sqlite_files.connect(sqlite_uri(db, read_only=True), uri=True, timeout=30)
    try:
        stored = {
            row[0]: {"note": row[1], "rating_text": row[2]}
            for row in conn.execute("SELECT id, note, rating_text FROM annotations")
        }
    finally:
        conn.close()
    for annotation_id, alive in exists.items():
        if alive and annotation_id not in stored:
            result.lost_updates.append(f"annotation {annotation_id} was committed and is gone")
        elif not alive and annotation_id in stored:
            result.lost_updates.append(f"annotation {annotation_id} was deleted and is back")
    for (annotation_id, name), value in expected.items():
        if annotation_id in stored and exists.get(annotation_id, True):
            result.checked_fields += 1
            if stored[annotation_id][name] != value:
                result.lost_updates.append(
                    f"{name} of {annotation_id}: committed {value!r}, the file holds {stored[annotation_id][name]!r}"
                )
    result.checked_annotations = sum(1 for alive in exists.values() if alive)


def run_stress(
    folder: Path,
    seconds: float,
    *,
    services: int = 3,
    clis: int = 1,
    round_seconds: float = 30.0,
    seed: int = 16,
    unsafe: bool = False,
    log=print,
) -> StressResult:
    """Run the workers on a new project in ``folder`` for ``seconds`` and check the file."""
    db = folder / "stress.factcheck"
    Project.open(db).close()
    started = time.time()
    until = started + seconds
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    if unsafe:
        env["FACTCHECK_STRESS_UNSAFE"] = "1"
    procs = []
    journals = []
    kinds = [("service", i) for i in range(services)] + [("cli", i) for i in range(clis)]
    for kind, index in kinds:
        journal = folder / f"{kind}{index}.jsonl"
        journals.append(journal)
        args = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            kind,
            "--index",
            str(index),
            "--workers",
            str(services),
            "--db",
            str(db),
            "--until",
            str(until),
            "--journal",
            str(journal),
            "--folder",
            str(folder),
            "--seed",
            str(seed * 100 + len(procs)),
        ]
        procs.append(
            (
                f"{kind}{index}",
                subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env),
            )
        )
    result = StressResult(seconds)
    log("| round | elapsed s | annotations | integrity_check | workers running |")
    log("|---|---|---|---|---|")
    round_number = 0
    while any(p.poll() is None for _, p in procs):
        time.sleep(min(round_seconds, max(0.5, until + 60 - time.time())))
        round_number += 1
        problems = integrity(db)
        running = sum(1 for _, p in procs if p.poll() is None)
        row = {"round": round_number, "elapsed": time.time() - started, "annotations": count_annotations(db)}
        row["integrity"] = "ok" if problems == ["ok"] else "; ".join(problems[:3])
        result.rounds.append(row)
        if problems != ["ok"]:
            result.integrity_failures.append(f"round {round_number}: {'; '.join(problems[:5])}")
        log(
            f"| {round_number} | {row['elapsed']:.0f} | {row['annotations']} | {row['integrity']} | {running} |"
        )
        if time.time() > until + 600:
            for _, p in procs:
                p.kill()
            result.errors.append("workers did not stop within 10 minutes of the end")
    for name, proc in procs:
        out, err = proc.communicate()
        if proc.returncode:
            result.errors.append(f"{name} exited with {proc.returncode}: {err.strip()[-2000:]}")
        else:
            try:
                result.actions.update(json.loads(out.strip().splitlines()[-1]))
            except (ValueError, IndexError):
                result.errors.append(f"{name} reported nothing: {err.strip()[-500:]}")
    final = integrity(db)
    if final != ["ok"]:
        result.integrity_failures.append(f"final: {'; '.join(final[:5])}")
    try:
        check_journals(db, journals, result)
    except Exception as exc:
        result.errors.append(f"the checker could not read the file: {type(exc).__name__}: {exc}")
    result.seconds = time.time() - started
    return result


def summary(result: StressResult) -> str:
    lines = [
        "",
        "| measure | value |",
        "|---|---|",
        f"| wall time | {result.seconds:.0f} s |",
        f"| rounds (integrity_check each) | {len(result.rounds)} |",
        f"| integrity failures | {len(result.integrity_failures)} |",
        f"| lost updates | {len(result.lost_updates)} |",
        f"| unexpected errors / crashed workers | {len(result.errors)} |",
        f"| edits refused as concurrent (then re-applied) | {result.conflicts} |",
        f"| annotations checked / owned fields checked | {result.checked_annotations} / {result.checked_fields} |",
        f"| actions | {sum(result.actions.values())}: "
        + ", ".join(f"{name} {n}" for name, n in sorted(result.actions.items()))
        + " |",
    ]
    for title, items in (
        ("Integrity failures", result.integrity_failures),
        ("Lost updates", result.lost_updates),
        ("Errors", result.errors),
    ):
        if items:
            lines += ["", f"{title}:", *(f"- {item}" for item in items[:20])]
            if len(items) > 20:
                lines.append(f"- … and {len(items) - 20} more")
    return "\n".join(lines)


def _worker_main(args: argparse.Namespace) -> int:
    if os.environ.get("FACTCHECK_STRESS_UNSAFE"):
        exec(UNSAFE_PRELUDE)  # the --unsafe demonstration only
    # Deferred: the orchestrator does not need the workers' imports.
    from bench.stress_workers import CliWorker, Journal, ServiceWorker, run_worker

    journal = Journal(Path(args.journal))
    folder, db = Path(args.folder), Path(args.db)
    if args.worker == "service":
        worker = ServiceWorker(args.index, args.workers, db, journal, folder, args.seed)
    else:
        worker = CliWorker(args.index, db, journal, folder, args.seed)
    try:
        counts = run_worker(worker, args.until, journal)
    finally:
        journal.close()
    print(json.dumps(counts))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long the workers run (default 10)")
    parser.add_argument("--services", type=int, default=3, help="service workers (window-like processes)")
    parser.add_argument("--clis", type=int, default=1, help="command-line loops")
    parser.add_argument("--round", type=float, default=30.0, help="seconds between integrity checks")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--unsafe", action="store_true", help="undo the fix in every process (demonstration)")
    # A worker process (started by the orchestrator):
    parser.add_argument("--worker", choices=["service", "cli"], help=argparse.SUPPRESS)
    parser.add_argument("--index", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--until", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--journal", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker_main(args)
    os.environ.setdefault("FACTCHECK_DATA_DIR", tempfile.mkdtemp(prefix="factcheck-stress-data-"))
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        folder = args.keep
    else:
        folder = Path(tempfile.mkdtemp(prefix="factcheck-stress-"))
    print(
        f"Stress: {args.services} service workers and {args.clis} CLI loops for {args.minutes:g} min "
        f"in {folder}{' — UNSAFE (fix undone)' if args.unsafe else ''}\n"
    )
    result = run_stress(
        folder,
        args.minutes * 60,
        services=args.services,
        clis=args.clis,
        round_seconds=args.round,
        seed=args.seed,
        unsafe=args.unsafe,
    )
    print(summary(result))
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
