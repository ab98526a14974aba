"""Kill factcheck at random moments while it upgrades a 10k-annotation project; count the files that open.

    .venv/bin/python bench/bench_upgrade_kill.py                 # 200 kills during 0001 → head
    .venv/bin/python bench/bench_upgrade_kill.py -n 40 --from 0003_record
    .venv/bin/python bench/bench_upgrade_kill.py --factcheck-root /tmp/main-checkout   # another version

A project is built at the first schema (0001) with 20 articles and 10,000 annotations (real migration,
then plain SQL inserts), optionally upgraded to ``--from``. Each try copies it to a fresh folder and
starts ``Project.open`` on it in a child process (which upgrades it to head); once the child says it is
opening, it is SIGKILLed after a random delay, uniform in [0, 1.2 × the median unkilled upgrade time].
Then a second child opens the file again and reports a hash of every document, label and annotation
(0001's columns); a try fails when that open raises or the hash differs. The last line reads
"N of N files open with all their data". Nothing runs in this process but the bookkeeping, so
``--factcheck-root`` can point the children at another checkout (for the "before" numbers).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIGEST_SQL = (
    "SELECT id, title, outlet, author, url, text, text_sha256, source_name FROM documents ORDER BY id",
    "SELECT id, name, color, shortcut, builtin, position FROM labels ORDER BY id",
    'SELECT id, document_id, label_id, start, "end", quote, prefix, suffix, annotator '
    "FROM annotations ORDER BY id",
)


def child_open(path: str, report: bool) -> None:
    """In a child: open (and so upgrade) the project; with ``report`` print the outcome as JSON."""
    import hashlib
    import sqlite3

    from factcheck.domain import FactcheckError
    from factcheck.services import Project

    print("opening", flush=True)
    started = time.perf_counter()
    try:
        project = Project.open(path)
    except FactcheckError as exc:
        print(json.dumps({"ok": False, "error": str(exc)}), flush=True)
        return
    seconds = time.perf_counter() - started
    notice = getattr(project, "notice", "")
    project.close()
    if not report:
        print(json.dumps({"ok": True, "seconds": seconds}), flush=True)
        return
    conn = sqlite3.connect(path)
    digest = hashlib.sha256()
    for sql in DIGEST_SQL:
        for row in conn.execute(sql):
            digest.update(repr(row).encode())
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    print(json.dumps({"ok": True, "digest": digest.hexdigest(), "integrity": integrity, "notice": notice}))


def _spawn(root: Path, path: Path, report: bool) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONUNBUFFERED="1")
    args = [sys.executable, __file__, "--child", str(path), "--factcheck-root", str(root)]
    if report:
        args.append("--report")
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _run(root: Path, path: Path, report: bool) -> dict:
    child = _spawn(root, path, report)
    out, err = child.communicate(timeout=300)
    lines = out.splitlines()
    if child.returncode != 0 or len(lines) < 2:
        return {"ok": False, "error": (err.strip().splitlines() or ["no output"])[-1]}
    return json.loads(lines[-1])


def _digest(path: Path) -> str:
    import hashlib
    import sqlite3

    conn = sqlite3.connect(path)
    digest = hashlib.sha256()
    for sql in DIGEST_SQL:
        for row in conn.execute(sql):
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


def build(folder: Path, revision: str | None) -> Path:
    """The pristine project (with this checkout's helpers: the 0001 schema never changes)."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from helpers.old_projects import build_first_schema_project

    from factcheck.store.engine import make_engine, sqlite_url
    from factcheck.store.migrate import migrate

    path = folder / "pristine.factcheck"
    build_first_schema_project(path, documents=20, annotations=10_000)
    if revision:
        engine = make_engine(sqlite_url(path))
        try:
            migrate(engine, revision)
        finally:
            engine.dispose()
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--kills", type=int, default=200)
    parser.add_argument("--from", dest="revision", help="upgrade from this revision (default: 0001)")
    parser.add_argument("--factcheck-root", type=Path, default=ROOT, help="the checkout the children run")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--report", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(args.factcheck_root))
        child_open(args.child, args.report)
        return 0

    root = args.factcheck_root.resolve()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="factcheck-upgrade-kill-") as temp:
        work = Path(temp)
        pristine = build(work, args.revision)
        expected = _digest(pristine)
        times = []
        for i in range(3):
            trial = work / f"timing{i}"
            trial.mkdir()
            shutil.copyfile(pristine, trial / "m.factcheck")
            outcome = _run(root, trial / "m.factcheck", report=False)
            if not outcome.get("ok"):
                print(f"An unkilled upgrade failed: {outcome}")
                return 1
            times.append(outcome["seconds"])
        upgrade_s = statistics.median(times)
        print(
            f"factcheck from {root}; upgrade from {args.revision or '0001_workbench'} to head, 20 articles, "
            f"10,000 annotations; unkilled upgrade median {upgrade_s * 1000:.0f} ms"
        )

        failures: list[str] = []
        changed = 0
        killed_mid = 0
        most_backups = 0
        started = time.monotonic()
        for i in range(args.kills):
            trial = work / f"try{i}"
            trial.mkdir()
            path = trial / "m.factcheck"
            shutil.copyfile(pristine, path)
            child = _spawn(root, path, report=False)
            assert child.stdout is not None
            child.stdout.readline()  # "opening"
            time.sleep(rng.uniform(0, 1.2 * upgrade_s))
            child.send_signal(signal.SIGKILL)
            out, _err = child.communicate(timeout=60)
            killed_mid += child.returncode == -signal.SIGKILL and not out.strip()
            outcome = _run(root, path, report=True)
            if not outcome.get("ok"):
                failures.append(f"try {i}: {outcome.get('error')}")
            elif outcome["digest"] != expected or outcome["integrity"] != "ok":
                changed += 1
                failures.append(f"try {i}: opened, but the data differs (integrity {outcome['integrity']})")
            most_backups = max(most_backups, sum("before-upgrade" in p.name for p in trial.iterdir()))
            shutil.rmtree(trial)
        elapsed = time.monotonic() - started

    print()
    print(
        "| fault | tries | killed before the upgrade finished | failures (file does not open) | "
        "opened with data changed | most backups in a folder |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| SIGKILL during the upgrade | {args.kills} | {killed_mid} | {len(failures) - changed} | "
        f"{changed} | {most_backups} |"
    )
    for failure in failures[:10]:
        print(f"- {failure}")
    if len(failures) > 10:
        print(f"- … and {len(failures) - 10} more")
    print(f"\n{elapsed:.0f} s in all.")
    opened = args.kills - len(failures)
    print(f"{opened} of {args.kills} files open with all their data")
    return 0 if not failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
