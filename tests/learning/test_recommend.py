"""Recommendations on the reformer's dashboard: from their challenges, through the engine's cached vectors, with
the challenge sentence they answer and the score band in words; a GET never embeds or writes."""

from __future__ import annotations

from learning_hub import engine
from learning_hub.learning.recommend import band_of, best_sentence
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot

CHALLENGE = "Our ministry cannot keep advanced coalitions together after elections. Coffee in the office is terrible."


def _embed_challenges(user):
    """What the profile feature does when a challenge is saved (a job), done here directly."""
    engine.embed_texts([challenge.text for challenge in user.profile.challenges])


def test_recommendation_names_the_course_the_sentence_and_the_band(app, client_as, courses, db):
    user = make_user(challenges=[CHALLENGE])
    _embed_challenges(user)
    client = client_as(user)
    before = snapshot()
    page = client.get("/dashboard").get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []  # read-only: nothing embedded or stored during the GET
    panel = page.split("Courses for your challenges", 1)[1].split("</section>", 1)[0]
    assert 'href="/courses/advanced"' in panel
    assert "<q>Our ministry cannot keep advanced coalitions together after elections.</q>" in panel
    assert any(words in panel for words in ("Strong match", "Good match", "Worth a look"))
    assert "Coffee" not in panel


def test_challenges_not_embedded_yet_are_pending(client_as, courses, db):
    user = make_user(challenges=[CHALLENGE])
    client = client_as(user)
    before = snapshot()
    page = client.get("/dashboard").get_data(as_text=True)
    assert "We are still reading the challenges in your profile" in page
    assert changed_tables(before, snapshot()) == []


def test_no_challenges_invites_the_reformer_to_add_them(client_as, courses):
    page = client_as(make_user()).get("/dashboard").get_data(as_text=True)
    assert "Describe the challenges you face in your profile" in page


def test_courses_already_taken_are_not_recommended(client_as, courses, db):
    user = make_user(challenges=[CHALLENGE])
    _embed_challenges(user)
    client = client_as(user)
    for slug in ("basics",):
        client.post(f"/courses/{slug}/enrol")
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/courses/basics"' not in page.split("Courses for your challenges", 1)[1].split("</section>")[0]


def test_unrelated_challenge_gives_no_suggestion(client_as, courses):
    user = make_user(challenges=["Zebras quietly graze beside tall acacia trees."])
    _embed_challenges(user)
    page = client_as(user).get("/dashboard").get_data(as_text=True)
    assert "Courses for your challenges" not in page


def test_bands_in_words():
    assert band_of(0.5, "hybrid")[1] == "Strong match"
    assert band_of(0.33, "hybrid")[1] == "Good match"
    assert band_of(0.25, "hybrid")[1] == "Worth a look"
    assert band_of(0.1, "hybrid") is None
    assert band_of(0.5, "some-future-encoder")[0] == "strong"


def test_best_sentence_prefers_shared_words():
    text = "The weather is fine. Procurement contracts are never published. Lunch was late."
    assert (
        best_sentence(text, "Open contracting: publish procurement contracts")
        == "Procurement contracts are never published."
    )
    assert best_sentence("One sentence only", "unrelated") == "One sentence only"


def test_sentence_vectors_choose_the_answering_sentence(app, client_as, courses, monkeypatch):
    """With the challenge's sentences embedded (as the profile feature does), the closest one is shown, chosen by
    the vectors (the lexical stand-in is not called)."""
    from learning_hub.learning import recommend
    from matching import split_sentences

    monkeypatch.setattr(recommend, "best_sentence", lambda *args: "lexical stand-in")
    challenge = "Coffee in the office is terrible. Our ministry cannot keep advanced coalitions together."
    user = make_user(challenges=[challenge])
    engine.embed_texts([challenge, *split_sentences(challenge)])
    page = client_as(user).get("/dashboard").get_data(as_text=True)
    assert "<q>Our ministry cannot keep advanced coalitions together.</q>" in page
