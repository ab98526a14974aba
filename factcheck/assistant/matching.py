"""Hybrid ranking for "has this been checked before?": BM25 word matches fused with embedding cosine."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: How much the word match counts beside the cosine (tuned on CheckThat! 2020 train and dev).
WORD_WEIGHT = 0.2
#: The cosine is this share the claim's and the rest the title's (a headline often words it as asked).
CLAIM_SHARE = 0.7
#: How many candidates each half proposes before fusion.
CANDIDATES = 100

_URL = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S+", re.IGNORECASE)
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])")


def clean_query(text: str) -> str:
    """A query as the model should read it: links out, ``#BigWords`` split into words, ``@`` dropped."""
    text = _URL.sub(" ", text)
    text = _HASHTAG.sub(lambda m: _CAMEL.sub(" ", m.group(1)), text)
    return " ".join(text.replace("@", "").split())


@dataclass(frozen=True, slots=True)
class Ranked:
    index: int
    score: float


def fuse(
    cosines: np.ndarray,
    word_scores: Sequence[tuple[int, float]],
    top: int,
    *,
    word_weight: float = WORD_WEIGHT,
) -> list[Ranked]:
    """The ``top`` best of all entries: cosine + ``word_weight`` × BM25 / the query's best BM25.

    ``cosines`` has one value an entry; ``word_scores`` holds (entry index, BM25) for the entries the word
    search found (the others score 0 there). The BM25 scale depends on the query, so it is divided by the
    query's best; the cosine is on the same scale for every query already.
    """
    if len(cosines) == 0 or top <= 0:
        return []
    fused = cosines.astype(np.float64).copy()
    if word_scores:
        best = max(score for _, score in word_scores)
        if best > 0:
            for index, score in word_scores:
                fused[index] += word_weight * score / best
    count = min(top, len(fused))
    picked = np.argpartition(-fused, count - 1)[:count]
    picked = picked[np.argsort(-fused[picked], kind="stable")]
    return [Ranked(int(i), float(fused[i])) for i in picked]
