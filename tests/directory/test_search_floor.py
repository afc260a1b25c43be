"""The relevance floor of search by meaning, on the frozen evaluation set evaluation/search_floor.csv (40 short
profiles, 20 real questions with the profiles that answer them, 20 nonsense or off-topic queries): junk finds no
close match (the page says so, offers the profiles holding the words, and a hint), real questions still find their
profiles, and the searcher's own profile is never among the results.

The fast tests run with the suite's encoder (hashing: bag of words, so cross-lingual questions are out of its
reach); the slow one runs the engine's default encoder on the same set."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest

import matching
from learning_hub import engine
from learning_hub.directory.tasks import embed_all
from learning_hub.extensions import db
from matching.tools.search_floor import calibrate
from tests.directory.helpers import text_of
from tests.factories import make_user
from tests.helpers import login

SET = Path(__file__).resolve().parents[2] / "evaluation" / "search_floor.csv"
with open(SET, newline="", encoding="utf-8") as handle:
    ROWS = list(csv.DictReader(handle))
PROFILES = [r for r in ROWS if r["kind"] == "profile"]
QUESTIONS = [r for r in ROWS if r["kind"] == "question"]
NONSENSE = [r for r in ROWS if r["kind"] == "nonsense"]
COUNTRIES = ("KE", "CO", "ID", "PH", "GH", "NG", "HN", "FR")
SEARCHER_CHALLENGE = "Police beat up young people here and nobody looks into our complaints."


def _people():
    """The 40 profiles as listed reformers named "Profile Fxx", and a searcher whose own challenge is a question."""
    for i, row in enumerate(PROFILES):
        make_user(
            display_name=f"Profile {row['id']}",
            country=COUNTRIES[i % len(COUNTRIES)],
            languages=(row["language"],),
            challenges=(row["text"],),
        )
    searcher = make_user(display_name="Searcher Self", country="KE", challenges=(SEARCHER_CHALLENGE,))
    embed_all()
    return searcher


def missed(found: dict) -> list[str]:
    return [k for k, ok in found.items() if not ok]


def _semantic_names(page: str) -> list[str]:
    """Profiles shown as matches by meaning (each card quotes the text that matched)."""
    names = []
    for card in page.split('<article class="card person-card">')[1:]:
        if "that matched:" in card:
            names += re.findall(r"Profile (F\d\d)", card.split("</h3>", 1)[0])
    return names


def _get(client, query: str) -> str:
    return text_of(client.get("/directory", query_string={"q": query}))


def test_defect_7_nonsense_finds_no_close_match(client_as, db):
    """All 20 nonsense and off-topic queries: no result by meaning; the page says so and gives a hint."""
    client = client_as(_people())
    for row in NONSENSE:
        page = _get(client, row["text"])
        assert _semantic_names(page) == [], (row["id"], row["text"])
        assert "No close match for" in page, row["id"]
        assert "Describe a problem or a reform in a few plain words" in page


def test_defect_7_the_floor_costs_no_right_answer_the_encoder_finds(client_as, app, db):
    """Every real question whose right profile the suite's encoder ranks first without any floor still gets it
    first with the floor; the encoder (hashing) finds 7 of the 20 that way (English and Spanish questions sharing
    words with their profile; the others need the multilingual encoder of the slow test)."""
    client = client_as(_people())
    encoder = matching.get_encoder(app.config["MATCHING_ENCODER"])
    profile_vectors = encoder.encode([r["text"] for r in PROFILES])
    answered = 0
    for row in QUESTIONS:
        expected = set(row["expected"].split("|"))
        raw = profile_vectors @ encoder.encode([row["text"]])[0]
        if PROFILES[int(np.argmax(raw))]["id"] not in expected or raw.max() <= 0:
            continue
        answered += 1
        names = _semantic_names(_get(client, row["text"]))
        assert names, (row["id"], row["text"])
        assert names[0] in expected, (row["id"], names)
    assert answered == 7


def test_defect_7_own_profile_is_left_out(client_as, db):
    """The searcher's own challenge is the closest text to this query, yet her profile is not a result."""
    searcher = _people()
    page = _get(client_as(searcher), SEARCHER_CHALLENGE)
    assert "Searcher Self" not in page
    assert _semantic_names(page)[0] == "F10"
    # Browsing by name lists her, marked as herself.
    listing = text_of(client_as(searcher).get("/directory", query_string={"q": "Searcher", "mode": "words"}))
    assert "Searcher Self" in listing
    assert '<span class="badge">You</span>' in listing


def test_defect_7_a_query_closer_to_everyday_texts_finds_no_close_match(client_as, app, db, monkeypatch):
    """The background check, with the suite's encoder (hashing: a cosine counts shared words). "chocolate cake
    budget" shares one word with F05 (budget analyst) and two with the background's "How long do you bake a
    chocolate cake in the oven?"; "citizens budget documents" shares three with F05 and none with the background.
    With weights (0, 0, 1) a text is a close match when its cosine beats the query's best background cosine: the
    first query finds no close match (without the weights, it finds F05), the second finds F05 first."""
    client = client_as(_people())
    assert _semantic_names(_get(client, "chocolate cake budget"))[:1] == ["F05"]
    monkeypatch.setattr(engine.encoder(), "relevance_weights", (0.0, 0.0, 1.0))
    page = _get(client, "chocolate cake budget")
    assert _semantic_names(page) == []
    assert "No close match for" in page
    assert _semantic_names(_get(client, "citizens budget documents"))[:1] == ["F05"]


def test_embedding_all_profiles_stores_the_background_when_the_encoder_uses_it(app, db, monkeypatch):
    """So that no search request has to embed the background texts (the hybrid takes seconds for them)."""
    texts = matching.search_background()
    embed_all()
    assert not engine.cached_vectors(texts)[1].any()  # the suite's encoder carries no weights: nothing to store
    monkeypatch.setattr(engine.encoder(), "relevance_weights", (0.0, 0.0, 1.0))
    embed_all()
    assert engine.cached_vectors(texts)[1].all()


@pytest.mark.slow
def test_defect_7_real_model_floor_on_the_evaluation_set(make_app):
    """With the engine's default encoder, on this held-out set: 20 of 20 nonsense queries with no close match, and
    the real questions with a right profile among the first three.

    The relevance model (matching/relevance.py) was fitted on another set, evaluation/search_floor_calibration.csv,
    never on this file; the test refits it and checks the encoder ships those weights. Before the background margin
    (a fixed cosine floor of 0.24) this set gave 19 of 20 and 18 of 20: N12, "résultats du match de foot", met F12's
    "result sheets" at 0.240, and it is closer to the background's football results (0.317). The two questions still
    missed are ranking misses of the encoder, not of the floor: Q13 (containers held at the port) ranks the customs
    single window F27 sixth, Q14 (jobs given to relatives) ranks F28's anonymous recruitment exams 21st, behind a
    ministry information officer; no floor can put them in the first three."""
    other = make_app(MATCHING_ENCODER="default")
    with other.app_context():
        calibration = calibrate(engine.encoder())
        assert calibration.relevance.weights == pytest.approx(engine.encoder().relevance_weights, abs=0.001)
        searcher = _people()
        client = login(other.test_client(), searcher)
        junk = {row["id"]: _semantic_names(_get(client, row["text"])) for row in NONSENSE}
        found = {}
        for row in QUESTIONS:
            names = _semantic_names(_get(client, row["text"]))
            found[row["id"]] = bool(set(names[:3]) & set(row["expected"].split("|")))
        silent = sum(1 for names in junk.values() if not names)
        print(
            "\ncalibration set (evaluation/search_floor_calibration.csv): junk with no result "
            f"{calibration.junk_rejected}/{calibration.junk}, "
            f"real questions kept {calibration.real_kept}/{calibration.real}"
        )
        print(
            f"held out (evaluation/search_floor.csv): nonsense with no result {silent}/{len(junk)}, "
            f"real questions with a right profile in the top 3 {sum(found.values())}/{len(found)}, "
            f"missed: {missed(found)}, nonsense with a result: {[k for k, v in junk.items() if v]}"
        )
        assert silent == len(NONSENSE) == 20
        assert sum(found.values()) >= 18
        db.session.remove()
