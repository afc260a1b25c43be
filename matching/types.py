"""Plain frozen dataclasses passed between the library, its command line and the web app."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Item:
    """One text to match: a person's challenge, a reform, a commitment...

    `group` is what cross-group matching excludes (usually the country); `title`, when given,
    is embedded on its own and added to the text's vector (measured to help: see README);
    `labels` are only used by evaluation; `language` is an ISO 639-1 code when known.
    """

    id: str
    text: str
    group: str | None = None
    title: str = ""
    labels: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True, eq=False)
class Neighbours:
    """Top-k result for a batch of queries.

    `indices[i, r]` is the candidate index at rank r for query i and `scores[i, r]` its cosine
    similarity, best first; rows with fewer than k eligible candidates are padded with index -1
    and score -inf. Both arrays are read-only.
    """

    indices: np.ndarray
    scores: np.ndarray

    def __post_init__(self):
        if self.indices.shape != self.scores.shape or self.indices.ndim != 2:
            raise ValueError("indices and scores must be 2-D arrays of the same shape")
        self.indices.setflags(write=False)
        self.scores.setflags(write=False)

    @property
    def k(self) -> int:
        return self.indices.shape[1]

    def __len__(self) -> int:
        return self.indices.shape[0]

    def row(self, i: int) -> list[tuple[int, float]]:
        """(candidate index, score) pairs for query i, without the padding."""
        return [(int(j), float(s)) for j, s in zip(self.indices[i], self.scores[i], strict=False) if j >= 0]


@dataclass(frozen=True)
class Match:
    """One row of a neighbours result: the candidate at `rank` (from 1) for a query."""

    query_id: str
    rank: int
    candidate_id: str
    score: float


@dataclass(frozen=True)
class Metrics:
    """Ranking quality of one method on a labelled set."""

    method: str
    k: int
    precision_at_k: float
    ndcg_at_10: float
    queries: int
    seconds: float = 0.0


@dataclass(frozen=True)
class ProbePair:
    """A cross-lingual probe: a challenge in one language and the English reform that answers it."""

    id: str
    challenge: str
    challenge_language: str
    reform: str
    topic: str


@dataclass(frozen=True)
class ProbeResult:
    """Top-1 accuracy of one encoder on the cross-lingual probe set."""

    method: str
    pairs: int
    distractors: int
    top1: float
    mean_rank: float
    misses: tuple[str, ...] = field(default=())
    seconds: float = 0.0
