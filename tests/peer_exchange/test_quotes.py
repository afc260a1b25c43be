"""A removed or edited reform or challenge stops being quoted in published suggestions to the other person, and its
author is told."""

from __future__ import annotations

import pytest

from learning_hub.models import MatchPair
from tests.peer_exchange.helpers import pairs_of


@pytest.fixture
def published(cohort, start_run, as_coordinator):
    run = start_run()
    assert as_coordinator.post(f"/peers/runs/{run.id}/publish", data={}).status_code == 302
    return run


def _people(cohort, pair: MatchPair):
    by_profile = {user.profile.id: user for user in cohort.values()}
    return by_profile[pair.a_profile_id], by_profile[pair.b_profile_id]


def _card(page: str, pair: MatchPair) -> str:
    """The one suggestion card of this pair (others on the page may quote the same words from another person)."""
    return page.split(f'aria-labelledby="suggestion-{pair.id}"', 1)[1].split("</article>", 1)[0]


def test_defect_13_a_removed_reform_is_no_longer_quoted_to_the_other_person(cohort, published, client_as):
    pair = next(p for p in pairs_of(published) if p.b_excerpt)
    a, b = _people(cohort, pair)
    reader = client_as(a)
    assert pair.b_excerpt in reader.get(f"/peers/suggestions/{pair.id}").get_data(as_text=True)

    author = client_as(b)
    reform_id = b.profile.reforms[0].id
    confirm = author.get(f"/profile/reforms/{reform_id}/delete").get_data(as_text=True)
    assert "suggested peer" in confirm  # the confirmation says others were shown it
    done = author.post(f"/profile/reforms/{reform_id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "were shown these words of yours; they no longer see them." in done or (
        "was shown these words of yours; they no longer see them." in done
    )

    for url in (f"/peers/suggestions/{pair.id}", "/dashboard"):
        card = _card(reader.get(url).get_data(as_text=True), pair)
        assert pair.b_excerpt not in card
        assert "Their reform:" not in card


def test_defect_13_an_edited_challenge_shows_nothing_of_the_old_words(cohort, published, client_as):
    pair = next(p for p in pairs_of(published) if p.a_excerpt)
    a, b = _people(cohort, pair)
    challenge = a.profile.challenges[0]
    old = pair.a_excerpt
    new_text = "Our town hall answers letters about street lighting within a week, but never about rubbish collection."
    response = client_as(a).post(f"/profile/challenges/{challenge.id}", data={"text": new_text}, follow_redirects=True)
    assert "shown these words of yours; they no longer see them." in response.get_data(as_text=True)
    page = _card(client_as(b).get(f"/peers/suggestions/{pair.id}").get_data(as_text=True), pair)
    assert old not in page
    assert "Their challenge:" not in page
    for term in pair.terms:
        assert f'<li class="badge">{term}</li>' not in page


def test_an_edit_that_keeps_the_quoted_sentence_keeps_the_quote(cohort, published, client_as):
    """Adding a sentence after the quoted one changes nothing for the reader, and the author is not warned."""
    pair = next(p for p in pairs_of(published) if p.a_excerpt)
    a, b = _people(cohort, pair)
    challenge = a.profile.challenges[0]
    response = client_as(a).post(
        f"/profile/challenges/{challenge.id}",
        data={"text": challenge.text + " The mayor promised a fix last year."},
        follow_redirects=True,
    )
    assert "they no longer see them" not in response.get_data(as_text=True)
    assert pair.a_excerpt in client_as(b).get(f"/peers/suggestions/{pair.id}").get_data(as_text=True)
