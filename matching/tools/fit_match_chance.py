"""Fit an encoder's `MatchChance` (matching/relevance.py) on the labelled sets.

    python -m matching.tools.fit_match_chance DATA_DIR [ENCODER] [--cache PATH]

DATA_DIR holds ogp_parliament_commitments.csv and worldbank_project_themes.csv (the shared labelled sets, never part of
the repository). For every labelled text, its ten best candidates from other countries are the matches a coordinator
would review; a candidate counts as kept when it shares a theme with the text (OGP: `specific_labels`, the themes
without the two broad ones that cover half the rows; World Bank: `labels`). The logistic model of the cosine is fitted
on those pairs (L2 penalty 1, not tuned) and printed with a reliability table (predicted against observed chance, by
score band), measured on the OGP set when fitted on the World Bank set and the other way round, then on both.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from matching.cache import SQLiteEmbeddingCache, embed
from matching.encoders import get_encoder
from matching.evaluate import parse_labels
from matching.io import read_csv
from matching.relevance import MatchChance, fit_match_chance

SETS = (("ogp_parliament_commitments.csv", "specific_labels"), ("worldbank_project_themes.csv", "labels"))
DEPTH = 10


def reviewed_pairs(vectors: np.ndarray, labels: list[set[str]], groups: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(cosines, kept) of each labelled text's DEPTH best candidates from other groups."""
    scores = vectors @ vectors.T
    g = np.asarray(groups, dtype=object)
    scores[g[:, None] == g[None, :]] = -np.inf
    out_scores, out_kept = [], []
    for i, mine in enumerate(labels):
        if not mine:
            continue
        top = np.argsort(-scores[i], kind="stable")[:DEPTH]
        out_scores += [scores[i, j] for j in top]
        out_kept += [bool(mine & labels[j]) for j in top]
    return np.array(out_scores), np.array(out_kept)


def reliability(chance: MatchChance, scores: np.ndarray, kept: np.ndarray) -> str:
    predicted = chance.probability(scores)
    lines = []
    for low in np.arange(0.0, 1.0, 0.2):
        band = (predicted >= low) & (predicted < low + 0.2)
        if band.any():
            lines.append(
                f"  predicted {low:.1f}-{low + 0.2:.1f}: {band.sum():5d} pairs, "
                f"predicted mean {predicted[band].mean():.3f}"
                f", observed {kept[band].mean():.3f}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data")
    parser.add_argument("encoder", nargs="?", default="default")
    parser.add_argument("--cache")
    args = parser.parse_args(argv)
    cache = SQLiteEmbeddingCache(args.cache) if args.cache else None
    encoder = get_encoder(args.encoder)
    if hasattr(encoder, "cache"):
        encoder.cache = cache
    pairs = []
    for file, column in SETS:
        table = read_csv(str(Path(args.data) / file), ["text", "country", column])
        vectors = embed(table.column("text"), encoder, cache)
        labels = [set(parse_labels(v)) for v in table.column(column)]
        pairs.append(reviewed_pairs(vectors, labels, table.column("country")))
    print(f"encoder: {encoder.identity[:120]}")
    for file, train, test in ((SETS[0][0], pairs[1], pairs[0]), (SETS[1][0], pairs[0], pairs[1])):
        chance = fit_match_chance(*train)
        print(f"fitted on the other set, measured on {file}:")
        print(reliability(chance, *test))
    both = fit_match_chance(np.r_[pairs[0][0], pairs[1][0]], np.r_[pairs[0][1], pairs[1][1]])
    assert both.weights is not None
    print(f"fitted on both: match_chance_weights = ({both.weights[0]:.3f}, {both.weights[1]:.3f})")
    print(reliability(both, np.r_[pairs[0][0], pairs[1][0]], np.r_[pairs[0][1], pairs[1][1]]))


if __name__ == "__main__":
    main()
