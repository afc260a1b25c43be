"""Calibrate the directory search's relevance model for an encoder, on data it is not tested on.

Calibration set: evaluation/search_floor_calibration.csv, 48 short real questions (English, Spanish, French,
Indonesian; two per theme of evaluation/probe_everyday.csv) and 40 nonsense or off-topic queries. A real question's
feature is its best cosine with a reform of its own theme among the 168 reforms of evaluation/probe_everyday.csv; a
junk query's is its best cosine with any of them; each with the query's best cosine with the background
(matching/relevance.py). `fit_relevance` fits the logistic model on these; the frozen evaluation/search_floor.csv
stays held out for the tests.

    python -m matching.tools.search_floor [ENCODER]        # default: the engine's default encoder
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matching.encoders import Encoder, get_encoder
from matching.relevance import Relevance, background_best, fit_relevance, search_background

ROOT = Path(__file__).resolve().parents[2]
CALIBRATION = ROOT / "evaluation" / "search_floor_calibration.csv"
CORPUS = ROOT / "evaluation" / "probe_everyday.csv"


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class Calibration:
    """The fitted model and how it does on the calibration set itself."""

    relevance: Relevance
    real_kept: int
    real: int
    junk_rejected: int
    junk: int


def calibrate(encoder: Encoder, l2: float = 1.0) -> Calibration:
    """Fit the relevance model for this encoder on the calibration set."""
    queries = _read(CALIBRATION)
    reforms = [r for r in _read(CORPUS) if r["kind"] == "reform"]
    topics = np.array([r["topic"] for r in reforms])
    scores = encoder.encode([q["text"] for q in queries]) @ encoder.encode([r["text"] for r in reforms]).T
    background = background_best(encoder.encode([q["text"] for q in queries]), encoder.encode(search_background()))
    real = [i for i, q in enumerate(queries) if q["kind"] == "real"]
    junk = [i for i, q in enumerate(queries) if q["kind"] == "junk"]
    real_scores = np.array([scores[i][topics == queries[i]["topic"]].max() for i in real])
    junk_scores = scores[junk].max(axis=1)
    relevance = fit_relevance(real_scores, background[real], junk_scores, background[junk], l2=l2)
    return Calibration(
        relevance,
        int(relevance.close(real_scores, background[real]).sum()),
        len(real),
        int((~relevance.close(junk_scores, background[junk])).sum()),
        len(junk),
    )


def main(name: str = "default") -> None:
    encoder = get_encoder(name)
    result = calibrate(encoder)
    print(f"encoder: {encoder.identity[:120]}")
    print(f"weights (intercept, score, margin): {tuple(round(w, 3) for w in result.relevance.weights or ())}")
    print(f"calibration set: real questions kept {result.real_kept}/{result.real}, ", end="")
    print(f"junk queries with no result {result.junk_rejected}/{result.junk}")


if __name__ == "__main__":
    main(*sys.argv[1:])
