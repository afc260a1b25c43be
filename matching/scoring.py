"""People, their text vectors, and pooled similarity scores between owners of several texts.

Everything here works on precomputed vectors (float32, L2-normalised rows) so the web app can pass
embeddings it has cached in its database. A person may have several challenges and several reforms;
`pool_scores` turns text-to-text cosine similarities into one owner-to-owner score. The pooling was
measured on the OGP commitments (matching/README.md, Optimisers; `python -m matching bench`):

- ``"best-mean"`` (default): for each of A's texts, the best match among B's texts, averaged over A's
  texts. Directional ("how much of A's challenge do B's reforms answer"), and it does not reward a
  person for merely having many texts, which ``"max"`` does.
- ``"max"``: the single best text pair.
- ``"mean"``: the mean over all text pairs; dilutes one strong match among unrelated texts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from matching.errors import InputError

POOLINGS = ("best-mean", "max", "mean")

# Rows of text per matrix block; bounds memory at about 4 bytes x this x the other side's row count.
BLOCK_ELEMENTS = 1 << 25


@dataclass(frozen=True)
class Person:
    """Someone the engine can pair, rank or invite.

    Parameters:
        id: the caller's id of the person (unique within a run).
        country: the group cross-country rules compare (case-insensitive; empty: unknown, never equal to anyone).
        sector: government, civil society, partner...; quotas can use it.
        gender: for gender quotas only.
        languages: the languages they work in.
        name: how reasons name them (default: the id).
        challenges: their challenges, in the order of their rows in the challenge `TextVectors`.
        reforms: their reforms, in the order of their rows in the reform `TextVectors`.
        text: their one text for roundtables (explanations quote it).
        per_person: their own maximum number of pairs, if not the run's k.
        attributes: any other column (quotas can use it).
    """

    id: str
    country: str = ""
    sector: str = ""
    gender: str = ""
    languages: tuple[str, ...] = ()
    name: str = ""
    challenges: tuple[str, ...] = ()
    reforms: tuple[str, ...] = ()
    text: str = ""
    per_person: int | None = None  # this person's own maximum number of pairs, if not the run's k
    attributes: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)

    def values(self, column: str) -> frozenset[str]:
        """The person's values in a column, as quotas count them.

        Parameters:
            column: "languages", a field (id, country, sector, gender, name) or an `attributes` key.

        Returns:
            the stripped, case-folded values: one (or none when empty), or one per language.
        """
        if column == "languages":
            return frozenset(x.strip().casefold() for x in self.languages if x.strip())
        if column in ("id", "country", "sector", "gender", "name"):
            raw = getattr(self, column)
        else:
            raw = self.attributes.get(column, "")
        raw = (raw or "").strip().casefold()
        return frozenset([raw]) if raw else frozenset()


@dataclass(frozen=True, eq=False)
class TextVectors:
    """One row per text and the index of the owner (person, mentor, topic...) each row belongs to.

    Rows are stored sorted by owner; rows of one owner keep their original order, so row `r` of owner `i` is that
    owner's `r`-th text. Owners with no row are allowed (a person without a reform); their scores are missing (NaN).

    Parameters:
        vectors: (n_rows, dim) L2-normalised text vectors (converted to float32).
        owner: (n_rows,) the owner index of each row, in [0, n_owners).
        n_owners: the number of owners.

    Raises:
        InputError: shapes that do not fit, or an owner index out of range.
    """

    vectors: np.ndarray
    owner: np.ndarray
    n_owners: int
    _counts: np.ndarray = field(init=False, repr=False)
    _starts: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        vec = np.asarray(self.vectors, dtype=np.float32)
        own = np.asarray(self.owner, dtype=np.int64).reshape(-1)
        if vec.ndim != 2 or vec.shape[0] != own.shape[0]:
            raise InputError(f"vectors must be a 2-d array with one owner per row, got {vec.shape} and {own.shape}")
        if own.size and (own.min() < 0 or own.max() >= self.n_owners):
            raise InputError("owner index out of range")
        order = np.argsort(own, kind="stable")
        object.__setattr__(self, "vectors", np.ascontiguousarray(vec[order]))
        object.__setattr__(self, "owner", own[order])
        counts = np.bincount(own, minlength=self.n_owners)
        object.__setattr__(self, "_counts", counts)
        object.__setattr__(self, "_starts", np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))

    @classmethod
    def from_lists(cls, per_owner: Sequence, dim: int | None = None) -> TextVectors:
        """Build from one array of rows per owner.

        Parameters:
            per_owner: one (n_texts, dim) array per owner, in owner order (an empty one for an owner without texts).
            dim: the vector length, needed only when no owner has any row.

        Returns:
            TextVectors with len(per_owner) owners.
        """
        mats, owners = [], []
        for i, rows in enumerate(per_owner):
            arr = np.asarray(rows, dtype=np.float32)
            if arr.size == 0:
                continue
            arr = arr.reshape(-1, arr.shape[-1])
            mats.append(arr)
            owners.append(np.full(arr.shape[0], i, dtype=np.int64))
        if not mats:
            if dim is None:
                raise InputError("no vectors at all, and no dimension given")
            return cls(np.zeros((0, dim), np.float32), np.zeros(0, np.int64), len(per_owner))
        return cls(np.vstack(mats), np.concatenate(owners), len(per_owner))

    @property
    def dim(self) -> int:
        """The vector length."""
        return self.vectors.shape[1]

    @property
    def counts(self) -> np.ndarray:
        """(n_owners,) the number of rows of each owner."""
        return self._counts

    def rows(self, i: int) -> np.ndarray:
        """One owner's vectors.

        Parameters:
            i: the owner index.

        Returns:
            (r, dim) view of the owner's rows, in the owner's text order.
        """
        return self.vectors[self._starts[i] : self._starts[i + 1]]

    def span(self, lo: int, hi: int) -> tuple[int, int]:
        """The stored rows of a range of owners.

        Parameters:
            lo: the first owner.
            hi: one past the last owner.

        Returns:
            (first row, one past the last row) covering owners lo..hi-1.
        """
        return int(self._starts[lo]), int(self._starts[hi])

    def simple(self) -> bool:
        """Whether every owner has exactly one row.

        Returns:
            True when owner i has exactly row i (one text each): pooling is then the identity.
        """
        return self.vectors.shape[0] == self.n_owners and bool(np.all(self._counts == 1))


def _check_pool(pool: str) -> None:
    if pool not in POOLINGS:
        raise InputError(f"unknown pooling {pool!r}; choose one of {', '.join(POOLINGS)}")


def _reduce(mat: np.ndarray, tv: TextVectors, lo: int, hi: int, op: str, axis: int) -> np.ndarray:
    """Pool the rows (axis 0) or columns (axis 1) of `mat` that belong to owners lo..hi-1 of `tv`
    into one per owner, with "max" or "mean"; NaN for an owner without texts."""
    return reduce_by_owner(mat, tv.counts[lo:hi], tv._starts[lo:hi] - tv._starts[lo], op, axis)


def reduce_by_owner(mat: np.ndarray, counts: np.ndarray, starts: np.ndarray, op: str, axis: int) -> np.ndarray:
    """Pool the rows (axis 0) or columns (axis 1) of `mat` into one per owner, with "max" or "mean".

    Owner i holds the `counts[i]` consecutive rows (or columns) from `starts[i]`; an owner without any gets NaN.
    """
    shape = (counts.size, mat.shape[1]) if axis == 0 else (mat.shape[0], counts.size)
    out = np.full(shape, np.nan, dtype=np.float32)
    has = np.flatnonzero(counts)
    if has.size == 0 or mat.size == 0:
        return out
    starts = starts[has]
    if op == "max":
        red = np.maximum.reduceat(mat, starts, axis=axis)
    else:
        red = np.add.reduceat(mat, starts, axis=axis)
        red /= counts[has, None] if axis == 0 else counts[has]
    if axis == 0:
        out[has] = red
    else:
        out[:, has] = red
    return out


def _ops(pool: str) -> tuple[str, str]:
    """(how to pool over the target's texts, how to pool over the source's texts)."""
    return ("mean" if pool == "mean" else "max"), ("max" if pool == "max" else "mean")


def pool_block(
    src: TextVectors,
    s_lo: int,
    s_hi: int,
    dst: TextVectors,
    d_lo: int,
    d_hi: int,
    pool: str = "best-mean",
    transpose: bool = False,
) -> np.ndarray:
    """Directional scores of a block of source owners against a block of target owners.

    The score of source a against target b pools the cosines of a's texts with b's: "best-mean" (each of a's texts
    takes its best text of b, averaged over a's texts: how much of a's challenges b's reforms answer), "max" (the
    best pair) or "mean" (all pairs). The optimisers score blocks this way to bound memory; `matching.Index` answers
    the same question for one person at request time.

    Parameters:
        src: the source texts (challenges), by owner.
        s_lo: the first source owner.
        s_hi: one past the last source owner.
        dst: the target texts (reforms), by owner.
        d_lo: the first target owner.
        d_hi: one past the last target owner.
        pool: "best-mean", "max" or "mean".
        transpose: return (targets x sources), computed in that layout so the result is contiguous.

    Returns:
        (s_hi - s_lo, d_hi - d_lo) float32 scores (transposed with `transpose`); NaN where either owner has no text.
    """
    r0, r1 = src.span(s_lo, s_hi)
    c0, c1 = dst.span(d_lo, d_hi)
    on_dst, on_src = _ops(pool)
    if transpose:
        sim = dst.vectors[c0:c1] @ src.vectors[r0:r1].T
        if src.simple() and dst.simple():
            return sim
        return _reduce(_reduce(sim, dst, d_lo, d_hi, on_dst, 0), src, s_lo, s_hi, on_src, 1)
    sim = src.vectors[r0:r1] @ dst.vectors[c0:c1].T
    if src.simple() and dst.simple():
        return sim
    return _reduce(_reduce(sim, dst, d_lo, d_hi, on_dst, 1), src, s_lo, s_hi, on_src, 0)


def pool_scores(src: TextVectors, dst: TextVectors, pool: str = "best-mean") -> np.ndarray:
    """Full matrix of directional scores (src owners x dst owners). For small sets; see `pool_block`."""
    _check_pool(pool)
    return pool_block(src, 0, src.n_owners, dst, 0, dst.n_owners, pool)


def combine_directions(forward: np.ndarray, backward: np.ndarray) -> np.ndarray:
    """A pair's score from its two directional scores: the mean of the directions that exist.

    A person without reforms can still learn from someone (one direction); a mutual exchange is
    not scored higher for being mutual, only for how well each direction matches.

    Parameters:
        forward: float32 scores of a's challenges against b's reforms (NaN: a direction without texts).
        backward: float32 scores of b's challenges against a's reforms, the same shape.

    Returns:
        a new float32 array of the same shape: their mean, the one that exists, or NaN when neither does.
    """
    total = forward + backward
    total *= np.float32(0.5)
    missing = np.isnan(total)
    if missing.any():  # rare: someone without challenges or without reforms
        only_f = missing & ~np.isnan(forward)
        only_b = missing & ~np.isnan(backward)
        total[only_f] = forward[only_f]
        total[only_b] = backward[only_b]
    return total


def best_text_pair(a: np.ndarray, b: np.ndarray) -> tuple[int, int, float]:
    """Indices (row in a, row in b) of the most similar pair of vectors, ties to the lowest indices."""
    if a.shape[0] == 0 or b.shape[0] == 0:
        return -1, -1, float("nan")
    sim = a @ b.T
    flat = int(np.argmax(sim))
    i, j = divmod(flat, sim.shape[1])
    return i, j, float(sim[i, j])


def group_key(value: str | None) -> str:
    """The form in which two group values (countries) are compared: stripped and case-folded; "" means unknown."""
    return (value or "").strip().casefold()


def group_codes(values: Sequence[str | None]) -> np.ndarray:
    """Integer codes for group values; an empty value is its own group (unknown never equals anything)."""
    codes = np.empty(len(values), dtype=np.int64)
    seen: dict[str, int] = {}
    for i, v in enumerate(values):
        key = group_key(v)
        codes[i] = seen.setdefault(key, len(seen)) if key else -(i + 1)
    return codes
