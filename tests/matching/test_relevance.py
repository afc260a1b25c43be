"""The search's calibrated relevance: a query's best background cosine, the logistic model, and its fit."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from matching import Relevance, background_best, fit_relevance, search_background


def test_background_best_is_each_querys_highest_cosine():
    """Hand computation: (1, 0) meets the background rows (0.6, 0.8) and (1, 0) at 0.6 and 1.0; (0, 1) at 0.8 and 0."""
    background = np.array([[0.6, 0.8], [1.0, 0.0]])
    assert background_best(np.array([[1.0, 0.0], [0.0, 1.0]]), background) == pytest.approx([1.0, 0.8])
    assert float(background_best(np.array([0.0, 1.0]), background)) == pytest.approx(0.8)
    assert background_best(np.array([[1.0, 0.0]]), np.zeros((0, 2))) == pytest.approx([0.0])


def test_probability_and_close_match():
    """Weights (-1, 2, 3): score 0.5 with background 0.2 gives z = -1 + 1.0 + 3 * 0.3 = 0.9, p = 1 / (1 + e^-0.9)
    = 0.7109 (close); score 0.3 with background 0.4 gives z = -1 + 0.6 - 0.3 = -0.7, p = 0.3318 (not close)."""
    relevance = Relevance(0.0, (-1.0, 2.0, 3.0))
    assert relevance.uses_background
    p = relevance.probability(np.array([0.5, 0.3]), np.array([0.2, 0.4]))
    assert p == pytest.approx([0.710949, 0.331812], abs=1e-6)
    assert relevance.close(np.array([0.5, 0.3]), np.array([0.2, 0.4])).tolist() == [True, False]
    # One background value for one query against several texts: score 0.3 with background 0.2 gives
    # z = -1 + 0.6 + 0.3 = -0.1 (not close).
    assert relevance.close(np.array([0.5, 0.3]), 0.2).tolist() == [True, False]


def test_the_floor_applies_with_or_without_weights():
    """Score 0.5 with background 0.2 is likely an answer (p 0.71 above) but does not pass a floor of 0.6."""
    assert Relevance(0.6, (-1.0, 2.0, 3.0)).close(np.array([0.5, 0.7]), 0.2).tolist() == [False, True]
    floor_only = Relevance(0.25)
    assert not floor_only.uses_background
    assert floor_only.close(np.array([0.2, 0.25, 0.3])).tolist() == [False, False, True]
    with pytest.raises(ValueError, match="no fitted weights"):
        floor_only.probability(np.array([0.3]))


def test_relevance_of_an_encoder():
    encoder = SimpleNamespace(relevance_floor=0.1, relevance_weights=(1, 2, 3))
    assert Relevance.of(encoder) == Relevance(0.1, (1.0, 2.0, 3.0))
    assert Relevance.of(object()) == Relevance(0.0, None)


def test_fit_on_two_mirrored_queries():
    """One real query (score 1, background 0) and one junk query (score -1, background 0): by symmetry the intercept
    is 0 and both slopes equal some w, so z = +-2w and the loss is 2 log(1 + e^(-2w)) + w^2 (l2 = 1). Its derivative
    -4 sigmoid(-2w) + 2w vanishes at w = 2 sigmoid(-2w) = 2 / (1 + e^(2w)). By hand: at w = 0.52 the right side is
    2 / (1 + 2.8292) = 0.5223 > w, at w = 0.522 it is 2 / (1 + 2.8406) = 0.5208 < w; at w = 0.5213 it is
    2 / (1 + 2.8366) = 0.5213."""
    relevance = fit_relevance(np.array([1.0]), np.array([0.0]), np.array([-1.0]), np.array([0.0]))
    assert relevance.floor == 0.0
    intercept, w_score, w_margin = relevance.weights
    assert intercept == pytest.approx(0.0, abs=1e-9)
    assert w_score == pytest.approx(w_margin, abs=1e-9)
    assert w_score == pytest.approx(2 / (1 + math.exp(2 * w_score)), abs=1e-9)
    assert w_score == pytest.approx(0.5213, abs=5e-4)


def test_fit_separates_answers_from_everyday_queries():
    """Real questions score high and sit far from the background; junk ones score low and sit near it."""
    real, real_bg = np.array([0.45, 0.5, 0.6, 0.4]), np.array([0.1, 0.15, 0.2, 0.1])
    junk, junk_bg = np.array([0.1, 0.2, 0.25, 0.05]), np.array([0.5, 0.6, 0.4, 0.1])
    relevance = fit_relevance(real, real_bg, junk, junk_bg)
    assert relevance.close(real, real_bg).all()
    assert not relevance.close(junk, junk_bg).any()
    _intercept, w_score, w_margin = relevance.weights
    assert w_score > 0
    assert w_margin > 0


@pytest.mark.parametrize(
    ("real", "junk", "l2"),
    [([], [0.1], 1.0), ([0.5], [], 1.0), ([0.5], [0.1], 0.0)],
)
def test_fit_needs_both_groups_and_a_penalty(real, junk, l2):
    with pytest.raises(ValueError, match="fitting needs"):
        fit_relevance(np.array(real), np.zeros(len(real)), np.array(junk), np.zeros(len(junk)), l2=l2)


def test_background_texts():
    """The shipped background: everyday texts in the four languages, no comment lines."""
    texts = search_background()
    assert len(texts) >= 60
    assert not any(text.startswith("#") for text in texts)
    assert "Receta fácil de arroz con pollo y frijoles." in texts
    assert "Resep rendang daging sapi yang empuk dan enak." in texts


def test_texts_left_out_by_the_caller_stay_out():
    """A caller marks excluded texts -inf; with a zero slope they must not turn into nan (0 * -inf) or pass."""
    relevance = Relevance(0.0, (0.0, 0.0, 1.0))
    assert relevance.close(np.array([-np.inf, 0.5, 0.1]), 0.2).tolist() == [False, True, False]
