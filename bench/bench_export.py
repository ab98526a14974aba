"""Export benchmark: 100k annotations to CSV, W3C JSON-LD, REFI-QDA and ClaimReview; time and peak memory.

Prints a Markdown table. Builds projects of 25k and 100k annotations with SQLAlchemy Core inserts
(100 or 400 articles of ~60 KB, 250 highlights each on word boundaries, claimants, verdicts, notes on one in
five, matters and links), then runs each export in a fresh process: wall time (median of 3) and the peak
resident memory above the process after opening the project. Memory should stay flat as the project
grows (the exports stream rows). Goal (issue 5): CSV within 2× of the floor (~350 ms for 100k rows from
Core rows, ../shared/docs/performance-limits.md), measured here as "Core rows → csv.writer" on this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PER_DOCUMENT = 250
RUNS = 3
WORDS = [
    "the",
    "crew",
    "said",
    "that",
    "set",
    "was",
    "safe",
    "and",
    "letter",
    "disputes",
    "earlier",
    "allegations",
    "about",
    "working",
    "conditions",
    "while",
    "readers",
    "on",
    "social",
    "media",
    "questioned",
    "whether",
    "morale",
    "high",
    "“quoted”",
    "—",
    "€5",
    "Élodie",
    "naïve",
    "ministry",
    "officials",
    "claimed",
    "figures",
    "rose",
    "percent",
    "according",
    "report",
]
FORMATS = ("csv", "links-csv", "jsonld", "qdpx", "claimreview")


def build(path: Path, documents: int, seed: int = 5) -> None:
    from sqlalchemy import insert

    from factcheck.services.documents import text_sha256
    from factcheck.services.project import Project
    from factcheck.store.models import (
        Annotation,
        AnnotationLink,
        Claimant,
        Document,
        DocumentVersion,
        Matter,
        MatterMember,
    )

    rng = random.Random(seed)
    project = Project.open(path, annotator="bench")
    labels = [label.id for label in project.labels.list()]
    verdicts = ["unverified"] * 4 + ["supported", "false", "misleading", "mixed"]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with project.engine.begin() as conn:
        claimants = [
            {
                "id": f"00000000-0000-4000-8000-{n:012d}",
                "name": f"Speaker {n}",
                "name_key": f"speaker {n}",
                "created_at": now,
            }
            for n in range(200)
        ]
        conn.execute(insert(Claimant), claimants)
        matters = [
            {
                "id": f"00000000-0000-4000-9000-{n:012d}",
                "name": f"Matter {n}",
                "description": "",
                "created_at": now,
            }
            for n in range(20)
        ]
        conn.execute(insert(Matter), matters)
        ids: list[str] = []
        for d in range(documents):
            words = [rng.choice(WORDS) for _ in range(10_000)]
            text = " ".join(words)
            document_id = f"00000000-0000-4000-a000-{d:012d}"
            digest = text_sha256(text)
            conn.execute(
                insert(Document),
                [
                    {
                        "id": document_id,
                        "title": f"Article {d} about the set",
                        "outlet": "=Daily News" if d % 7 == 0 else "Daily News",
                        "author": "A. Writer",
                        "url": f"https://news.example/{d}",
                        "published_at": now - timedelta(days=d),
                        "imported_at": now,
                        "text": text,
                        "text_sha256": digest,
                        "source_format": "txt",
                        "source_name": f"{d}.txt",
                    }
                ],
            )
            conn.execute(
                insert(DocumentVersion),
                [
                    {
                        "id": f"00000000-0000-4000-b000-{d:012d}",
                        "document_id": document_id,
                        "number": 1,
                        "text": text,
                        "text_sha256": digest,
                        "source_format": "txt",
                        "source_name": f"{d}.txt",
                        "imported_at": now,
                        "note": "",
                    }
                ],
            )
            starts = [0]
            for word in words[:-1]:
                starts.append(starts[-1] + len(word) + 1)
            rows = []
            for k in range(PER_DOCUMENT):
                first = rng.randrange(0, len(words) - 20)
                last = first + rng.randint(3, 15)
                start, end = starts[first], starts[last] + len(words[last])
                annotation_id = f"00000000-0000-4000-c{d:03d}-{k:012d}"
                ids.append(annotation_id)
                verdict = rng.choice(verdicts)
                rows.append(
                    {
                        "id": annotation_id,
                        "document_id": document_id,
                        "label_id": rng.choice(labels),
                        "start": start,
                        "end": end,
                        "quote": text[start:end],
                        "prefix": text[max(0, start - 32) : start],
                        "suffix": text[end : end + 32],
                        "annotator": "bench",
                        "created_at": now,
                        "updated_at": now,
                        "claimant_id": rng.choice(claimants)["id"] if rng.random() < 0.6 else None,
                        "claim_date": "2021-10" if rng.random() < 0.3 else None,
                        "claim_date_precision": None,
                        "verdict": verdict,
                        "rating_value": 2.0 if verdict != "unverified" else None,
                        "rating_best": 5.0 if verdict != "unverified" else None,
                        "rating_worst": 1.0 if verdict != "unverified" else None,
                        "note": '- a point\n- **another**, with "quotes"' if rng.random() < 0.2 else "",
                    }
                )
            for row in rows:
                if row["claim_date"]:
                    row["claim_date_precision"] = "month"
            conn.execute(insert(Annotation), rows)
        links = set()
        while len(links) < len(ids) // 10:
            a, b = rng.sample(ids, 2)
            links.add((a, b, rng.choice(("disputes", "supports", "repeats"))))
        conn.execute(
            insert(AnnotationLink),
            [
                {
                    "id": f"00000000-0000-4000-d000-{n:012d}",
                    "source_id": a,
                    "target_id": b,
                    "relation": r,
                    "created_at": now,
                }
                for n, (a, b, r) in enumerate(sorted(links))
            ],
        )
        members = {(rng.choice(matters)["id"], a) for a in rng.sample(ids, len(ids) // 10)}
        conn.execute(insert(MatterMember), [{"matter_id": m, "annotation_id": a} for m, a in sorted(members)])
    project.close()


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS


def one(project_path: Path, fmt: str, out: Path) -> dict:
    """Run in a child process: one export, its wall time and the peak memory it added."""
    from factcheck.services.export_source import Scope
    from factcheck.services.project import Project

    project = Project.open(project_path)
    project.interchange.count(Scope.project())  # warm the connection and SQLite's cache
    times = []
    peak = 0
    for _ in range(RUNS):
        reset_peak()
        base = rss_kb()
        start = time.perf_counter()
        project.interchange.export(fmt, out)
        times.append(time.perf_counter() - start)
        peak = max(peak, rss_kb() - base)
    return {"time": statistics.median(times), "peak_kb": peak, "bytes": out.stat().st_size}


def floor(project_path: Path) -> float:
    """This machine's floor for the same data: the export's own query, its Core rows written by csv.writer
    into memory as they come (no cell is touched: no neutralising, no ISO dates, no link columns)."""
    from factcheck.services.export_source import Scope, annotation_query
    from factcheck.services.project import Project

    project = Project.open(project_path)
    query = annotation_query(Scope.project())
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        with project.engine.connect() as conn:
            csv.writer(io.StringIO(), lineterminator="\r\n").writerows(conn.execute(query))
        times.append(time.perf_counter() - start)
    project.close()
    return statistics.median(times)


def fmt_time(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=3, metavar=("PROJECT", "FORMAT", "OUT"))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.one[0]), args.one[1], Path(args.one[2]))))
        return
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-export-") as folder:
        work = Path(folder)
        sizes = {25_000: work / "25k.factcheck", 100_000: work / "100k.factcheck"}
        for count, path in sizes.items():
            start = time.perf_counter()
            build(path, count // PER_DOCUMENT)
            print(f"built {count:,} annotations in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        results = {}
        for count, path in sizes.items():
            for fmt in FORMATS:
                child = subprocess.run(
                    [sys.executable, __file__, "--one", str(path), fmt, str(work / f"out-{count}.{fmt}")],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                results[count, fmt] = json.loads(child.stdout.strip().splitlines()[-1])
        base = floor(sizes[100_000])
        print("| format | 25k: time | 25k: peak memory | 100k: time | 100k: peak memory | 100k: file |")
        print("|---|---|---|---|---|---|")
        for fmt in FORMATS:
            small, big = results[25_000, fmt], results[100_000, fmt]
            print(
                f"| {fmt} | {fmt_time(small['time'])} | {small['peak_kb'] / 1024:.0f} MB | {fmt_time(big['time'])} "
                f"| {big['peak_kb'] / 1024:.0f} MB | {big['bytes'] / 1e6:.0f} MB |"
            )
        ratio = results[100_000, "csv"]["time"] / base
        print(
            f"\nFloor on this machine for the same 100k rows (the export's query, Core rows → csv.writer in "
            f"memory, cells untouched): {fmt_time(base)}; CSV export / floor = {ratio:.2f}× "
            f"(goal ≤ 2×: {'met' if ratio <= 2 else 'missed'})."
        )


if __name__ == "__main__":
    main()
