"""The re-ranker learned from decisions: hand-computed predictions and orders, the guard, the simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest

import matching
from matching.evaluate import parse_labels
from matching.feedback.model import _auc


def test_predict_is_the_sigmoid_of_the_weighted_sum():
    r = matching.Reranker(weights=(2.0, 0.0, 1.0, -1.0), bias=-1.0)
    # row 1: 2*0.5 + 1*0.0 - 1*1 - 1 = -1 -> 1/(1+e)   row 2: 2*1 + 1*1 - 0 - 1 = 2 -> 1/(1+e^-2)
    p = r.predict(np.array([[0.5, 0.5, 0.0, 1.0], [1.0, 0.2, 1.0, 0.0]]))
    assert p == pytest.approx([1 / (1 + math.e), 1 / (1 + math.exp(-2))])
    assert matching.Reranker.from_dict(r.to_dict()) == r


def test_rerank_orders_by_chance_then_by_score():
    # weights on `lexical` only: rows 0 and 2 tie on chance, row 2 has the higher score and goes first
    r = matching.Reranker(weights=(0.0, 0.0, 1.0, 0.0), bias=0.0)
    x = np.array([[0.9, 0.9, 0.1, 1], [0.8, 0.8, 0.7, 1], [0.95, 0.95, 0.1, 1]])
    order, chances = matching.rerank(x, r)
    assert order.tolist() == [1, 2, 0]
    assert chances[1] == pytest.approx(1 / (1 + math.exp(-0.7)))
    plain, shown = matching.rerank(x, None)  # no re-ranker: the score's order, the score as the value
    assert plain.tolist() == [2, 0, 1]
    assert shown.tolist() == [0.9, 0.8, 0.95]


def test_features_take_the_weaker_direction_and_the_language():
    x = matching.decision_features(
        [0.6, 0.5],
        ["open contracting data", "open contracting data"],
        ["open contracting data", "datos abiertos de contratación pública en el municipio"],
        forward=[0.7, None],
        backward=[0.4, None],
        lexical=[1.0, 0.0],
    )
    assert x.tolist() == [[0.6, 0.4, 1.0, 1.0], [0.5, 0.5, 0.0, 0.0]]


def test_auc_counts_pairs_within_a_list_only():
    p = np.array([0.9, 0.1, 0.2, 0.8])
    y = np.array([True, False, True, False])
    # pooled: kept {0.9, 0.2} vs dropped {0.1, 0.8}: wins 0.9>0.1, 0.9>0.8, 0.2>0.1 = 3 of 4
    assert _auc(p, y) == pytest.approx(0.75)
    # lists {0,1} and {2,3}: 0.9>0.1 wins, 0.2<0.8 loses = 1 of 2
    assert _auc(p, y, np.array(["a", "a", "b", "b"])) == pytest.approx(0.5)


def test_fit_refuses_too_few_or_one_sided_judgements():
    x = np.random.default_rng(0).random((40, 4))
    assert matching.fit_reranker(x, [True] * 40) is None
    assert matching.fit_reranker(x[:10], [True, False] * 5, min_judgements=30) is None


def test_fit_learns_a_signal_the_score_misses_and_is_useful():
    """Kept suggestions share words (lexical high) whatever their score: the re-ranker weights `lexical` and beats
    the score on held-out lists."""
    rng = np.random.default_rng(1)
    n = 400
    score = rng.uniform(0.3, 0.7, n)
    lexical = rng.uniform(0, 1, n)
    keep = lexical > 0.5
    x = np.column_stack([score, score, lexical, np.ones(n)])
    fitted = matching.fit_reranker(x, keep, groups=np.arange(n) // 5)
    assert fitted.weights[2] > 0
    assert fitted.metrics["auc"] > 0.9 > 0.6 > fitted.metrics["auc_shown_score"]
    assert fitted.useful


def test_simulation_on_a_small_labelled_set(tmp_path):
    """Hand-built set: two topics, six countries. Topic words are shared only within a topic, and every text adds
    the same filler, so the judgements separate kept from dropped; P@1 is measured on the other half."""
    topics = {
        "water": "water pipes leak village wells pumps",
        "roads": "road potholes bridge asphalt traffic",
    }
    texts, labels, groups = [], [], []
    for c, country in enumerate("ABCDEF"):
        for topic, words in topics.items():
            texts.append(f"{words} report number {c} of the programme")
            labels.append(parse_labels(topic))
            groups.append(country)
    vectors = matching.get_encoder("hashing").encode(texts)
    sim = matching.simulate_decisions(vectors, texts, labels, groups, k=1, shown=3, depth=5, sizes=(4,), draws=2)
    assert len(sim.train_groups) == len(sim.test_groups) == 3
    assert sim.test_queries == 6
    assert sim.judgements == 6 * 3  # 3 train countries x 2 texts x 3 shown
    # the hashing vectors already put the same topic first: P@1 is 1.0 before, and re-ranking cannot lower it here
    assert sim.before == pytest.approx(1.0)
    assert sim.after == pytest.approx(1.0)
    assert [p.judgements for p in sim.curve] == [4, 18]
    assert sim.needed(0.0) == 4
