"""Evaluation metrics on hand-made rankings with known answers."""

import numpy as np
import pytest

from matching.evaluate import evaluate_random, evaluate_vectors, parse_labels, score_rankings

LABELS = [("a",), ("a",), ("b",), ("a", "b"), ()]
GROUPS = ["x", "y", "y", "z", "z"]


def test_parse_labels():
    assert parse_labels(" b|a | |a ") == ("a", "b")
    assert parse_labels("") == ()


def test_precision_and_ndcg_by_hand():
    """Query 0 (label a, group x): relevant candidates 1 and 3; ranking [1, 2, 3, 4] hits at ranks 1 and 3."""
    ranked = np.array([[1, 2, 3, 4], [0, 3, 2, -1], [3, 0, 4, -1], [0, 1, 2, -1], [0, 1, 2, 3]])
    precision, ndcg, queries = score_rankings(ranked, LABELS, GROUPS, k=2)
    assert queries == 4  # the unlabelled row is a distractor, not a query
    # P@2: q0 1/2, q1 2/2, q2 1/2, q3 2/2
    assert precision == pytest.approx((0.5 + 1 + 0.5 + 1) / 4)
    ideal_two = 1 + 1 / np.log2(3)
    q0 = (1 + 1 / np.log2(4)) / ideal_two
    q1 = (1 + 1 / np.log2(3)) / ideal_two  # 0 and 3 relevant (group y excludes 2)
    q2 = 1.0  # only 3 is relevant and eligible, ranked first
    q3 = (1 + 1 / np.log2(3) + 1 / np.log2(4)) / (1 + 1 / np.log2(3) + 1 / np.log2(4))
    assert ndcg == pytest.approx((q0 + q1 + q2 + q3) / 4)


def test_vectors_that_cluster_by_label_score_perfectly():
    vectors = np.array([[1, 0], [1, 0.01], [0, 1], [0.01, 1], [0.7, 0.7]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = [("a",), ("a",), ("b",), ("b",), ()]
    metrics = evaluate_vectors(vectors, labels, ["1", "2", "1", "2", "3"], k=1, method="toy")
    assert (metrics.method, metrics.precision_at_k, metrics.queries) == ("toy", 1.0, 4)


def test_random_is_the_exact_expectation():
    """Query 0 has 2 relevant of 4 eligible candidates (1/2 at any rank); queries 3 and 4 have 1 of 3."""
    metrics = evaluate_random([("a",), (), (), ("a",), ("a",)], ["x", "y", "y", "z", "z"], k=5)
    assert metrics.precision_at_k == pytest.approx((1 / 2 + 1 / 3 + 1 / 3) / 3)
    assert metrics.method == "random"
