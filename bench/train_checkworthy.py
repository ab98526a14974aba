"""Train the base check-worthiness classifier that ships in factcheck/assistant/data/checkworthy.npz.

Only ClaimBuster's train.json is used, and only its training part (bench/assistant_data.py holds 20 % out
for the bench). The L2 strength, the positive-class weight and the suggestion threshold are chosen by
5-fold cross-validation on the training part (F1 of the check-worthy class); then the model is fitted on
the whole training part. Run: .venv/bin/python bench/train_checkworthy.py [--vectors CACHE.npy]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from assistant_data import claimbuster  # noqa: E402

from factcheck.assistant.classifier import (  # noqa: E402
    BASE_MODEL_PATH,
    Classifier,
    best_threshold,
    features,
    fit,
)
from factcheck.assistant.model import shared_embedder  # noqa: E402

L2 = (0.1, 0.3, 1.0)
POSITIVE_WEIGHTS = (1.0, 2.0)
FOLDS = 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vectors", type=Path, help="cache the training part's vectors in this .npy file")
    parser.add_argument("--out", type=Path, default=BASE_MODEL_PATH)
    args = parser.parse_args()
    train, _ = claimbuster()
    if args.vectors and args.vectors.exists():
        vectors = np.load(args.vectors)
    else:
        started = time.perf_counter()
        vectors = shared_embedder().embed(train.texts)
        print(f"embedded {len(train.texts)} sentences in {time.perf_counter() - started:.1f} s")
        if args.vectors:
            np.save(args.vectors, vectors)
    x, y = features(vectors, train.texts), train.labels
    folds = np.arange(len(y)) % FOLDS
    np.random.default_rng(0).shuffle(folds)
    best = None
    for l2 in L2:
        for weight in POSITIVE_WEIGHTS:
            out_of_fold = np.zeros(len(y))
            for k in range(FOLDS):
                w, b = fit(x[folds != k], y[folds != k], l2=l2, positive_weight=weight)
                out_of_fold[folds == k] = Classifier(w, b, 0.5).scores_of(x[folds == k])
            threshold, f1 = best_threshold(out_of_fold, y)
            print(f"l2 {l2:<4} positive weight {weight}: cross-validated F1 {f1:.4f} at {threshold:.3f}")
            if best is None or f1 > best[0]:
                best = (f1, l2, weight, threshold)
    assert best is not None
    f1, l2, weight, threshold = best
    w, b = fit(x, y, l2=l2, positive_weight=weight)
    model = Classifier(w, b, threshold, source=f"base: ClaimBuster train part, l2 {l2}, weight {weight}")
    args.out.write_bytes(model.to_bytes())
    print(
        f"chosen l2 {l2}, positive weight {weight}, threshold {threshold:.3f} (CV F1 {f1:.4f}) → {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
