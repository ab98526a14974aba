"""Check-worthiness: a logistic regression on sentence vectors plus a few surface cues (numbers, amounts,
length), in numpy (Newton's method, L2 towards a prior), with the threshold above which a sentence is
suggested. The base model, trained on ClaimBuster by bench/train_checkworthy.py, ships as ``data/*.npz``."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from factcheck.domain import FactcheckError

BASE_MODEL_PATH = Path(__file__).with_name("data") / "checkworthy.npz"

_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+")
_PERCENT = re.compile(r"%|\bper ?cent\b", re.IGNORECASE)
_AMOUNT = re.compile(r"[$€£]|\b(?:dollars?|billions?|millions?|trillions?)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
#: The surface cues appended to each vector (ClaimBuster's check-worthy sentences are rich in figures).
CUES = ("has a digit", "numbers / 3", "percent", "amount", "log(1 + words) / 3", "question", "year")


def cues(text: str) -> list[float]:
    return [
        float(bool(_DIGIT.search(text))),
        len(_NUMBER.findall(text)) / 3,
        float(bool(_PERCENT.search(text))),
        float(bool(_AMOUNT.search(text))),
        math.log1p(len(text.split())) / 3,
        float(text.rstrip().endswith("?")),
        float(bool(_YEAR.search(text))),
    ]


def features(vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """What the classifier reads: each sentence's vector followed by its cues."""
    extra = np.array([cues(t) for t in texts], dtype=np.float64).reshape(len(texts), len(CUES))
    return np.hstack([np.asarray(vectors, dtype=np.float64).reshape(len(texts), -1), extra])


@dataclass(frozen=True)
class Classifier:
    """P(check-worthy) = sigmoid(features · weights + bias); suggested when ≥ ``threshold``."""

    weights: np.ndarray  # (384 + len(CUES),) float64
    bias: float
    threshold: float
    #: Where the weights come from ('base', or 'project: N decisions').
    source: str = "base"

    def scores(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """One probability a sentence (its vector and its text)."""
        if len(texts) == 0:
            return np.zeros(0)
        return self.scores_of(features(vectors, texts))

    def scores_of(self, x: np.ndarray) -> np.ndarray:
        """One probability a row of :func:`features`."""
        return _sigmoid(x @ self.weights + self.bias)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez(
            buffer,
            weights=self.weights,
            bias=np.float64(self.bias),
            threshold=np.float64(self.threshold),
            source=np.str_(self.source),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Classifier:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return cls(
                weights=np.asarray(npz["weights"], dtype=np.float64),
                bias=float(npz["bias"]),
                threshold=float(npz["threshold"]),
                source=str(npz["source"]),
            )


def base_classifier() -> Classifier:
    """The classifier trained on ClaimBuster that ships with factcheck."""
    try:
        return Classifier.from_bytes(BASE_MODEL_PATH.read_bytes())
    except (OSError, ValueError, KeyError) as exc:
        raise FactcheckError(
            f"The assistant's check-worthiness model cannot be read ({exc}); reinstall factcheck."
        ) from exc


def fit(
    x: np.ndarray,
    labels: np.ndarray,
    *,
    l2: float,
    positive_weight: float = 1.0,
    prior: Classifier | None = None,
    iterations: int = 25,
) -> tuple[np.ndarray, float]:
    """Weights and bias (for rows ``x`` of :func:`features`) minimising the weighted log-loss + ``l2``/2 · ‖w − prior‖² (the bias is free).

    Without a prior the weights are pulled towards zero (plain ridge); with one, towards the prior's, so a
    handful of a project's decisions nudge the base model instead of replacing it.
    """
    x = np.hstack([np.asarray(x, dtype=np.float64), np.ones((len(x), 1))])
    y = labels.astype(np.float64)
    c = np.where(y > 0.5, positive_weight, 1.0)
    dims = x.shape[1]
    centre = np.zeros(dims)
    if prior is not None:
        centre[:-1] = prior.weights
        centre[-1] = prior.bias
    w = centre.copy()
    penalty = np.full(dims, l2)
    penalty[-1] = 1e-6  # the bias is (almost) unregularised
    for _ in range(iterations):
        p = _sigmoid(x @ w)
        gradient = x.T @ (c * (p - y)) + penalty * (w - centre)
        hessian = (x * (c * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-7:
            break
    return w[:-1].copy(), float(w[-1])


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The threshold that maximises F1 of the positive class on (scores, labels), and that F1."""
    order = np.argsort(-scores)
    sorted_labels = labels[order].astype(np.float64)
    true_positives = np.cumsum(sorted_labels)
    predicted = np.arange(1, len(scores) + 1)
    f1 = 2 * true_positives / (predicted + sorted_labels.sum())
    best = int(np.argmax(f1))
    upper = scores[order][best]
    lower = scores[order][best + 1] if best + 1 < len(scores) else upper
    return float((upper + lower) / 2), float(f1[best])


def f1_score(predicted: np.ndarray, labels: np.ndarray) -> float:
    true_positives = float(np.sum(predicted & (labels == 1)))
    denominator = float(np.sum(predicted) + np.sum(labels == 1))
    return 2 * true_positives / denominator if denominator else 0.0


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))
