"""Exact top-k: known answers, exclusions, padding, and faiss and numpy agreeing."""

import numpy as np
import pytest

from matching.encoders.base import l2_normalise
from matching.errors import InputError
from matching.neighbours import faiss_available, top_k

BACKENDS = ["numpy"] + (["faiss"] if faiss_available() else [])


def _unit(rows):
    return l2_normalise(np.array(rows, dtype=np.float32))


# Points on a circle at 0, 10, 20, 90 and 180 degrees: neighbours are known by hand.
ANGLES = np.radians([0, 10, 20, 90, 180])
CIRCLE = _unit(np.c_[np.cos(ANGLES), np.sin(ANGLES)])


@pytest.mark.parametrize("backend", BACKENDS)
def test_known_neighbours_and_scores(backend):
    """Each point's nearest others, by angle, best first, never itself."""
    found = top_k(CIRCLE, k=2, backend=backend)
    assert found.indices.tolist() == [[1, 2], [0, 2], [1, 0], [2, 1], [3, 2]]
    assert found.scores[0].tolist() == pytest.approx([np.cos(np.radians(10)), np.cos(np.radians(20))], abs=1e-6)


@pytest.mark.parametrize("backend", BACKENDS)
def test_group_exclusion_and_padding(backend):
    """No candidate shares the query's group; rows short of k are padded with -1 and -inf."""
    groups = ["a", "a", "b", "b", "a"]
    found = top_k(CIRCLE, k=3, query_groups=groups, backend=backend)
    for i, row in enumerate(found.indices):
        assert all(groups[j] != groups[i] for j in row if j >= 0)
    assert found.indices[0].tolist() == [2, 3, -1]
    assert np.isneginf(found.scores[0, 2])
    assert found.row(0) == [(2, pytest.approx(np.cos(np.radians(20)))), (3, pytest.approx(0.0, abs=1e-6))]


@pytest.mark.parametrize("backend", BACKENDS)
def test_separate_candidates_and_none_group(backend):
    """Queries against another set; a None group excludes nothing."""
    queries = _unit([[1, 0.05], [0, 1]])
    found = top_k(queries, CIRCLE, k=1, query_groups=[None, "x"], candidate_groups=["x"] * 5, backend=backend)
    assert found.indices.tolist() == [[0], [-1]]


def test_faiss_and_numpy_agree_on_random_data():
    """Same indices and bit-identical scores, with and without groups, across block sizes."""
    if not faiss_available():
        pytest.skip("faiss is not installed")
    rng = np.random.default_rng(7)
    vectors = l2_normalise(rng.standard_normal((600, 32)).astype(np.float32))
    groups = rng.integers(0, 12, 600).tolist()
    for kwargs in ({}, {"query_groups": groups}):
        a = top_k(vectors, k=15, backend="numpy", block_size=64, **kwargs)
        b = top_k(vectors, k=15, backend="faiss", block_size=100, **kwargs)
        assert np.array_equal(a.indices, b.indices)
        assert np.array_equal(a.scores, b.scores)


def test_block_size_does_not_change_results():
    rng = np.random.default_rng(3)
    vectors = l2_normalise(rng.standard_normal((200, 16)).astype(np.float32))
    groups = rng.integers(0, 5, 200).tolist()
    a = top_k(vectors, k=7, query_groups=groups, backend="numpy", block_size=7)
    b = top_k(vectors, k=7, query_groups=groups, backend="numpy", block_size=1000)
    assert np.array_equal(a.indices, b.indices)


def test_results_are_read_only():
    found = top_k(CIRCLE, k=1)
    with pytest.raises(ValueError, match="read-only"):
        found.indices[0, 0] = 3


@pytest.mark.parametrize(
    "kwargs",
    [{"k": 0}, {"backend": "annoy"}, {"candidates": np.ones((3, 5), np.float32)}, {"query_groups": ["a"]}],
)
def test_bad_arguments_raise_input_error(kwargs):
    with pytest.raises(InputError):
        top_k(CIRCLE, **{"k": 2, **kwargs})
