"""Claim assistant benchmark: check-worthiness F1 on ClaimBuster (factcheck's held-out 20 %), MAP@5 on
CheckThat! 2020 Task 2 (train and dev), and the speeds and memory of issue 13. Prints a Markdown table.

Everything goes through the real code: the shipped classifier, a real project file on disk, the archive
imported with ``ArchiveService.import_file`` (FTS5 + vectors), queries through ``match_many`` / ``match``,
suggestions through ``AssistantService.suggestions``. Goals (issue 13): F1 ≥ 0.85, MAP@5 ≥ 0.93, archive
indexed ≤ 120 s, one match ≤ 50 ms, a 20 KB article's suggestions ≤ 2 s, model memory ≤ 150 MB.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from assistant_data import average_precision, checkthat, checkthat_archive_bytes, claimbuster  # noqa: E402

from factcheck.assistant.classifier import base_classifier, f1_score  # noqa: E402
from factcheck.assistant.model import shared_embedder  # noqa: E402
from factcheck.assistant.vectors import pack, unpack  # noqa: E402
from factcheck.domain import ImportedDocument  # noqa: E402
from factcheck.services import Project  # noqa: E402

MEMORY_PROBE = """
import sys
sys.path.insert(0, {root!r})
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
import numpy, factcheck.services.assistant
before = rss()
from factcheck.assistant.model import shared_embedder
shared_embedder().embed(["A first sentence to embed, as the assistant does on first use."] * 32)
print(rss() - before)
"""


def main() -> int:
    rows: list[tuple[str, str, str]] = []

    # --- Check-worthiness --------------------------------------------------------------------------------
    _, held_out = claimbuster()
    embedder = shared_embedder()
    embedder.embed(["warm up"])
    started, cpu = time.perf_counter(), time.process_time()
    vectors = embedder.embed(held_out.texts)
    rate = len(held_out.texts) / (time.perf_counter() - started)
    cpu_rate = len(held_out.texts) / (time.process_time() - cpu)
    classifier = base_classifier()
    for name, used in (("float32 vectors", vectors), ("int8 as stored", unpack(pack(vectors)))):
        predicted = classifier.scores(used, held_out.texts) >= classifier.threshold
        positive = f1_score(predicted, held_out.labels)
        negative = f1_score(~predicted, 1 - held_out.labels)
        rows.append(
            (
                f"ClaimBuster held-out F1, check-worthy class ({name})",
                f"{positive:.3f} (macro F1 {(positive + negative) / 2:.3f})",
                "≥ 0.85",
            )
        )
    fidelity = np.sum(unpack(pack(vectors)) * vectors, axis=1)
    rows.append(
        (
            "cosine of int8-stored to exact vectors (min / mean)",
            f"{fidelity.min():.4f} / {fidelity.mean():.5f}",
            "",
        )
    )
    rows.append(
        (
            "sentences embedded per second (batches of 32), wall (per CPU-second)",
            f"{rate:.0f} ({cpu_rate:.0f})",
            "",
        )
    )

    # --- Claim matching ----------------------------------------------------------------------------------
    data = checkthat()
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "checkthat-verified-claims.tsv"
        archive.write_bytes(checkthat_archive_bytes())
        project = Project.open(Path(folder) / "bench.factcheck")
        try:
            started, cpu = time.perf_counter(), time.process_time()
            imported = project.assistant.archives.import_file(archive)
            index_seconds, index_cpu = time.perf_counter() - started, time.process_time() - cpu
            rows.append(
                (
                    f"archive of {imported.archive.entries:,} claims imported and indexed (FTS5 + {imported.archive.indexed:,} claim and title vectors)",
                    f"{index_seconds:.1f} s wall ({index_cpu:.1f} CPU-s)",
                    "≤ 120 s",
                )
            )
            for split in ("train", "dev"):
                queries = data.queries[split]
                results = project.assistant.archives.match_many([text for _, text in queries], top=5)
                ap = [
                    average_precision([m.id for m in matches], data.relevant[split].get(query_id, set()))
                    for (query_id, _), matches in zip(queries, results, strict=True)
                ]
                goal = "≥ 0.93" if split == "dev" else "(tuned on)"
                rows.append(
                    (
                        f"CheckThat! 2020 MAP@5, {split} ({len(queries)} tweets)",
                        f"{statistics.mean(ap):.3f}",
                        goal,
                    )
                )
            single, single_cpu = [], []
            for _, text in data.queries["dev"][:40]:
                started, cpu = time.perf_counter(), time.process_time()
                project.assistant.archives.match(text, top=5)
                single.append(time.perf_counter() - started)
                single_cpu.append(time.process_time() - cpu)
            rows.append(
                (
                    "one match query against the archive (median of 40 dev tweets)",
                    f"{statistics.median(single) * 1000:.0f} ms wall ({statistics.median(single_cpu) * 1000:.0f} ms CPU)",
                    "≤ 50 ms",
                )
            )
            project.checkpoint()
            vector_count = project.assistant.vectors.count()
            size = (Path(folder) / "bench.factcheck").stat().st_size
            rows.append(
                (
                    f"project file with the archive ({vector_count:,} vectors of 388 B int8; float16 768 B, float32 1,536 B)",
                    f"{size / 1e6:.1f} MB (vectors {vector_count * 388 / 1e6:.1f} MB; float16 would add {vector_count * 380 / 1e6:.1f} MB, float32 {vector_count * 1148 / 1e6:.1f} MB)",
                    "",
                )
            )

            # --- Suggestions for a 20 KB article (sentences the project has never seen) --------------------
            paragraphs, size = [], 0
            for first in range(0, len(held_out.texts), 5):
                paragraph = " ".join(held_out.texts[first : first + 5])
                paragraphs.append(paragraph)
                size += len(paragraph.encode()) + 2
                if size >= 20_000:
                    break
            article = "\n\n".join(paragraphs)
            document = project.documents.add(ImportedDocument(text=article, source_format="txt"))
            started, cpu = time.perf_counter(), time.process_time()
            found = project.assistant.suggestions(document.id, everything=True)
            cold, cold_cpu = time.perf_counter() - started, time.process_time() - cpu
            started = time.perf_counter()
            project.assistant.suggestions(document.id, everything=True)
            warm = time.perf_counter() - started
            rows.append(
                (
                    f"suggestions for a {len(article.encode()) / 1000:.0f} KB article ({len(found)} sentences scored), first time / reopened",
                    f"{cold:.2f} s ({cold_cpu:.2f} CPU-s) / {warm * 1000:.0f} ms",
                    "≤ 2 s",
                )
            )
        finally:
            project.close()

    # --- Memory ------------------------------------------------------------------------------------------
    probe = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        check=True,
    )
    rows.append(
        (
            "memory added by loading the model and embedding a batch",
            f"{float(probe.stdout):.0f} MB",
            "≤ 150 MB",
        )
    )

    load = [f"{x:.1f}" for x in os.getloadavg()]
    print(
        f"load average during the run (1, 5, 15 min, at the end): {', '.join(load)} on {os.cpu_count()} cores\n"
    )
    print("| measure | result | goal |")
    print("|---|---|---|")
    for measure, result, goal in rows:
        print(f"| {measure} | {result} | {goal} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
