"""Fit the bridge the hybrid encoder ships (matching/data/use_to_minilm.npz): a development tool, not library code.

The map sends multilingual USE vectors into MiniLM's space (see matching/encoders/bridge.py for what it is for). It is
a ridge regression USE -> MiniLM fitted on English sentences, with the penalty of best 5-fold cross-validated mean
cosine. The shipped map was fitted on the sentences and titles of the World Bank project abstracts of the labelled
evaluation data (CC BY 4.0, The World Bank); no evaluation label and no probe text was used. Regenerate it with:

    python -m matching.tools.fit_bridge PATH/TO/worldbank_project_themes.csv
"""

from __future__ import annotations

import sys

import numpy as np

from matching.encoders.bridge import BRIDGE_PATH

PENALTIES = (0.01, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
MIN_SENTENCE_CHARS = 30


def _ridge(source: np.ndarray, target: np.ndarray, penalty: float) -> np.ndarray:
    gram = source.T @ source + penalty * np.eye(source.shape[1])
    return np.linalg.solve(gram, source.T @ target)


def _mean_cosine(predicted: np.ndarray, target: np.ndarray) -> float:
    predicted = predicted / np.linalg.norm(predicted, axis=1, keepdims=True)
    return float(np.mean(np.sum(predicted * target, axis=1)))


def fit_bridge(source: np.ndarray, target: np.ndarray, seed: int = 0) -> tuple[np.ndarray, float, float]:
    """Ridge map source -> target with the penalty of best 5-fold cross-validated mean cosine.

    Returns (weights as float32, the chosen penalty, its cross-validated mean cosine)."""
    order = np.random.default_rng(seed).permutation(len(source))
    folds = np.array_split(order, 5)
    scores = []
    for penalty in PENALTIES:
        fold_scores = []
        for held in folds:
            train = np.setdiff1d(order, held)
            weights = _ridge(source[train], target[train], penalty)
            fold_scores.append(_mean_cosine(source[held] @ weights, target[held]))
        scores.append(float(np.mean(fold_scores)))
    best = int(np.argmax(scores))
    return _ridge(source, target, PENALTIES[best]).astype(np.float32), PENALTIES[best], scores[best]


def main(argv: list[str] | None = None) -> int:
    import hashlib

    from matching.encoders import get_encoder
    from matching.io import read_csv
    from matching.text import split_sentences

    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(
            "usage: python -m matching.tools.fit_bridge TEXTS.csv (English texts in a 'text' column, optional 'title')",
            file=sys.stderr,
        )
        return 2
    table = read_csv(argv[0], ["text"])
    sentences = [s for row in table.rows for s in split_sentences(row["text"]) if len(s) >= MIN_SENTENCE_CHARS]
    sentences += [row["title"] for row in table.rows if row.get("title")]
    dense, multilingual = get_encoder("minilm"), get_encoder("multilingual")
    target = dense.encode(sentences, progress=None)
    source = multilingual.encode(sentences, progress=None)
    weights, penalty, score = fit_bridge(source, target)
    fingerprint = hashlib.sha256(weights.tobytes()).hexdigest()[:12]
    np.savez_compressed(
        BRIDGE_PATH,
        W=weights,
        fingerprint=np.array(fingerprint),
        source=np.array(multilingual.identity),
        target=np.array(dense.identity),
    )
    print(
        f"{len(sentences)} sentences; ridge penalty {penalty} (cross-validated mean cosine {score:.4f}); "
        f"wrote {BRIDGE_PATH} ({fingerprint})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
