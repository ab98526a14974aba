"""Team bench: a project file (SQLite) against a database on the local PostgreSQL server.

Run with ``./dev bench`` or ``.venv/bin/python bench/bench_team.py [--edits N] [--runs N]``. Prints a Markdown
table. Both projects get the same 1 MB article with 10k annotations (written with Core inserts), then:

1. commit latency: one ``annotations.create`` per transaction (what the window does per tag), N times; the
   time from the call to the committed return, median / p95 / max.
2. open the 1 MB / 10k document's rows: what the window reads when it shows the document —
   ``documents.text`` + ``annotations.for_document(doc, preview=200)`` — median and max of the runs.
3. data_version: one poll of "did anyone else commit?" (PRAGMA data_version / the LISTEN connection).

The server is the one the tests use (FACTCHECK_TEST_PG, default host=127.0.0.1 user=postgres); a
throwaway database is created and dropped. Without a server the PostgreSQL column says so.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from factcheck.domain import ImportedDocument  # noqa: E402
from factcheck.services import Project  # noqa: E402
from factcheck.store.models import Annotation, utc_now  # noqa: E402

TEXT_CHARS = 1_000_000
ANNOTATIONS = 10_000
ADMIN = os.environ.get("FACTCHECK_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")


def build(project: Project) -> str:
    rng = random.Random(7)
    words = ["crew", "set", "unsafe", "producer", "said", "the", "letter", "claims", "safety", "weapon"]
    text = ""
    while len(text) < TEXT_CHARS:
        text += " ".join(rng.choice(words) for _ in range(12)) + ".\n"
    doc = project.documents.add(ImportedDocument(text=text[:TEXT_CHARS], source_format="txt"))
    claim = project.labels.by_name("claim").id
    now = utc_now()
    rows = []
    for _ in range(ANNOTATIONS):
        start = rng.randrange(0, TEXT_CHARS - 200)
        end = start + rng.randrange(5, 150)
        rows.append(
            {
                "id": str(uuid.uuid4()),
                "document_id": doc.id,
                "label_id": claim,
                "start": start,
                "end": end,
                "quote": text[start:end],
                "prefix": text[max(0, start - 32) : start],
                "suffix": text[end : end + 32],
                "annotator": "bench",
                "created_at": now,
                "updated_at": now,
            }
        )
    with project.engine.begin() as conn:
        conn.execute(insert(Annotation.__table__), rows)
    return doc.id


def measure(project: Project, doc: str, edits: int, runs: int) -> dict[str, list[float]]:
    claim = project.labels.by_name("claim").id
    commits = []
    for i in range(edits):
        t = time.perf_counter()
        project.annotations.create(doc, i * 50, i * 50 + 30, claim)
        commits.append((time.perf_counter() - t) * 1000)
    opens = []
    for _ in range(runs):
        t = time.perf_counter()
        project.documents.text(doc)
        rows = project.annotations.for_document(doc, preview=200)
        opens.append((time.perf_counter() - t) * 1000)
        assert len(rows) >= ANNOTATIONS
    polls = []
    project.data_version()
    for _ in range(runs * 20):
        t = time.perf_counter()
        project.data_version()
        polls.append((time.perf_counter() - t) * 1000)
    return {"commit": commits, "open": opens, "poll": polls}


def fmt(values: list[float] | None, p95: bool = False) -> str:
    if not values:
        return "–"
    ordered = sorted(values)
    parts = [f"{statistics.median(ordered):.2f}"]
    if p95:
        parts.append(f"{ordered[int(len(ordered) * 0.95) - 1]:.2f}")
    parts.append(f"{ordered[-1]:.2f}")
    return " / ".join(parts) + " ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, dict[str, list[float]] | str] = {}
    with tempfile.TemporaryDirectory() as folder:
        project = Project.open(Path(folder) / "bench.factcheck")
        results["SQLite file"] = measure(project, build(project), args.edits, args.runs)
        project.close()
    try:
        import psycopg

        name = f"factcheck_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        params = psycopg.conninfo.conninfo_to_dict(ADMIN)
        url = f"postgresql+psycopg://{params.get('user', 'postgres')}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
        try:
            project = Project.open(url)
            results["PostgreSQL (local)"] = measure(project, build(project), args.edits, args.runs)
            project.close()
        finally:
            with psycopg.connect(ADMIN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception as exc:  # no server: say so in the table
        results["PostgreSQL (local)"] = f"not measured: {str(exc).splitlines()[0]}"
    print(
        f"## Team bench: 1 MB article, {ANNOTATIONS:,} annotations; {args.edits} commits, {args.runs} opens\n"
    )
    print(
        "| backend | commit one edit (median / p95 / max) | open the 1 MB / 10k document's rows (median / max) | change poll (median / max) |"
    )
    print("|---|---|---|---|")
    for backend, values in results.items():
        if isinstance(values, str):
            print(f"| {backend} | {values} | | |")
        else:
            print(
                f"| {backend} | {fmt(values['commit'], p95=True)} | {fmt(values['open'])} | {fmt(values['poll'])} |"
            )


if __name__ == "__main__":
    main()
