"""A linear bridge from the multilingual USE space into MiniLM's space, for texts MiniLM cannot read.

MiniLM only reads English. USE places a sentence and its translation close together, so a
linear map fitted on English sentences (USE vector -> MiniLM vector, ridge regression) gives a
Spanish, French or Indonesian text an estimate of what MiniLM would say about its English
translation. The hybrid encoder puts that estimate in the MiniLM slot of a foreign text, so a
cross-language pair is scored by the same blend, on the same scale, as an English pair.

The shipped map (matching/data/use_to_minilm.npz) was fitted on the sentences and titles of
the World Bank project abstracts in ../shared/data (CC BY 4.0, The World Bank), with the
ridge penalty chosen by 5-fold cross-validation on those sentences; no evaluation label and no
probe text was used. Regenerate it with:

    python -m matching.bridge ../shared/data/worldbank_project_themes.csv
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

BRIDGE_PATH = Path(__file__).with_name("data") / "use_to_minilm.npz"
PENALTIES = (0.01, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
MIN_SENTENCE_CHARS = 30


@lru_cache(maxsize=1)
def load_bridge(path: str = str(BRIDGE_PATH)) -> tuple[np.ndarray, str]:
    """(W, fingerprint): multilingual vectors @ W estimate MiniLM vectors."""
    with np.load(path, allow_pickle=False) as data:
        return data["W"].astype(np.float32), str(data["fingerprint"])


def _ridge(source: np.ndarray, target: np.ndarray, penalty: float) -> np.ndarray:
    gram = source.T @ source + penalty * np.eye(source.shape[1])
    return np.linalg.solve(gram, source.T @ target)


def _mean_cosine(predicted: np.ndarray, target: np.ndarray) -> float:
    predicted = predicted / np.linalg.norm(predicted, axis=1, keepdims=True)
    return float(np.mean(np.sum(predicted * target, axis=1)))


def fit_bridge(source: np.ndarray, target: np.ndarray, seed: int = 0) -> tuple[np.ndarray, float, float]:
    """Ridge map source -> target with the penalty of best 5-fold cross-validated mean cosine."""
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


def main(argv=None) -> int:
    import hashlib

    from matching.encoders import get_encoder
    from matching.io import read_csv
    from matching.text import split_sentences

    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(
            "usage: python -m matching.bridge TEXTS.csv (English texts in a 'text' column, optional 'title')",
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
