"""Project search benchmark (moved out of the unit suite): 500 articles of 20 KB with 20 annotations each,
searched for a rare word, words every article holds, a word with no ASCII to narrow by, and filters.

Prints a Markdown table of the best of 3 runs per query (ms). The search runs as a background job in the
window (dialogs/search_dialog.py), so these figures are how long a researcher waits for results, never a
frozen window. Measured 15–150 ms on the 2-core development machine.

    .venv/bin/python bench/bench_search.py
"""

from __future__ import annotations

import hashlib
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402 - after the source tree is on the path

from factcheck.services.project import Project  # noqa: E402
from factcheck.store.models import Annotation, Document, new_id, utc_now  # noqa: E402

QUERIES = (
    ("zebrafied", {}),  # rare: ten articles
    ("Crew members quit", {}),  # every article holds these words: the worst case
    ("élodie", {}),  # no ASCII word to narrow with: every article is scanned
    ("sheriff", {"date_from": "2021-03", "date_to": "2021-04"}),
    ("", {"date_from": "2021-03", "date_to": "2021-03"}),
)


WORDS = (
    "the",
    "set",
    "was",
    "said",
    "to",
    "be",
    "safe",
    "crew",
    "members",
    "quit",
    "letter",
    "Baldwin",
    "producers",
    "film",
    "workplace",
    "“professional”",
    "it’s",
    "morale",
    "high",
    "investigation",
    "Santa",
    "Fe",
    "sheriff",
    "armorer",
    "camera",
    "gun",
    "rehearsal",
    "church",
    "Élodie",
)


def build_project(project: Project) -> None:
    """500 articles of 20 KB with 20 annotations each, written with Core inserts (a few seconds)."""
    rng = random.Random(7)
    claim = project.labels.by_name("claim").id
    now = utc_now()
    documents, annotations = [], []
    for i in range(500):
        words, length = [], 0
        while length < 20_000:
            word = rng.choice(WORDS)
            words.append(word)
            length += len(word) + 1
        text = " ".join(words)[:20_000]
        if i % 50 == 0:
            text = text[:10_000] + " a uniquely zebrafied passage " + text[10_000:]
        doc_id = new_id()
        documents.append(
            {
                "id": doc_id,
                "title": f"Article {i}",
                "outlet": "",
                "author": "",
                "url": "",
                "published_at": datetime(2021, 1, 1, tzinfo=UTC) + timedelta(days=i),
                "imported_at": now,
                "text": text,
                "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
                "source_format": "txt",
                "source_name": "",
            }
        )
        for _ in range(20):
            start = rng.randrange(0, 19_000)
            end = start + rng.randrange(20, 200)
            annotations.append(
                {
                    "id": new_id(),
                    "document_id": doc_id,
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
        conn.execute(insert(Document.__table__), documents)
        conn.execute(insert(Annotation.__table__), annotations)


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        project = Project.open(Path(scratch) / "search.factcheck")
        try:
            started = time.perf_counter()
            build_project(project)
            print(
                f"Built 500 articles × 20 KB, 10,000 annotations in {time.perf_counter() - started:.1f} s.\n"
            )
            assert len(project.search.search("zebrafied").texts) == 10, "the rare word is in ten articles"
            print("| query | filters | best of 3 | annotations | text hits |")
            print("|---|---|---|---|---|")
            for text, filters in QUERIES:
                times = []
                for _ in range(3):
                    began = time.perf_counter()
                    results = project.search.search(text, **filters)
                    times.append(time.perf_counter() - began)
                shown = ", ".join(f"{k}={v}" for k, v in filters.items()) or "—"
                print(
                    f"| {text or '(filters only)'!r} | {shown} | {min(times) * 1000:.0f} ms "
                    f"| {len(results.annotations)} | {len(results.texts)} |"
                )
        finally:
            project.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
