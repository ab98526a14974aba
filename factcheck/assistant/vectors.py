"""How sentence vectors are keyed and stored: sha256 of the normalised text, int8 with one scale a vector.

A unit vector's 384 float32 components take 1,536 bytes; stored as int8 with a float32 scale they take
388 (a quarter), and the cosine between a stored and an exact vector stays above 0.999 (bench_assistant.py
measures what it does to F1 and MAP@5).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence

import numpy as np

from factcheck.assistant.model import DIMENSION

_SCALE = np.dtype("<f4")


def normalised(text: str) -> str:
    """What the model reads: NFC, whitespace runs collapsed, ends trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_key(text: str) -> str:
    """The key a text's vector is stored under (equal texts up to whitespace share one vector)."""
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def pack(vectors: np.ndarray) -> list[bytes]:
    """One blob a row: a little-endian float32 scale, then 384 int8 components (round(x / scale))."""
    vectors = np.asarray(vectors, dtype=np.float32)
    scales = np.abs(vectors).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    quantised = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    return [
        scale.astype(_SCALE).tobytes() + row.tobytes() for scale, row in zip(scales, quantised, strict=True)
    ]


def unpack(blobs: Sequence[bytes]) -> np.ndarray:
    """The (n, 384) float32 unit vectors of ``pack``'s blobs (renormalised after rounding)."""
    if not blobs:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(len(blobs), 4 + DIMENSION)
    scales = raw[:, :4].copy().view(_SCALE)[:, 0]
    values = raw[:, 4:].view(np.int8).astype(np.float32) * scales[:, None]
    norms = np.linalg.norm(values, axis=1, keepdims=True)
    return values / np.clip(norms, 1e-12, None)
