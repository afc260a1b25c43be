"""Publishing a second run over the same people: the confirmation says what happens to the earlier suggestions, and
the same pair of people never shows twice on a participant's dashboard."""

from __future__ import annotations

import re

from learning_hub.extensions import db
from learning_hub.models import MatchPair, MatchRun
from tests.peer_exchange.helpers import pairs_of


def _cards(page: str) -> list[str]:
    """The suggestion cards' pair ids on a dashboard."""
    return re.findall(r'<article class="suggestion" aria-labelledby="suggestion-(\d+)"', page)


def _peer_names(page: str) -> list[str]:
    return re.findall(r'<h3 id="suggestion-\d+"><a href="/peers/suggestions/\d+">([^<]+)</a>', page)


def _people(cohort, pair):
    by_profile = {user.profile.id: user for user in cohort.values()}
    return by_profile[pair.a_profile_id], by_profile[pair.b_profile_id]


def _publish(client, run, **form):
    response = client.post(f"/peers/runs/{run.id}/publish", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.get(MatchRun, run.id)


def test_defect_1_second_published_run_never_shows_a_pair_twice(cohort, start_run, as_coordinator, client_as):
    """Two runs with the same defaults suggest the same pairs; after publishing both, every participant sees each
    peer once, and accepting that card leaves no twin asking."""
    first = start_run()
    _publish(as_coordinator, first)
    second = start_run()
    shared = {p.pair_key for p in pairs_of(first)} & {p.pair_key for p in pairs_of(second)}
    assert shared, "the two runs should share pairs for this test to mean anything"

    page = as_coordinator.get(f"/peers/runs/{second.id}/publish")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    people = {pid for p in pairs_of(second) for pid in (p.a_profile_id, p.b_profile_id)}
    assert f"{len(people)} people will see their suggested peers" in text
    assert f"{len(shared)} pairs of this run were already suggested earlier" in text
    assert re.search(r"<input[^>]*value=\"replace\"", text)
    assert re.search(r"<input[^>]*value=\"keep_new\"", text)
    # The run page no longer publishes in one click: it links to this confirmation.
    run_page = as_coordinator.get(f"/peers/runs/{second.id}").get_data(as_text=True)
    assert f'action="/peers/runs/{second.id}/publish"' not in run_page
    assert f'href="/peers/runs/{second.id}/publish"' in run_page

    _publish(as_coordinator, second, mode="keep_new")
    for user in cohort.values():
        if user.profile is None or not user.profile.is_listed:
            continue
        names = _peer_names(client_as(user).get("/dashboard").get_data(as_text=True))
        assert len(names) == len(set(names)), (user.email, names)

    pair = next(p for p in pairs_of(first) if p.pair_key in shared)
    a, b = _people(cohort, pair)
    client = client_as(a)
    cards = _cards(client.get("/dashboard").get_data(as_text=True))
    card = next(int(c) for c in cards if db.session.get(MatchPair, int(c)).pair_key == pair.pair_key)
    client.post(f"/peers/suggestions/{card}/respond", data={"answer": "accept"})
    page = client.get("/dashboard").get_data(as_text=True)
    assert _peer_names(page).count(b.profile.display_name) == 1
    assert "Would you like to be introduced?" not in page.split(b.profile.display_name, 1)[1].split("</article>")[0]


def test_defect_1_replace_withdraws_unanswered_earlier_suggestions(cohort, start_run, as_coordinator, client_as):
    """ "Replace" takes the earlier unanswered suggestions of the same people off their dashboards; an answered
    one stays (and its repeat in the new run is the one withdrawn)."""
    first = start_run()
    _publish(as_coordinator, first)
    answered = pairs_of(first)[0]
    a, _b = _people(cohort, answered)
    client_as(a).post(f"/peers/suggestions/{answered.id}/respond", data={"answer": "decline"})
    second = start_run()
    _publish(as_coordinator, second, mode="replace")
    db.session.expire_all()
    for pair in pairs_of(first):
        if pair.id == answered.id:
            assert pair.withdrawn_at is None
        else:
            assert pair.withdrawn_at is not None
            assert pair.withdrawn_by_run_id == second.id
    repeat = [p for p in pairs_of(second) if p.pair_key == answered.pair_key]
    assert all(p.withdrawn_at is not None for p in repeat)
    assert [int(c) for c in _cards(client_as(a).get("/dashboard").get_data(as_text=True))].count(answered.id) == 1


def test_defect_1_legacy_duplicates_are_shown_once(cohort, start_run, as_coordinator, client_as):
    """Runs published before repeats were withdrawn (both visible) still show each pair once."""
    first, second = start_run(), start_run()
    db.session.execute(db.update(MatchRun).where(MatchRun.id.in_([first.id, second.id])).values(status="published"))
    db.session.execute(
        db.update(MatchRun).where(MatchRun.id == first.id).values(published_at=db.func.current_timestamp())
    )
    db.session.commit()
    pair = pairs_of(first)[0]
    a, _b = _people(cohort, pair)
    names = _peer_names(client_as(a).get("/dashboard").get_data(as_text=True))
    assert names
    assert len(names) == len(set(names))
