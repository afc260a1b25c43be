"""Plain frozen dataclasses passed between the library, its command line and the web app."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Item:
    """One text to match: a person's challenge, a reform, a commitment...

    Parameters:
        id: the caller's identifier of the text.
        text: the text itself.
        group: what cross-group matching excludes (usually the country); None: no group.
        title: when given, embedded on its own and added to the text's vector (measured to help: see
            matching/README.md).
        labels: theme labels, only used by evaluation.
        language: an ISO 639-1 code when known.
    """

    id: str
    text: str
    group: str | None = None
    title: str = ""
    labels: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True, eq=False)
class Neighbours:
    """Top-k result for a batch of queries (what `top_k` returns).

    Parameters:
        indices: (m, k) int64; `indices[i, r]` is the candidate index at rank r for query i, best first, -1 as
            padding where fewer than k candidates are eligible.
        scores: (m, k) float32 cosine similarities in the same layout, -inf as padding.

    Both arrays are made read-only. `len()` is the number of queries.

    Raises:
        ValueError: arrays of different shapes or not 2-d.
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
        """The number of ranks per query (padding included)."""
        return self.indices.shape[1]

    def __len__(self) -> int:
        return self.indices.shape[0]

    def row(self, i: int) -> list[tuple[int, float]]:
        """The neighbours of one query.

        Parameters:
            i: the query's index.

        Returns:
            (candidate index, score) pairs, best first, without the padding.
        """
        return [(int(j), float(s)) for j, s in zip(self.indices[i], self.scores[i], strict=False) if j >= 0]


@dataclass(frozen=True)
class Match:
    """One row of a neighbours result: the candidate at `rank` for a query.

    Parameters:
        query_id: the query's id.
        rank: the candidate's rank, from 1.
        candidate_id: the candidate's id.
        score: their cosine similarity.
    """

    query_id: str
    rank: int
    candidate_id: str
    score: float


@dataclass(frozen=True)
class Metrics:
    """Ranking quality of one method on a labelled set (what `evaluate_vectors` and `evaluate_random` return).

    Parameters:
        method: the method's name (an encoder spec, "random").
        k: the depth of the precision.
        precision_at_k: mean P@k over the labelled queries.
        ndcg_at_10: mean nDCG@10 over the labelled queries.
        queries: how many rows had a label and were scored as queries.
        seconds: the time the method took.
    """

    method: str
    k: int
    precision_at_k: float
    ndcg_at_10: float
    queries: int
    seconds: float = 0.0


@dataclass(frozen=True)
class ProbePair:
    """A cross-lingual probe: a challenge in one language and the English reform that answers it.

    Parameters:
        id: the challenge's id in the probe file.
        challenge: the challenge's text.
        challenge_language: its ISO 639-1 code.
        reform: the text of the English reform that answers it.
        topic: the topic both are about.
    """

    id: str
    challenge: str
    challenge_language: str
    reform: str
    topic: str


@dataclass(frozen=True)
class ProbeResult:
    """Top-1 accuracy of one encoder on a cross-lingual probe set (what `python -m matching probe` prints).

    Parameters:
        method: the encoder spec.
        pairs: the number of challenges, each with its answering reform.
        distractors: the number of reforms that answer no challenge.
        top1: the share of challenges whose answer ranks first among every reform.
        mean_rank: the mean rank of the answer (ties count against it).
        misses: ids of the challenges whose answer did not rank first.
        seconds: the time the run took.
    """

    method: str
    pairs: int
    distractors: int
    top1: float
    mean_rank: float
    misses: tuple[str, ...] = field(default=())
    seconds: float = 0.0
