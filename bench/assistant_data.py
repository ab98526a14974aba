"""The public data the assistant is tuned and measured on (../shared/data), read the same way by the
training script and the bench: ClaimBuster with factcheck's own held-out split, CheckThat! 2020 Task 2."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("FACTCHECK_SHARED_DATA", ROOT.parent.parent / "shared" / "data"))
if not DATA.is_dir():
    DATA = Path("/work/shared/data")
CLAIMBUSTER = DATA / "claimbuster" / "train.json"
CHECKTHAT = DATA / "checkthat2020-task2" / "v3.zip"
#: The share of each class held out of ClaimBuster's train.json for measuring (never trained or tuned on).
HELD_OUT = 0.2
SPLIT_SEED = 13


@dataclass(frozen=True)
class Sentences:
    texts: list[str]
    labels: np.ndarray


def claimbuster() -> tuple[Sentences, Sentences]:
    """(training part, held-out part) of ClaimBuster train.json: a stratified 80/20 split, fixed seed."""
    items = json.loads(CLAIMBUSTER.read_text(encoding="utf-8"))
    labels = np.array([int(item["label"]) for item in items])
    rng = np.random.default_rng(SPLIT_SEED)
    held = np.zeros(len(items), dtype=bool)
    for label in (0, 1):
        members = np.flatnonzero(labels == label)
        rng.shuffle(members)
        held[members[: int(round(HELD_OUT * len(members)))]] = True
    texts = [item["text"] for item in items]
    train = Sentences([t for t, h in zip(texts, held, strict=True) if not h], labels[~held])
    test = Sentences([t for t, h in zip(texts, held, strict=True) if h], labels[held])
    return train, test


def _tsv(data: bytes) -> list[list[str]]:
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter="\t")
    next(reader)
    return [row for row in reader if row]


@dataclass(frozen=True)
class CheckThat:
    #: (id, claim, title) of the 10,375 verified claims.
    claims: list[tuple[str, str, str]]
    #: split → [(tweet id, tweet text)] and split → {tweet id: {claim ids}}.
    queries: dict[str, list[tuple[str, str]]]
    relevant: dict[str, dict[str, set[str]]]


def checkthat() -> CheckThat:
    with zipfile.ZipFile(CHECKTHAT) as archive:
        claims = [(r[0], r[1], r[2]) for r in _tsv(archive.read("v3.0/verified_claims.docs.tsv"))]
        queries, relevant = {}, {}
        for split in ("train", "dev"):
            queries[split] = [(r[0], r[1]) for r in _tsv(archive.read(f"v3.0/{split}/tweets.queries.tsv"))]
            pairs: dict[str, set[str]] = {}
            for line in archive.read(f"v3.0/{split}/tweet-vclaim-pairs.qrels").decode().splitlines():
                if line.strip():
                    query, _, claim, _ = line.split("\t")
                    pairs.setdefault(query, set()).add(claim)
            relevant[split] = pairs
    return CheckThat(claims, queries, relevant)


def checkthat_archive_bytes() -> bytes:
    """verified_claims.docs.tsv as it is in the zip (an archive file factcheck imports as is)."""
    with zipfile.ZipFile(CHECKTHAT) as archive:
        return archive.read("v3.0/verified_claims.docs.tsv")


def average_precision(ranked: list[str], relevant: set[str], k: int = 5) -> float:
    """AP@k as CheckThat! 2020 Task 2 scores it (divided by min(|relevant|, k))."""
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), k)
