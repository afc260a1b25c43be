"""Brokering: the offers that fit a need, and the needs that fit an offer, ranked by the engine.

A text is read as its whole and its sentences (each an index row of the same owner), so a long offer that helps
with one thing among several still scores on the sentence that says it, and the page can show that sentence. The
score of a candidate is the engine's `Index.best_per_owner`: the closest pair of a query row and a candidate row,
across languages as far as the configured encoder reads them. Eligibility is decided before ranking, never after:
an expired or inactive offer, and an offer that does not serve the need's country, is never a candidate.

`rank_texts` is the one ranking, used by the pages (vectors read from the embedding cache: a page never embeds) and
by the evaluation (vectors from an encoder it names); nothing here multiplies vectors itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

import matching
from learning_hub import engine
from learning_hub.extensions import db
from learning_hub.models import PartnerOffer, SupportRequest, utcnow
from learning_hub.support import services

K = 5
Vectors = Callable[[list[str]], tuple[np.ndarray, np.ndarray]]  # texts -> (rows, present mask)


def pieces(text: str) -> list[str]:
    """The texts the engine reads for one text: the whole, then its sentences (when there are several)."""
    sentences = matching.split_sentences(text or "")
    texts = [text, *sentences] if len(sentences) > 1 else [text]
    return list(dict.fromkeys(t for t in texts if t and t.strip()))


@dataclass(frozen=True)
class Ranked:
    index: int  # the candidate's position in the list given
    score: float
    query_sentence: str  # the query's piece that matched
    matched_sentence: str  # the candidate's piece that matched


def _sentence(piece: str, whole: str) -> str:
    """The piece to show: a sentence as it is; the whole text as its best-matching first sentence."""
    if piece != whole:
        return piece
    sentences = matching.split_sentences(whole)
    return sentences[0] if sentences else whole


def rank_texts(
    query: str,
    candidates: Sequence[str],
    eligible: Sequence[bool],
    *,
    k: int | None = K,
    vectors: Vectors | None = None,
    split: bool = True,
) -> list[Ranked]:
    """The eligible candidates closest to `query`, best first, each with the two pieces that matched.

    `vectors` gives rows for texts (default: the embedding cache, read-only); a piece without a vector is left out,
    and a query without any vector ranks nothing. `split=False` reads whole texts only."""
    vectors = vectors or engine.cached_vectors
    query_pieces = pieces(query) if split else [query]
    owned = [(i, piece) for i, text in enumerate(candidates) for piece in (pieces(text) if split else [text])]
    if not candidates or not owned or not query_pieces:
        return []
    q_rows, q_ok = vectors(query_pieces)
    if not np.asarray(q_ok).any():
        return []
    c_rows, c_ok = vectors([piece for _i, piece in owned])
    c_ok = np.asarray(c_ok, dtype=bool)
    kept = [pair for pair, ok in zip(owned, c_ok, strict=True) if ok]
    if not kept:
        return []
    index = matching.Index(
        np.asarray(c_rows)[c_ok], [i for i, _piece in kept], n_owners=len(candidates), storage="dense"
    )
    q_kept = [piece for piece, ok in zip(query_pieces, q_ok, strict=True) if ok]
    found = index.best_per_owner(
        np.asarray(q_rows)[np.asarray(q_ok, dtype=bool)], k=k, eligible=np.asarray(eligible, dtype=bool)
    )
    return [
        Ranked(
            int(owner),
            float(score),
            _sentence(q_kept[int(query_row)], query),
            _sentence(kept[int(row)][1], candidates[int(owner)]),
        )
        for owner, score, row, query_row in found
    ]


# ---------------------------------------------------------------- the app's rows


@dataclass(frozen=True)
class OfferFit:
    offer: PartnerOffer
    score: float
    need_sentence: str
    offer_sentence: str
    areas: tuple[str, ...]  # the need's areas the offer covers
    country: str  # the need's country, served by the offer ("*": any country)


@dataclass(frozen=True)
class NeedFit:
    need: SupportRequest
    score: float
    offer_sentence: str
    need_sentence: str
    areas: tuple[str, ...]


def current_offers(today: date) -> list[PartnerOffer]:
    offers = db.session.scalars(db.select(PartnerOffer).order_by(PartnerOffer.id)).all()
    return [offer for offer in offers if offer.active and not offer.expired(today)]


def offers_for_need(need: SupportRequest, k: int = K, today: date | None = None) -> list[OfferFit]:
    today = today or utcnow().date()
    offers = current_offers(today)
    eligible = [offer.serves(need.country) for offer in offers]
    ranked = rank_texts(need.text, [offer.text for offer in offers], eligible, k=k)
    return [
        OfferFit(
            offers[r.index],
            r.score,
            r.query_sentence,
            r.matched_sentence,
            tuple(a for a in need.areas if a in offers[r.index].areas),
            need.country if need.country in offers[r.index].countries else "*",
        )
        for r in ranked
    ]


def needs_for_offer(offer: PartnerOffer, k: int = K, today: date | None = None) -> list[NeedFit]:
    """Shared, open needs in countries the offer serves (none for an expired or inactive offer)."""
    today = today or utcnow().date()
    if not offer.active or offer.expired(today):
        return []
    needs = services.shared_needs()
    eligible = [offer.serves(need.country) for need in needs]
    ranked = rank_texts(offer.text, [need.text for need in needs], eligible, k=k)
    return [
        NeedFit(
            needs[r.index],
            r.score,
            r.query_sentence,
            r.matched_sentence,
            tuple(a for a in needs[r.index].areas if a in offer.areas),
        )
        for r in ranked
    ]
