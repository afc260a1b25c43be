"""How to pool a person's several challenges and reforms into one directional score, measured.

People are built from a labelled set (the OGP commitments): each country's rows are cut into people
of 2-6 texts, the first half their challenges and the rest their reforms. B is a good peer for A
when B's reforms share a theme label with A's challenges; graded relevance is the share of A's
challenges that some reform of B shares a label with. For every A, the people of other countries are
ranked by each pooling of A-challenges-against-B-reforms similarities, and scored by P@5 (at least
one challenge answered) and nDCG@10 (graded).
"""

from __future__ import annotations

import csv

import numpy as np

from matching.scoring import POOLINGS, TextVectors, pool_scores


def build_people(rows: list[dict], seed: int = 0):
    """[(country, challenge row indices, reform row indices)] from labelled rows."""
    rng = np.random.default_rng(seed)
    by_country: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_country.setdefault(row["country"], []).append(i)
    people = []
    for country in sorted(by_country):
        idx = list(rng.permutation(by_country[country]))
        while len(idx) >= 2:
            size = min(len(idx), int(rng.integers(2, 7)))
            if len(idx) - size == 1:
                size += 1
            chunk, idx = idx[:size], idx[size:]
            half = max(1, len(chunk) // 2)
            people.append((country, chunk[:half], chunk[half:]))
    return people


def _metrics(scores: np.ndarray, graded: np.ndarray, allowed: np.ndarray) -> tuple[float, float]:
    p5, ndcg = [], []
    disc = 1.0 / np.log2(np.arange(2, 12))
    for a in range(scores.shape[0]):
        cand = np.flatnonzero(allowed[a])
        if not graded[a, cand].any():
            continue
        order = cand[np.lexsort((cand, -scores[a, cand]))]
        p5.append(float((graded[a, order[:5]] > 0).mean()))
        gains = graded[a, order[:10]]
        ideal = np.sort(graded[a, cand])[::-1][:10]
        ndcg.append(float((gains * disc[: gains.size]).sum() / (ideal * disc[: ideal.size]).sum()))
    return float(np.mean(p5)), float(np.mean(ndcg))


def _one_split(people, vecs, labels, seed) -> dict:
    n = len(people)
    own_c = [np.array(c, dtype=np.int64) for _, c, _ in people]
    own_r = [np.array(r, dtype=np.int64) for _, _, r in people]
    challenges = TextVectors(vecs[np.concatenate(own_c)], np.repeat(np.arange(n), [len(x) for x in own_c]), n)
    reforms = TextVectors(vecs[np.concatenate(own_r)], np.repeat(np.arange(n), [len(x) for x in own_r]), n)
    reform_labels = [frozenset().union(*(labels[j] for j in r)) for r in own_r]
    graded = np.array(
        [[np.mean([bool(labels[i] & reform_labels[b]) for i in own_c[a]]) for b in range(n)] for a in range(n)]
    )
    countries = np.array([c for c, _, _ in people])
    allowed = countries[:, None] != countries[None, :]
    out = {pool: _metrics(pool_scores(challenges, reforms, pool), graded, allowed) for pool in POOLINGS}
    out["random"] = _metrics(np.random.default_rng(seed).random((n, n)), graded, allowed)
    return out


def measure_pooling(path: str, encoder_name: str = "tfidf", label_column: str = "labels", seeds: int = 10) -> dict:
    from matching.encoders import get_encoder

    with open(path, encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get(label_column, "").strip()]
    labels = [frozenset(x for x in r[label_column].split("|") if x) for r in rows]
    texts = [r.get("text", "") for r in rows]
    encoder = get_encoder(encoder_name)
    if not encoder.cacheable and hasattr(encoder, "fit"):
        encoder.fit(texts)
    vecs = encoder.encode(texts)
    results: dict[str, list] = {pool: [] for pool in (*POOLINGS, "random")}
    for seed in range(seeds):
        people = build_people(rows, seed)
        for pool, value in _one_split(people, vecs, labels, seed).items():
            results[pool].append(value)
    sizes = [len(c) + len(r) for _, c, r in people]
    print(
        f"\npooling: about {len(people)} people from {len(rows)} labelled rows of {path} "
        f"({encoder_name} vectors, {label_column}), {min(sizes)}-{max(sizes)} texts each, "
        f"other countries only, mean of {seeds} splits"
    )
    out = {}
    for pool, values in results.items():
        p5, ndcg = np.mean([v[0] for v in values]), np.mean([v[1] for v in values])
        out[pool] = (float(p5), float(ndcg))
        print(f"  {pool:44s} P@5 {p5:.3f}  nDCG@10 {ndcg:.3f}")
    return out
