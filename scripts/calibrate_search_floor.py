"""Calibrate the directory search's relevance floor for an encoder, on data the floor is not tested on.

Real queries: the everyday challenges of evaluation/probe_everyday.csv (four languages) against its 168 reforms;
the score of each challenge's own reform is a "real match", its scores against reforms of other themes are
"unrelated". Off-topic queries: the everyday and keyboard-mash queries below (written for this script; the frozen
evaluation/search_floor.csv stays held out for the tests). Prints percentiles and a suggested floor: halfway between
the 99th percentile of the off-topic queries' best scores and the 10th percentile of the real matches.

    python scripts/calibrate_search_floor.py [ENCODER]        # default: the engine's default encoder
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

import matching

OFF_TOPIC = [
    "best pizza near the station",
    "how to fix a flat bicycle tyre",
    "basketball finals tickets",
    "funny cat videos",
    "horoscope for virgo this week",
    "cheap flights to paris in july",
    "receta de tamales de pollo",
    "partido de béisbol esta noche",
    "letra de la canción de amor",
    "recette de la tarte aux pommes",
    "météo à dakar demain",
    "meilleur téléphone pas cher",
    "jadwal kereta api besok pagi",
    "harga sepatu bola murah",
    "lagu dangdut terbaru",
    "zxcvbnm poiuy",
    "hhhh ggg",
    "blorp wibble",
    "my dog ate my homework",
    "what time is it in tokyo",
]


def main(name: str = "default") -> None:
    root = Path(__file__).resolve().parent.parent
    with open(root / "evaluation" / "probe_everyday.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    challenges = [r for r in rows if r["kind"] == "challenge"]
    reforms = [r for r in rows if r["kind"] == "reform"]
    encoder = matching.get_encoder(name)
    docs = encoder.encode([r["text"] for r in reforms])
    queries = encoder.encode([r["text"] for r in challenges])
    off = encoder.encode(OFF_TOPIC)
    scores = queries @ docs.T
    right, unrelated = [], []
    for i, challenge in enumerate(challenges):
        for j, reform in enumerate(reforms):
            if reform["pair"] == challenge["pair"]:
                right.append(scores[i, j])
            elif reform["topic"] != challenge["topic"]:
                unrelated.append(scores[i, j])
    off_best = (off @ docs.T).max(axis=1)
    right, unrelated = np.array(right), np.array(unrelated)
    pct = lambda a, q: float(np.percentile(a, q))  # noqa: E731
    print(f"encoder: {encoder.identity[:120]}")
    print(f"real matches ({len(right)}): p10={pct(right, 10):.3f} p50={pct(right, 50):.3f} min={right.min():.3f}")
    print(f"unrelated pairs ({len(unrelated)}): p50={pct(unrelated, 50):.3f} p99={pct(unrelated, 99):.3f}")
    print(
        f"off-topic best ({len(off_best)}): p50={pct(off_best, 50):.3f} p99={pct(off_best, 99):.3f} "
        f"max={off_best.max():.3f}"
    )
    floor = (pct(off_best, 99) + pct(right, 10)) / 2
    print(f"suggested floor: {floor:.3f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
