"""Mentors: rank them for one request, or assign a whole cohort of requests under capacities.

Eligibility comes first and is never traded for fit: a mentor must share a language with the
request (when the request names any), have free capacity left, not be in an excluded country and
not be excluded by name (someone who already declined, or the requester themself). Fit is how well
the mentor's experience answers the need: for each part of the need, its best-matching part of the
experience, averaged ("best-mean" pooling, as for pairs). Preferred countries add a small bonus to
the ranking, not a filter, so a strong mentor elsewhere is still offered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
    """What someone needs from a mentor.

    Parameters:
        id: the request's id.
        need: the need, in the requester's words.
        country: the requester's country.
        languages: languages the requester works in; a mentor must share one (none listed: any mentor).
        preferred_countries: countries whose mentors get a small bonus in the ranking (not a filter).
        excluded_countries: countries whose mentors are never offered.
        excluded_mentors: mentor ids never to suggest (someone who declined, the requester themself).
    """

    id: str
    need: str = ""
    country: str = ""
    languages: tuple[str, ...] = ()
    preferred_countries: tuple[str, ...] = ()
    excluded_countries: tuple[str, ...] = ()
    excluded_mentors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mentor:
    """A mentor.

    Parameters:
        id: the mentor's id.
        experience: what they did, in their words (what needs are matched against).
        country: their country.
        languages: languages they mentor in.
        capacity: the number of mentees they can still take (remaining free places).
    """

    id: str
    experience: str = ""
    country: str = ""
    languages: tuple[str, ...] = ()
    capacity: int = 1


@dataclass(frozen=True)
class MentorSuggestion:
    """One mentor for one request, and why.

    Parameters:
        request_id: the request's id.
        mentor_id: the mentor's id.
        rank: from 1 within the request.
        score: the fit (best-mean of the need's pieces against the experience's).
        preferred: the mentor is in one of the request's preferred countries.
        need_excerpt: the sentence of the need that matched best, shortened.
        experience_excerpt: the sentence of the experience that matched best, shortened.
        terms: key terms both texts share.
        reason: one readable line.
    """

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
    """Mentors prepared once (languages, countries, capacities as arrays) for many fast queries.

    Parameters:
        mentors: the mentors, with unique ids.
        experience: their experience vectors, one or more rows per mentor, owners in the order of `mentors`.

    Raises:
        InputError: duplicate ids, or vectors without one owner per mentor.
    """

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
        """Which mentors a request may be offered: free capacity, an experience text, a shared language (when the
        request names any), not an excluded country, not an excluded mentor.

        Parameters:
            request: the request.

        Returns:
            (n_mentors,) boolean mask.
        """
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
        """How well every mentor's experience answers one need.

        Parameters:
            need_vectors: the need's vectors, one row per piece of the need.

        Returns:
            (n_mentors,) float32 best-mean fit; NaN for a mentor without experience vectors, or for an empty need.
        """
        need = TextVectors(
            np.asarray(need_vectors, np.float32).reshape(-1, self.experience.dim),
            np.zeros(len(need_vectors), np.int64),
            1,
        )
        if need.vectors.shape[0] == 0:
            return np.full(len(self.mentors), np.nan, np.float32)
        return pool_block(need, 0, 1, self.experience, 0, len(self.mentors), "best-mean")[0]

    def codes(self, countries: Iterable[str]) -> list[int]:
        """The pool's internal codes of some countries.

        Parameters:
            countries: country values (compared stripped and case-folded).

        Returns:
            the codes of those that some mentor has.
        """
        return [self.country_code[c] for c in _fold(countries) if c in self.country_code]

    def preferred(self, request: MentorRequest) -> np.ndarray:
        """Which mentors are in one of the request's preferred countries.

        Parameters:
            request: the request.

        Returns:
            (n_mentors,) boolean mask.
        """
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
        """The `k` best eligible mentors for one request, best first.

        Parameters:
            request: the request.
            need_vectors: the need's vectors, one row per piece of the need.
            k: the most suggestions.
            preferred_bonus: added to the fit of a mentor in a preferred country, for the ranking only.
            min_score: never suggest a mentor fitting under this.
            explain: quote the best sentences and shared terms in each suggestion.
            embed: a function from texts to normalised rows, so explanations can pick sentences by meaning.

        Returns:
            MentorSuggestions ranked by fit plus bonus, ties to the mentor listed first.
        """
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

    def suggestion(
        self,
        request: MentorRequest,
        m: int,
        rank: int,
        score: float,
        preferred: bool,
        explain: bool = True,
        embed: Callable | None = None,
    ) -> MentorSuggestion:
        """The suggestion of one mentor for a request, with its explanation.

        Parameters:
            request: the request.
            m: the mentor's index in the pool.
            rank: its rank, from 1.
            score: its fit.
            preferred: whether it is in a preferred country.
            explain: quote the best sentences and shared terms.
            embed: a function from texts to normalised rows, for explanations across languages.

        Returns:
            MentorSuggestion.
        """
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
    """The `k` best eligible mentors for one request (build a `MentorPool` once to rank many requests).

    Parameters:
        request: the request.
        mentors: the mentors.
        need_vectors: the request's need as one or more rows (pieces of a long need).
        experience: one or more rows per mentor, owners in the order of `mentors`.
        k: the most suggestions.
        **options: `MentorPool.rank`'s options (preferred_bonus, min_score, explain, embed).

    Returns:
        MentorSuggestions, best first.
    """
    return MentorPool(mentors, experience).rank(request, need_vectors, k, **options)
