"""Explanations: the best sentence pair and up to five shared key terms, deterministic."""

from __future__ import annotations

import numpy as np

from matching.explain import TermWeights, excerpt, explain, explain_best, key_terms, stem

CHALLENGE = (
    "Our parliament publishes budget documents late. Citizens cannot follow public procurement. "
    "Contracts stay hidden from journalists."
)
REFORM = (
    "We trained auditors in every ministry. All public procurement contracts and budget documents are "
    "published as open data within two days."
)


def test_best_sentences_and_shared_terms():
    """The sentence pair sharing the most telling words, and the phrases they share. "public" is filler, not
    evidence: the first sentence shares two telling words (budget, documents), the second one (procurement)."""
    ex = explain(CHALLENGE, REFORM)
    assert ex.a_sentence == "Our parliament publishes budget documents late."
    assert ex.b_sentence.startswith("All public procurement contracts")
    assert ex.method == "words"
    assert {"public procurement", "budget documents", "contracts"} <= set(ex.terms)
    assert len(ex.terms) <= 5


def test_deterministic_and_ties_to_earlier_sentences():
    """Same input, same output; equal candidates resolve to the first sentences."""
    assert explain(CHALLENGE, REFORM) == explain(CHALLENGE, REFORM)
    tie = explain("Open data. Open data.", "Open data portal. Open data portal.")
    assert (tie.a_sentence, tie.b_sentence) == ("Open data.", "Open data portal.")


def test_terms_fold_plurals_skip_stop_words_and_cap_at_five():
    """ "policies" meets "policy"; "the" and "with" never count; at most five terms."""
    a = "The policies on land registry, water, health, roads, schools, energy and forests."
    b = "A policy with land registry reform for water, health, roads, schools, energy and forests."
    terms = key_terms(a, b)
    assert len(terms) == 5
    assert "the" not in terms
    assert "with" not in terms
    assert stem("policies") == stem("policy") == "policy"
    assert stem("process") == "process"
    assert stem("status") == "status"


def test_term_weights_prefer_rare_words():
    """Fitted IDF weights rank a rare shared word above a common one."""
    corpus = ["government reform"] * 20 + ["beneficial ownership register"]
    weights = TermWeights().fit(corpus)
    terms = key_terms("government beneficial reform", "beneficial government", weights, limit=2)
    assert terms[0] == "beneficial"


def test_embed_is_used_only_without_shared_words():
    """Texts sharing words are explained by them; texts sharing none (two languages) by the embedding."""
    calls = []

    def fake_embed(texts):
        calls.append(list(texts))
        rows = np.eye(len(texts), dtype=np.float32)
        rows[-1] = rows[1]  # the last sentence of b equals the second sentence of a
        return rows

    explain(CHALLENGE, REFORM, embed=fake_embed)
    assert calls == []
    spanish = "El parlamento publica tarde los presupuestos. Nadie puede seguir las compras públicas del Estado."
    english = "We publish every public procurement contract as open data. We also trained many auditors."
    ex = explain(spanish, english, embed=fake_embed)
    assert len(calls) == 1
    assert ex.method == "vectors"
    assert ex.a_sentence.startswith("Nadie")
    assert ex.b_sentence.startswith("We also")


def test_excerpt_cuts_at_a_word_boundary():
    text = "word " * 100
    cut = excerpt(text, 40)
    assert len(cut) <= 40
    assert cut.endswith("…")
    assert " wor…" not in cut


def test_explain_best_picks_the_texts_by_their_vectors():
    """With several texts per side, the pair whose vectors match best is explained."""
    a_vec = np.array([[1, 0], [0, 1]], np.float32)
    b_vec = np.array([[0, 1]], np.float32)
    p, q, ex = explain_best(["Roads are bad.", "Courts are slow."], ["Faster courts."], a_vec, b_vec)
    assert (p, q) == (1, 0)
    assert ex.a_sentence == "Courts are slow."


def test_empty_texts_give_an_empty_explanation():
    ex = explain("", REFORM)
    assert ex.a_sentence == ""
    assert ex.terms == ()
    assert ex.text() == "no shared key terms"
