"""Precision at 5 of the precedents on the labelled set written for this project (evaluation/cocreation_drafts.csv:
32 drafts in English, Spanish, French and Indonesian, each with its true precedents in evaluation/
commitment_library.csv), printed against a keyword baseline (TF-IDF) in the same run.

The ranking is the panel's own (`precedents.rank`: other countries only, dot product of unit vectors). The fast test
uses the tests' encoder (signed hashing, no model); the slow one the app's default encoder (the real models)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

import matching
from learning_hub.cocreation.precedents import rank

ROOT = Path(__file__).resolve().parents[2] / "evaluation"
K = 5


def _read(name: str) -> list[dict]:
    with (ROOT / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _sets():
    library = _read("commitment_library.csv")
    drafts = _read("cocreation_drafts.csv")
    # The same texts the app embeds: a library row's "title. description", a draft's "title. problem commitment".
    library_texts = [f"{row['title']}. {row['text']}" for row in library]
    draft_texts = [f"{row['title']}. {row['problem']} {row['commitment']}" for row in drafts]
    return library, drafts, library_texts, draft_texts


def _precision(library, drafts, library_vectors, draft_vectors) -> tuple[float, dict[str, float]]:
    countries = [row["country"] for row in library]
    ids = [row["id"] for row in library]
    per_draft, by_language = [], {}
    for row, vector in zip(drafts, draft_vectors, strict=True):
        top = [ids[i] for i in rank(vector, library_vectors, countries, row["country"], K)]
        truth = set(row["precedents"].split("|"))
        value = len(truth & set(top)) / K
        per_draft.append(value)
        by_language.setdefault(row["language"], []).append(value)
    return float(np.mean(per_draft)), {lang: float(np.mean(v)) for lang, v in sorted(by_language.items())}


def _tfidf(library_texts, draft_texts):
    encoder = matching.get_encoder("tfidf")
    vectors = encoder.fit_encode(library_texts + draft_texts)
    return vectors[: len(library_texts)], vectors[len(library_texts) :]


def _report(name: str, engine: tuple, baseline: tuple) -> None:
    print(f"\nprecedents P@{K} on {name}: engine {engine[0]:.3f} {engine[1]}")
    print(f"precedents P@{K} keyword baseline (TF-IDF): {baseline[0]:.3f} {baseline[1]}")


def test_labelled_set_is_what_the_readme_describes():
    library, drafts, _l, _d = _sets()
    assert (len(library), len(drafts)) == (143, 32)
    assert {row["language"] for row in drafts} == {"en", "es", "fr", "id"}
    by_id = {row["id"]: row for row in library}
    for row in drafts:  # never a precedent from the draft's own country (the panel excludes them too)
        assert all(by_id[i]["country"] != row["country"] for i in row["precedents"].split("|"))


def test_precision_at_5_with_the_tests_encoder_against_tfidf(app):
    library, drafts, library_texts, draft_texts = _sets()
    encoder = matching.get_encoder(app.config["MATCHING_ENCODER"])
    engine = _precision(library, drafts, matching.embed(library_texts, encoder), matching.embed(draft_texts, encoder))
    baseline = _precision(library, drafts, *_tfidf(library_texts, draft_texts))
    _report(f"the tests' encoder ({encoder.name})", engine, baseline)
    # A hashing encoder is a keyword method too: it should land near the keyword baseline, far above chance
    # (about 3.8 true precedents among ~140 candidates: chance P@5 is about 0.03).
    assert engine[0] > 0.15
    assert baseline[0] > 0.15


@pytest.mark.slow
def test_precision_at_5_with_the_default_encoder_against_tfidf():
    library, drafts, library_texts, draft_texts = _sets()
    encoder = matching.get_encoder("default")
    cache = matching.MemoryEmbeddingCache()
    engine = _precision(
        library, drafts, matching.embed(library_texts, encoder, cache), matching.embed(draft_texts, encoder, cache)
    )
    baseline = _precision(library, drafts, *_tfidf(library_texts, draft_texts))
    _report(f"the default encoder ({encoder.name})", engine, baseline)
    assert engine[0] >= baseline[0]
