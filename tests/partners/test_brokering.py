"""Brokering through the engine: expired offers and offers that do not serve the need's country are never ranked;
the matched sentence and the fitting areas come with each offer; and a need is ranked for an offer the other way.
The texts here share their words on purpose (the test app's encoder hashes words), so the expected order is the
order of shared words, counted by hand."""

from __future__ import annotations

from learning_hub.support import brokering
from tests.factories import make_user
from tests.partners.helpers import need, offer, organisation, partner


def test_offers_for_a_need_leave_out_expired_and_unserved_offers(db):
    pat = partner()
    org = organisation(pat)
    fits = offer(
        pat,
        org,
        "Tender data",
        text="We train municipal choirs. We help agencies publish every tender as open data.",
        areas=["open_contracting", "justice"],
    )
    offer(pat, org, "Expired tender data", text="We help agencies publish every tender as open data.", days=-1)
    offer(pat, org, "Ghana tender data", text="We help agencies publish every tender as open data.", countries=["GH"])
    unrelated = offer(pat, org, "Choirs", text="We train municipal choirs to sing at festivals.")
    row = need(make_user(), text="Our agency must publish every tender as open data.", country="KE")
    found = brokering.offers_for_need(row)
    assert [f.offer.id for f in found][:1] == [fits.id]
    assert {f.offer.title for f in found} <= {"Tender data", "Choirs"}
    best = found[0]
    assert best.offer_sentence == "We help agencies publish every tender as open data."
    assert best.areas == ("open_contracting",)
    assert best.country == "*"
    assert unrelated.id not in [f.offer.id for f in found[:1]]


def test_needs_for_an_offer_only_in_served_countries_and_shared(db):
    pat = partner()
    org = organisation(pat)
    kenya_only = offer(pat, org, text="We help agencies publish every tender as open data.", countries=["KE"])
    kenyan = need(make_user(), text="Publish every tender as open data.", country="KE")
    need(make_user(), text="Publish every tender as open data.", country="GH")
    need(make_user(), text="Publish every tender as open data, please.", country="KE", share_with_partners=False)
    assert [f.need.id for f in brokering.needs_for_offer(kenya_only)] == [kenyan.id]


def test_an_expired_offer_has_no_fitting_needs(db):
    pat = partner()
    expired = offer(pat, organisation(pat), days=-1)
    need(make_user())
    assert brokering.needs_for_offer(expired) == []


def test_rank_texts_with_given_vectors_returns_the_sentence_pair():
    """Vectors chosen by hand: the query's second sentence points where the first candidate's second sentence does."""
    import numpy as np

    table = {
        "Roads. Courts are slow.": [1, 0, 0],
        "Roads.": [0, 1, 0],
        "Courts are slow.": [1, 0, 0],
        "Music. Faster courts.": [0.6, 0.8, 0],
        "Music.": [0, 0, 1],
        "Faster courts.": [1, 0, 0],
        "Bridges.": [0, 0.6, 0.8],
    }

    def vectors(texts):
        return np.array([table[t] for t in texts], dtype=np.float32), np.ones(len(texts), dtype=bool)

    ranked = brokering.rank_texts(
        "Roads. Courts are slow.", ["Music. Faster courts.", "Bridges."], [True, True], vectors=vectors
    )
    assert [r.index for r in ranked] == [0, 1]
    assert ranked[0].matched_sentence == "Faster courts."
    assert ranked[1].score == np.float32(0.6)
    assert brokering.rank_texts("Roads. Courts are slow.", ["Bridges."], [False], vectors=vectors) == []
