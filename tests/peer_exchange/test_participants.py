"""Participants through HTTP: suggested peers on the dashboard after publishing, accept and decline on both sides,
the introduction email in each person's language, held pairs, and others' pairs staying 404."""

from __future__ import annotations

import pytest

from learning_hub.models import HeldPair, MatchPair
from learning_hub.peer_exchange import participants
from tests.helpers import changed_tables, snapshot
from tests.peer_exchange.helpers import pairs_of


@pytest.fixture
def published(cohort, start_run, as_coordinator):
    run = start_run()
    assert as_coordinator.post(f"/peers/runs/{run.id}/publish", data={}).status_code == 302
    return run


def _people(cohort, pair):
    by_profile = {user.profile.id: user for user in cohort.values()}
    return by_profile[pair.a_profile_id], by_profile[pair.b_profile_id]


def _answer(client, pair, answer, **extra):
    return client.post(f"/peers/suggestions/{pair.id}/respond", data={"answer": answer, **extra})


def test_nothing_is_shown_before_publishing(cohort, start_run, client_as):
    """An unpublished run's pairs are invisible to its people: no panel, and the pair page is 404."""
    run = start_run()
    pair = pairs_of(run)[0]
    a, _b = _people(cohort, pair)
    client = client_as(a)
    assert "Suggested peers" not in client.get("/dashboard").get_data(as_text=True)
    assert client.get(f"/peers/suggestions/{pair.id}").status_code == 404
    assert _answer(client, pair, "accept").status_code == 404


def test_dashboard_panel_shows_peers_with_the_explanation(cohort, published, client_as):
    """Each person sees their suggested peers, the sentences that matched and the answer buttons."""
    pair = pairs_of(published)[0]
    a, b = _people(cohort, pair)
    page = client_as(a).get("/dashboard").get_data(as_text=True)
    assert "Suggested peers" in page
    assert b.profile.display_name in page
    assert "Your challenge:" in page
    assert pair.a_excerpt in page
    assert "Their reform:" in page
    assert f'action="/peers/suggestions/{pair.id}/respond"' in page
    other_side = client_as(b).get(f"/peers/suggestions/{pair.id}").get_data(as_text=True)
    assert a.profile.display_name in other_side
    assert "Their challenge:" in other_side
    assert "Your reform:" in other_side
    assert a.email not in other_side  # no email address before both accept


def test_others_pairs_are_not_found(cohort, published, client_as, coordinator, db):
    """Someone outside the pair (even a coordinator) gets 404 and changes nothing by answering."""
    pair = pairs_of(published)[0]
    outsider = next(
        u for u in cohort.values() if u.profile.id not in (pair.a_profile_id, pair.b_profile_id) and u.profile.is_listed
    )
    clients = [client_as(user) for user in (outsider, coordinator, cohort["Hidden"])]
    before = snapshot()
    for client in clients:
        assert client.get(f"/peers/suggestions/{pair.id}").status_code == 404
        assert _answer(client, pair, "accept").status_code == 404
        assert _answer(client, pair, "").status_code == 404
    assert clients[0].get("/peers/suggestions/99999").status_code == 404
    assert changed_tables(before, snapshot()) == []


def test_both_accept_sends_one_introduction_each_in_their_language(
    cohort, published, client_as, outbox, db, monkeypatch
):
    """First acceptance waits; the second introduces them once: two emails, a held pair, the status shown."""
    pair = pairs_of(published)[0]
    a, b = _people(cohort, pair)
    b.locale = "es"
    db.session.commit()
    locales = []
    real_send = participants.send_email

    def recording_send(to, subject, template, locale=None, **context):
        locales.append((to, locale))
        return real_send(to, subject, template, locale=locale, **context)

    monkeypatch.setattr(participants, "send_email", recording_send)
    first = _answer(client_as(a), pair, "accept", next="/dashboard")
    assert first.status_code == 302
    assert first.headers["Location"] == "/dashboard"
    db.session.refresh(pair)
    assert pair.a_response == "accepted"
    assert pair.introduced_at is None
    assert outbox == []
    waiting = client_as(a).get("/dashboard").get_data(as_text=True)
    assert f"You accepted; waiting for {b.profile.display_name}" in waiting
    second = _answer(client_as(b), pair, "accept")
    assert second.status_code == 302
    db.session.refresh(pair)
    assert pair.b_response == "accepted"
    assert pair.introduced_at is not None
    assert sorted(m.to for m in outbox) == sorted([a.email, b.email])
    assert sorted(locales) == sorted([(a.email, "en"), (b.email, "es")])
    to_a = next(m for m in outbox if m.to == a.email)
    assert b.email in to_a.text
    assert b.profile.display_name in to_a.subject
    assert f"/peers/suggestions/{pair.id}" in to_a.text
    assert pair.a_excerpt in to_a.text
    held = db.session.scalars(db.select(HeldPair)).one()
    assert (held.low_profile_id, held.high_profile_id) == tuple(sorted((pair.a_profile_id, pair.b_profile_id)))
    assert "Introduced by email" in client_as(a).get(f"/peers/suggestions/{pair.id}").get_data(as_text=True)
    # Answering again after the introduction changes nothing and sends nothing.
    client = client_as(a)
    before = snapshot()
    late = _answer(client, pair, "decline")
    assert "already been introduced" in client.get(late.headers["Location"]).get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []
    assert len(outbox) == 2


def test_decline_closes_the_suggestion_without_email(cohort, published, client_as, outbox, db):
    """A decline sends nothing; the other person sees that the exchange will not go ahead."""
    pair = pairs_of(published)[0]
    a, b = _people(cohort, pair)
    _answer(client_as(b), pair, "decline")
    _answer(client_as(a), pair, "accept")
    db.session.refresh(pair)
    assert (pair.a_response, pair.b_response, pair.introduced_at) == ("accepted", "declined", None)
    assert outbox == []
    assert db.session.scalar(db.select(db.func.count(HeldPair.id))) == 0
    assert "This exchange will not go ahead" in client_as(a).get(f"/peers/suggestions/{pair.id}").get_data(True)
    assert "You declined" in client_as(b).get(f"/peers/suggestions/{pair.id}").get_data(True)
    # A change of mind before any introduction is allowed.
    _answer(client_as(b), pair, "accept")
    db.session.refresh(pair)
    assert pair.introduced_at is not None
    assert len(outbox) == 2


def test_bad_answer_changes_nothing(cohort, published, client_as):
    """An answer other than accept/decline is refused with a message."""
    pair = pairs_of(published)[0]
    a, _b = _people(cohort, pair)
    client = client_as(a)
    before = snapshot()
    response = _answer(client, pair, "maybe")
    assert response.status_code == 302
    assert "Answer with accept or decline." in client.get(response.headers["Location"]).get_data(True)
    assert changed_tables(before, snapshot()) == []


def test_unlisted_peer_hides_the_suggestion(cohort, published, client_as, db):
    """When one of the two withdraws their listing, neither sees the pair any more."""
    pair = pairs_of(published)[0]
    a, b = _people(cohort, pair)
    b.profile.consented_at = None
    db.session.commit()
    assert client_as(a).get(f"/peers/suggestions/{pair.id}").status_code == 404
    assert b.profile.display_name not in client_as(a).get("/dashboard").get_data(as_text=True)


def test_later_runs_exclude_held_pairs_when_asked(cohort, published, client_as, start_run, db):
    """A pair that was introduced is never suggested again by runs that exclude pairs that already happened."""
    pair = pairs_of(published)[0]
    a, b = _people(cohort, pair)
    _answer(client_as(a), pair, "accept")
    _answer(client_as(b), pair, "accept")
    key = pair.pair_key
    later = start_run()
    assert later.details["excluded"] == 1
    assert key not in {p.pair_key for p in pairs_of(later)}
    assert db.session.scalar(db.select(db.func.count(MatchPair.id)).where(MatchPair.run_id == later.id)) > 0


def test_simultaneous_acceptances_introduce_once(app, cohort, published, client_as, outbox, db):
    """Both people accepting at the same moment: one introduction, two emails, one held pair."""
    import threading

    pair = pairs_of(published)[0]
    clients = [client_as(user) for user in _people(cohort, pair)]
    path = f"/peers/suggestions/{pair.id}/respond"  # read now: the threads must not touch this session's objects
    barrier = threading.Barrier(len(clients))
    statuses = []

    def accept(client):
        with app.app_context():  # each thread is its own worker with its own database session
            barrier.wait()
            statuses.append(client.post(path, data={"answer": "accept"}).status_code)
            db.session.remove()

    threads = [threading.Thread(target=accept, args=(client,)) for client in clients]
    db.session.commit()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.refresh(pair)
    assert statuses == [302, 302]
    assert pair.introduced_at is not None
    assert len(outbox) == 2
    assert db.session.scalar(db.select(db.func.count(HeldPair.id))) == 1
