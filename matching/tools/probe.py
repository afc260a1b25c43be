"""Cross-lingual probe (a development tool that `python -m matching probe` runs): does a challenge written in
Spanish, French or Indonesian find the English reform that answers it, among all the probe's English reforms
(answers and distractors)?

The bundled sets (written for this project) have columns `id,kind,pair,language,topic,text`:
`kind` is `challenge` or `reform`, `pair` links a challenge to its answering reform (empty for
distractor reforms). matching/data/crosslingual_probe.csv (24 pairs, 24 distractors) is the
development set that settings were chosen on; matching/data/crosslingual_probe_heldout.csv
(32 pairs, 32 distractors, other topics and wording) was written and committed before any of
the glossary work and is only ever measured, never tuned on.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from matching.cache import embed
from matching.encoders.base import Encoder
from matching.errors import InputError
from matching.io import read_csv, unique_ids
from matching.types import ProbePair, ProbeResult

DATA = Path(__file__).resolve().parent.parent / "data"
PROBE_PATH = DATA / "crosslingual_probe.csv"
HELDOUT_PATH = DATA / "crosslingual_probe_heldout.csv"
COLUMNS = ("id", "kind", "pair", "language", "topic", "text")


def load_probe(path: str | Path = PROBE_PATH) -> tuple[list[ProbePair], list[str], list[str]]:
    """(pairs, reform ids, reform texts): every reform, answers and distractors alike, is a candidate."""
    table = read_csv(str(path), COLUMNS)
    unique_ids(table, "id")
    reforms = [row for row in table.rows if row["kind"] == "reform"]
    answers = {row["pair"]: row for row in reforms if row["pair"]}
    pairs = []
    for row in table.rows:
        if row["kind"] not in ("challenge", "reform"):
            raise InputError(f"{path}: kind must be 'challenge' or 'reform', not {row['kind']!r} (id {row['id']})")
        if row["kind"] != "challenge":
            continue
        answer = answers.get(row["pair"])
        if answer is None:
            raise InputError(f"{path}: challenge {row['id']} has no reform with pair {row['pair']!r}")
        pairs.append(ProbePair(row["id"], row["text"], row["language"], answer["text"], row["topic"]))
    if not pairs:
        raise InputError(f"{path} has no challenge rows")
    return pairs, [row["id"] for row in reforms], [row["text"] for row in reforms]


def run_probe(encoder: Encoder, path: str | Path = PROBE_PATH, cache=None, method: str = "") -> ProbeResult:
    """Top-1 accuracy and mean rank of the answering reform for each challenge."""
    started = time.perf_counter()
    pairs, _reform_ids, reform_texts = load_probe(path)
    challenges = [pair.challenge for pair in pairs]
    if hasattr(encoder, "fit") and not encoder.cacheable:
        encoder.fit(challenges + reform_texts)
    reform_vectors = embed(reform_texts, encoder, cache)
    challenge_vectors = embed(challenges, encoder, cache)
    scores = challenge_vectors @ reform_vectors.T
    answer_index = [reform_texts.index(pair.reform) for pair in pairs]
    ranks = []
    misses = []
    for row, (pair, answer) in enumerate(zip(pairs, answer_index, strict=False)):
        # rank of the answer: ties count against it (a blank encoder must not score well)
        rank = int((scores[row] >= scores[row, answer]).sum())
        ranks.append(rank)
        if rank > 1:
            misses.append(pair.id)
    distractors = len(reform_texts) - len(set(answer_index))
    return ProbeResult(
        method or encoder.name,
        len(pairs),
        distractors,
        float(np.mean(np.array(ranks) == 1)),
        float(np.mean(ranks)),
        tuple(misses),
        time.perf_counter() - started,
    )
