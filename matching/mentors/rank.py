"""Mentors: rank them for one request, or assign a whole cohort of requests under capacities.

Eligibility comes first and is never traded for fit: a mentor must share a language with the
request (when the request names any), have free capacity left, not be in an excluded country and
not be excluded by name (someone who already declined, or the requester themself). Fit is how well
the mentor's experience answers the need: for each part of the need, its best-matching part of the
experience, averaged ("best-mean" pooling, as for pairs). Preferred countries add a small bonus to
the ranking, not a filter, so a strong mentor elsewhere is still offered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from matching.errors import InputError
from matching.explain import TermWeights, excerpt, explain_best
from matching.scoring import TextVectors, pool_block

PREFERRED_BONUS = 0.05


def _fold(values) -> frozenset[str]:
    return frozenset(v.strip().casefold() for v in values if v and v.strip())


@dataclass(frozen=True)
class MentorRequest:
    """What someone needs from a mentor. `excluded_mentors` holds ids never to suggest again."""

    id: str
    need: str = ""
    country: str = ""
    languages: tuple[str, ...] = ()
    preferred_countries: tuple[str, ...] = ()
    excluded_countries: tuple[str, ...] = ()
    excluded_mentors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mentor:
    """A mentor; `capacity` is the number of mentees they can still take (remaining free capacity)."""

    id: str
    experience: str = ""
    country: str = ""
    languages: tuple[str, ...] = ()
    capacity: int = 1


@dataclass(frozen=True)
class MentorSuggestion:
    """One mentor for one request: rank from 1, fit score, and why."""

    request_id: str
    mentor_id: str
    rank: int
    score: float
    preferred: bool = False
    need_excerpt: str = ""
    experience_excerpt: str = ""
    terms: tuple[str, ...] = ()
    reason: str = ""


class MentorPool:
    """Mentors prepared once (languages, countries, capacities as arrays) for many fast queries."""

    def __init__(self, mentors: Sequence[Mentor], experience: TextVectors):
        if experience.n_owners != len(mentors):
            raise InputError("experience vectors must have one owner per mentor")
        self.mentors = tuple(mentors)
        self.experience = experience
        self.index: dict[str, int] = {}
        for m, mentor in enumerate(self.mentors):
            if mentor.id in self.index:
                raise InputError(f"duplicate mentor id {mentor.id!r}")
            self.index[mentor.id] = m
        langs = sorted({lang for m in self.mentors for lang in _fold(m.languages)})
        self.language_index = {lang: c for c, lang in enumerate(langs)}
        self.speaks = np.zeros((len(self.mentors), max(1, len(langs))), dtype=bool)
        for m, mentor in enumerate(self.mentors):
            for lang in _fold(mentor.languages):
                self.speaks[m, self.language_index[lang]] = True
        names = [m.country.strip().casefold() for m in self.mentors]
        self.country_code = {c: k for k, c in enumerate(sorted(set(names)))}
        self.country = np.array([self.country_code[c] for c in names], dtype=np.int64)
        self.capacity = np.array([int(m.capacity) for m in self.mentors], dtype=np.int64)
        self.has_text = experience.counts > 0
        self.weights = TermWeights().fit(m.experience for m in self.mentors)

    def eligible(self, request: MentorRequest) -> np.ndarray:
        """Boolean mask of mentors this request may be offered."""
        ok = (self.capacity > 0) & self.has_text
        wanted = _fold(request.languages)
        if wanted:
            cols = [self.language_index[x] for x in wanted if x in self.language_index]
            ok &= self.speaks[:, cols].any(axis=1) if cols else False
        excluded = self.codes(request.excluded_countries)
        if excluded:
            ok &= ~np.isin(self.country, excluded)
        for mentor_id in request.excluded_mentors:
            if mentor_id in self.index:
                ok[self.index[mentor_id]] = False
        return ok

    def fit(self, need_vectors: np.ndarray) -> np.ndarray:
        """Fit of every mentor's experience to one need (pieces of the need as rows)."""
        need = TextVectors(
            np.asarray(need_vectors, np.float32).reshape(-1, self.experience.dim),
            np.zeros(len(need_vectors), np.int64),
            1,
        )
        if need.vectors.shape[0] == 0:
            return np.full(len(self.mentors), np.nan, np.float32)
        return pool_block(need, 0, 1, self.experience, 0, len(self.mentors), "best-mean")[0]

    def codes(self, countries) -> list[int]:
        return [self.country_code[c] for c in _fold(countries) if c in self.country_code]

    def preferred(self, request: MentorRequest) -> np.ndarray:
        wanted = self.codes(request.preferred_countries)
        if not wanted:
            return np.zeros(len(self.mentors), dtype=bool)
        return np.isin(self.country, wanted)

    def rank(
        self,
        request: MentorRequest,
        need_vectors: np.ndarray,
        k: int = 5,
        *,
        preferred_bonus: float = PREFERRED_BONUS,
        min_score: float | None = None,
        explain: bool = True,
        embed: Callable | None = None,
    ) -> list[MentorSuggestion]:
        """The `k` best eligible mentors for one request, best first."""
        score = self.fit(need_vectors)
        ok = self.eligible(request) & ~np.isnan(score)
        if min_score is not None:
            ok &= score >= min_score
        pref = self.preferred(request)
        key = np.where(ok, score + preferred_bonus * pref, -np.inf)
        cand = np.flatnonzero(ok)
        if cand.size > 4 * k:  # shortlist before the exact, tie-stable sort
            cut = np.partition(key[cand], cand.size - k)[cand.size - k]
            cand = cand[key[cand] >= cut]
        order = cand[np.lexsort((cand, -key[cand]))][:k]
        return [
            self.suggestion(request, int(m), r, float(score[m]), bool(pref[m]), explain, embed)
            for r, m in enumerate(order, start=1)
        ]

    def suggestion(self, request, m, rank, score, preferred, explain=True, embed=None) -> MentorSuggestion:
        """The suggestion of mentor index `m` for `request`, with its explanation."""
        mentor = self.mentors[m]
        if not explain:
            return MentorSuggestion(request.id, mentor.id, rank, score, preferred)
        _, _, ex = explain_best([request.need], [mentor.experience], embed=embed, weights=self.weights)
        reason = f"experience answers the need ({score:.2f})"
        if preferred:
            reason += "; in a preferred country"
        reason += "; shared terms: " + ", ".join(ex.terms) if ex.terms else "; no shared key terms"
        return MentorSuggestion(
            request.id,
            mentor.id,
            rank,
            score,
            preferred,
            excerpt(ex.a_sentence),
            excerpt(ex.b_sentence),
            ex.terms,
            reason,
        )


def rank_mentors(
    request: MentorRequest,
    mentors: Sequence[Mentor],
    need_vectors: np.ndarray,
    experience: TextVectors,
    k: int = 5,
    **options,
) -> list[MentorSuggestion]:
    """The `k` best eligible mentors for one request (see `MentorPool.rank` for the options).

    `need_vectors` holds the request's need as one or more rows (pieces of a long need);
    `experience` one or more rows per mentor, owners in the order of `mentors`.
    """
    return MentorPool(mentors, experience).rank(request, need_vectors, k, **options)
