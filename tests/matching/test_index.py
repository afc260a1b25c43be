"""matching.Index against answers computed here: by hand on 2-d vectors, and by brute force in plain Python loops
(math.fsum over element products, owner by owner) on random data, in dense and split storage."""

from __future__ import annotations

import math

import numpy as np
import pytest

from matching import Index, InputError, pair_scores


def dot(a, b) -> float:
    return math.fsum(float(x) * float(y) for x, y in zip(a, b, strict=True))


def rows_by_owner(owners, n_owners):
    out = [[] for _ in range(n_owners)]
    for row, owner in enumerate(owners):
        out[owner].append(row)
    return out


def brute_best_per_owner(
    vectors,
    owners,
    n_owners,
    groups,
    queries,
    *,
    exclude_owner=None,
    exclude_group=None,
    eligible=None,
    min_score=None,
    k=None,
):
    """[(owner, score, row, query)] best first: each owner's largest product over its rows and the query rows."""
    found = []

    def fold(group):
        return (group or "").strip().casefold()

    for owner, rows in enumerate(rows_by_owner(owners, n_owners)):
        if not rows or owner == exclude_owner:
            continue
        if exclude_group and fold(exclude_group) and fold(groups[owner]) == fold(exclude_group):
            continue
        if eligible is not None and not eligible[owner]:
            continue
        best = None
        for row in rows:  # rows in fitted order, queries in order: strict > keeps the first on a tie
            for q, query in enumerate(queries):
                score = dot(vectors[row], query)
                if best is None or score > best[0]:
                    best = (score, row, q)
        if min_score is not None and best[0] < min_score:
            continue
        found.append((owner, best[0], best[1], best[2]))
    found.sort(key=lambda item: (-item[1], item[0]))
    return found[:k] if k is not None else found


def pooled(source_rows, target_rows, pool):
    """Directional score of a list of source vectors against target vectors; None when a side is empty."""
    if not source_rows or not target_rows:
        return None
    sims = [[dot(s, t) for t in target_rows] for s in source_rows]
    if pool == "best-mean":
        return sum(max(row) for row in sims) / len(sims)
    if pool == "max":
        return max(max(row) for row in sims)
    return sum(sum(row) for row in sims) / (len(sims) * len(target_rows))


def random_index_data(seed, n_owners=25, dim=12, sparse_columns=0):
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 5, n_owners)
    counts[0] = 2  # owner 0 always has texts (it plays the person in pair scores)
    owners = rng.permutation(np.repeat(np.arange(n_owners), counts))  # rows of an owner are not contiguous
    vectors = rng.standard_normal((owners.size, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    if sparse_columns:  # hashing-like: many columns, each used by a few rows only
        extra = np.zeros((owners.size, sparse_columns), dtype=np.float32)
        for row in range(owners.size):
            extra[row, rng.choice(sparse_columns, 3, replace=False)] = rng.standard_normal(3)
        vectors = np.hstack([vectors, extra])
    groups = [rng.choice(["KE", "co", " CO ", "ID", "", None]) for _ in range(n_owners)]
    return vectors, owners, groups, rng


def test_best_per_owner_on_a_hand_computed_example():
    """2-d vectors, scores worked out by hand: A (KE) has (1, 0) and (0, 1), B (CO) (0.6, 0.8), C (KE) (-1, 0),
    D (no group) has no text. For the query (1, 0): A 1.0 with its first row, B 0.6, C -1.0."""
    vectors = [[0.0, 1.0], [0.6, 0.8], [1.0, 0.0], [-1.0, 0.0]]
    owners = [0, 1, 0, 2]  # A's rows are 0 and 2, in that order
    index = Index(vectors, owners, n_owners=4, groups=["KE", "CO", "ke", None])
    found = index.best_per_owner([1.0, 0.0])
    assert [(o, round(s, 6), r, q) for o, s, r, q in found] == [(0, 1.0, 2, 0), (1, 0.6, 1, 0), (2, -1.0, 3, 0)]
    assert [o for o, *_ in index.best_per_owner([1.0, 0.0], exclude_group=" KE")] == [1]
    assert [o for o, *_ in index.best_per_owner([1.0, 0.0], exclude_owner=0, min_score=0.0)] == [1]
    assert [o for o, *_ in index.best_per_owner([1.0, 0.0], min_score=-1.0)] == [0, 1, 2]  # "at least"
    # two queries: (0, 1) scores A's row 0 at 1.0 and B at 0.8; (1, 0) is second for both
    two = index.best_per_owner([[1.0, 0.0], [0.0, 1.0]], k=2)
    assert [(o, round(s, 6), r, q) for o, s, r, q in two] == [(0, 1.0, 0, 1), (1, 0.8, 1, 1)]
    # the best sentence of A for (0.6, 0.8): row 0 scores 0.8, row 2 scores 0.6
    assert index.best_row([0.6, 0.8], 0) == (0, pytest.approx(0.8))
    assert index.best_row([0.6, 0.8], 3) == (-1, pytest.approx(float("nan"), nan_ok=True))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("storage", ["dense", "split"])
def test_best_per_owner_equals_brute_force(seed, storage):
    vectors, owners, groups, rng = random_index_data(seed, sparse_columns=40 if storage == "split" else 0)
    index = Index(vectors, owners, n_owners=25, groups=groups, storage=storage)
    assert index.split == (storage == "split")
    queries = rng.standard_normal((int(rng.integers(1, 4)), vectors.shape[1])).astype(np.float32)
    eligible = rng.random(25) < 0.8
    cases = [
        {},
        {"exclude_owner": 3, "exclude_group": "co"},
        {"exclude_group": "KE", "eligible": eligible, "min_score": 0.0},
        {"k": 4, "exclude_owner": 0},
    ]
    for options in cases:
        expected = brute_best_per_owner(vectors, owners, 25, groups, queries, **options)
        got = list(index.best_per_owner(queries, **options))
        assert [(o, r, q) for o, _s, r, q in got] == [(o, r, q) for o, _s, r, q in expected], options
        assert [s for _o, s, _r, _q in got] == pytest.approx([s for _o, s, _r, _q in expected], abs=1e-5)


def test_many_tied_owners_come_in_owner_order():
    rng = np.random.default_rng(0)
    levels = rng.integers(0, 3, 300)  # 300 owners on three score levels: 0, 0.5 and 1
    vectors = np.stack([levels / 2, np.sqrt(1 - (levels / 2) ** 2)], axis=1)
    found = Index(vectors).best_per_owner([1.0, 0.0])
    expected = sorted(range(300), key=lambda owner: (-levels[owner], owner))
    assert found.owners.tolist() == expected


def test_ties_go_to_the_lower_owner_and_the_earlier_row():
    vectors = [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]
    index = Index(vectors, [1, 0, 0, 0], n_owners=2)
    found = list(index.best_per_owner([1.0, 0.0]))
    assert [(o, r) for o, _s, r, _q in found] == [(0, 1), (1, 0)]  # owner 0's rows 1 and 3 tie: row 1
    assert index.best_row([1.0, 0.0], 0)[0] == 1


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("storage", ["dense", "split"])
def test_best_rows_equal_brute_force(seed, storage):
    vectors, owners, _groups, rng = random_index_data(seed, sparse_columns=40 if storage == "split" else 0)
    index = Index(vectors, owners, n_owners=25, storage=storage)
    asked = rng.integers(0, 25, 10)
    queries = rng.standard_normal((10, vectors.shape[1])).astype(np.float32)
    rows, scores = index.best_rows(queries, asked)
    by_owner = rows_by_owner(owners, 25)
    for i, owner in enumerate(asked):
        if not by_owner[owner]:
            assert rows[i] == -1
            assert math.isnan(scores[i])
            continue
        sims = [(dot(vectors[r], queries[i]), -r) for r in by_owner[owner]]
        best, minus_row = max(sims)
        assert rows[i] == -minus_row
        assert scores[i] == pytest.approx(best, abs=1e-5)


@pytest.mark.parametrize("pool", ["best-mean", "max", "mean"])
@pytest.mark.parametrize("storage", ["dense", "split"])
def test_directional_and_pair_scores_equal_brute_force(pool, storage):
    sparse = 40 if storage == "split" else 0
    c_vectors, c_owners, _g, _rng = random_index_data(11, sparse_columns=sparse)
    r_vectors, r_owners, _g, _rng = random_index_data(12, sparse_columns=sparse)
    challenges = Index(c_vectors, c_owners, n_owners=25, storage=storage)
    reforms = Index(r_vectors, r_owners, n_owners=25, storage=storage)
    c_rows, r_rows = rows_by_owner(c_owners, 25), rows_by_owner(r_owners, 25)
    person = 0
    mine_c = [c_vectors[r] for r in c_rows[person]]
    mine_r = [r_vectors[r] for r in r_rows[person]]
    got = pair_scores(challenges, reforms, person, pool)
    forward_only = reforms.scores_from(np.array(mine_c), pool)
    backward_only = challenges.scores_to(np.array(mine_r), pool) if mine_r else None
    for owner in range(25):
        theirs_c = [c_vectors[r] for r in c_rows[owner]]
        theirs_r = [r_vectors[r] for r in r_rows[owner]]
        forward = pooled(mine_c, theirs_r, pool)
        backward = pooled(theirs_c, mine_r, pool)
        if forward is None:
            assert math.isnan(forward_only[owner])
        else:
            assert forward_only[owner] == pytest.approx(forward, abs=1e-5)
        if backward_only is not None:
            assert (backward is None) == math.isnan(backward_only[owner])
        if owner == person:
            assert math.isnan(got.score[person])
            assert math.isnan(got.forward[person])
            assert math.isnan(got.backward[person])
            continue
        present = [x for x in (forward, backward) if x is not None]
        expected = sum(present) / len(present) if present else None
        for value, want in (
            (got.forward[owner], forward),
            (got.backward[owner], backward),
            (got.score[owner], expected),
        ):
            if want is None:
                assert math.isnan(value)
            else:
                assert value == pytest.approx(want, abs=1e-5)


def test_pair_scores_on_a_hand_computed_example():
    """Person 0: challenges (1, 0) and (0, 1), reform (0, 1). Person 1: challenge (0.6, 0.8), reforms (1, 0) and
    (0.8, 0.6). Forward (0's challenges met by 1's reforms): max(1, 0.8) = 1 and max(0, 0.6) = 0.6, mean 0.8.
    Backward (1's challenge met by 0's reform): 0.8. Pair score 0.8. Person 2 has no reform: forward missing, and
    its challenge (-1, 0) meets 0's reform at 0, so the pair score is 0."""
    challenges = Index([[1, 0], [0, 1], [0.6, 0.8], [-1, 0]], [0, 0, 1, 2], n_owners=3)
    reforms = Index([[0, 1], [1, 0], [0.8, 0.6]], [0, 1, 1], n_owners=3)
    got = pair_scores(challenges, reforms, 0)
    assert got.forward[1] == pytest.approx(0.8)
    assert got.backward[1] == pytest.approx(0.8)
    assert got.score[1] == pytest.approx(0.8)
    assert math.isnan(got.forward[2])
    assert got.backward[2] == pytest.approx(0.0)
    assert got.score[2] == pytest.approx(0.0)


def test_split_storage_keeps_scores_and_saves_memory():
    vectors, owners, _groups, rng = random_index_data(3, n_owners=200, sparse_columns=2000)
    dense = Index(vectors, owners, n_owners=200, storage="dense")
    auto = Index(vectors, owners, n_owners=200)
    assert auto.split
    assert auto.nbytes < dense.nbytes / 5
    queries = rng.standard_normal((3, vectors.shape[1])).astype(np.float32)
    a, b = dense.best_per_owner(queries), auto.best_per_owner(queries)
    assert a.owners.tolist() == b.owners.tolist()
    assert a.scores == pytest.approx(b.scores, abs=1e-5)
    for owner in (0, 5, 17):
        assert np.array_equal(auto.vectors_of(owner), vectors[np.flatnonzero(owners == owner)])
        assert auto.rows_of(owner).tolist() == np.flatnonzero(owners == owner).tolist()


@pytest.mark.parametrize("storage", ["dense", "split", "auto"])
def test_sparse_input_gives_the_hand_computed_answers(storage):
    """4-d rows given as a scipy sparse matrix. Rows: r0 (1, 0, 0, 0) of A, r1 (0, 0.6, 0.8, 0) and r2 (0, 0, 0, 1)
    of B, r3 (0.6, 0, 0, 0.8) of C. The query (0.6, 0, 0, 0.8) scores r0 0.6, r1 0, r2 0.8, r3 1.0 by hand: C 1.0
    with r3, B 0.8 with r2, A 0.6 with r0."""
    from scipy import sparse

    rows = [[1.0, 0, 0, 0], [0, 0.6, 0.8, 0], [0, 0, 0, 1.0], [0.6, 0, 0, 0.8]]
    index = Index(sparse.csr_matrix(np.array(rows, dtype=np.float32)), [0, 1, 1, 2], storage=storage)
    assert index.split == (storage == "split")  # every column is used by a quarter of the rows: "auto" keeps it dense
    found = index.best_per_owner([0.6, 0, 0, 0.8])
    assert [(o, round(s, 6), r) for o, s, r, _q in found] == [(2, 1.0, 3), (1, 0.8, 2), (0, 0.6, 0)]
    assert index.best_row([0, 1.0, 0, 0], 1) == (1, pytest.approx(0.6))


@pytest.mark.parametrize("storage", ["dense", "split"])
def test_vectors_at_gives_the_fitted_rows_back(storage):
    """Rows asked in any order come back as they were fitted, dense or as a sparse matrix (for an index rebuilt from
    a previous one)."""
    vectors, owners, _groups, _rng = random_index_data(5, n_owners=30, sparse_columns=300)
    index = Index(vectors, owners, n_owners=30, storage=storage)
    wanted = [7, 0, len(owners) - 1, 7]
    assert np.array_equal(index.vectors_at(wanted), vectors[wanted])
    assert np.array_equal(index.vectors_at(wanted, sparse=True).toarray(), vectors[wanted])
    assert index.vectors_at([]).shape == (0, vectors.shape[1])
    again = Index(index.vectors_at(np.arange(len(owners)), sparse=True), owners, n_owners=30, storage=storage)
    assert np.array_equal(again.vectors_at(wanted), vectors[wanted])
    with pytest.raises(InputError, match="out of range"):
        index.vectors_at([len(owners)])


def test_the_index_keeps_its_own_copy_of_what_it_was_fitted_on():
    vectors, owners = np.eye(3, dtype=np.float32), np.array([0, 0, 1], dtype=np.int64)
    index = Index(vectors, owners)
    owners[0] = 1  # the caller's arrays stay writable, and editing them changes nothing in the index
    vectors[0, 0] = 0.5
    assert index.owners.tolist() == [0, 0, 1]
    assert index.vectors_of(0).tolist() == [[1, 0, 0], [0, 1, 0]]


def test_results_are_read_only_and_empty_cases_are_answered():
    index = Index(np.eye(3, dtype=np.float32), groups=["KE", "CO", "KE"])
    found = index.best_per_owner(np.ones(3))
    with pytest.raises(ValueError, match="read-only"):
        found.scores[0] = 1.0
    assert len(index.best_per_owner(np.zeros((0, 3)))) == 0
    assert np.isnan(index.scores_from(np.zeros((0, 3)))).all()
    empty = Index(np.zeros((0, 3)), [], n_owners=2)
    assert len(empty.best_per_owner(np.ones(3))) == 0
    assert empty.best_rows(np.ones(3), [0, 1])[0].tolist() == [-1, -1]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Index(np.ones(3)), "2-d array"),
        (lambda: Index(np.ones((2, 3)), [0]), "one owner per row"),
        (lambda: Index(np.ones((2, 3)), [0, 5], n_owners=2), "out of range"),
        (lambda: Index(np.array([[np.nan, 0, 0]])), "finite"),
        (lambda: Index(np.ones((2, 3)), groups=["KE"]), "one group per owner"),
        (lambda: Index(np.ones((2, 3)), storage="faiss"), "unknown storage"),
        (lambda: Index(np.ones((2, 3))).best_per_owner(np.ones(4)), "3 columns"),
        (lambda: Index(np.ones((2, 3))).best_per_owner(np.ones(3), exclude_group="KE"), "without groups"),
        (lambda: Index(np.ones((2, 3))).best_per_owner(np.ones(3), k=0), "k must be"),
        (lambda: Index(np.ones((2, 3))).best_per_owner(np.ones(3), eligible=[True]), "one entry per owner"),
        (lambda: Index(np.ones((2, 3))).best_rows(np.ones((2, 3)), [0, 1, 1]), "one query per owner"),
        (lambda: Index(np.ones((2, 3))).best_row(np.ones(3), 2), "out of range"),
        (lambda: Index(np.ones((2, 3))).scores_from(np.ones(3), pool="median"), "unknown pooling"),
        (lambda: pair_scores(Index(np.ones((2, 3))), Index(np.ones((3, 3))), 0), "same owners"),
    ],
)
def test_bad_input_is_an_input_error(build, message):
    with pytest.raises(InputError, match=message):
        build()
