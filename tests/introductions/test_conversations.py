"""Conversations: who may read and write which thread, unread counts (moved only by POST), safe links, reports of a
message, and the API's read and post."""

from __future__ import annotations

from learning_hub.models import (
    AbuseReport,
    ConversationMessage,
    Introduction,
    MatchPair,
    MatchRun,
    MentoringRequest,
    utcnow,
)
from tests.api.helpers import bearer
from tests.factories import make_user
from tests.helpers import changed_tables, login, snapshot


def _client(app, user):
    return login(app.test_client(), user)


def _accepted_intro(db):
    a = make_user("a@example.org", display_name="Alice A")
    b = make_user("b@example.org", display_name="Bola B")
    low, high = sorted((a.profile.id, b.profile.id))
    intro = Introduction(
        sender_id=a.profile.id,
        recipient_id=b.profile.id,
        low_profile_id=low,
        high_profile_id=high,
        purpose="peer_exchange",
        message="m" * 30,
        state="accepted",
        answered_at=utcnow(),
    )
    db.session.add(intro)
    db.session.commit()
    return a, b, intro


def test_thread_exchange_unread_counts_and_mark_read(app, db):
    a, b, intro = _accepted_intro(db)
    url = f"/conversations/introduction/{intro.id}"
    ac, bc = _client(app, a), _client(app, b)
    assert ac.get(url).status_code == 200
    assert (
        ac.post(url, data={"body": "Hello Bola, see https://example.org/plan?x=1&y=2 <b>bold</b>"}).status_code == 302
    )
    assert ac.post(url, data={"body": "And a second line.\nWith a break."}).status_code == 302
    # Bola has two unread, shown in the header and the list; reading the page (GET) changes nothing
    page = bc.get("/conversations").get_data(as_text=True)
    assert "data-unread-badge>2<" in page
    before = snapshot()
    thread = bc.get(url).get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []
    assert '<a href="https://example.org/plan?x=1&amp;y=2" rel="nofollow noopener noreferrer">' in thread
    assert "&lt;b&gt;bold&lt;/b&gt;" in thread
    assert "<b>bold</b>" not in thread
    assert "a@example.org" in thread  # introduced: the address is shown
    response = bc.post(f"{url}/read", data={}, headers={"Accept": "application/json"})
    assert response.get_json() == {"unread": 0, "total_unread": 0}
    assert "data-unread-badge" not in bc.get("/conversations").get_data(as_text=True)
    # Alice's own messages never count as unread for her
    assert "data-unread-badge" not in ac.get("/conversations").get_data(as_text=True)


def test_outsiders_and_coordinators_cannot_read_or_write_a_thread(app, db):
    a, _b, intro = _accepted_intro(db)
    _client(app, a).post(f"/conversations/introduction/{intro.id}", data={"body": "Private words"})
    for user in (
        make_user("x@example.org"),
        make_user("c@example.org", roles=("coordinator",)),
        make_user("ad@example.org", roles=("admin",)),
    ):
        client = _client(app, user)
        assert client.get(f"/conversations/introduction/{intro.id}").status_code == 404
        assert client.post(f"/conversations/introduction/{intro.id}", data={"body": "hi"}).status_code == 404
        assert client.get(f"/api/v1/conversations/introduction/{intro.id}/messages").status_code == 404
        assert "Private words" not in client.get("/conversations").get_data(as_text=True)


def test_no_thread_before_acceptance(app, db):
    a, b, intro = _accepted_intro(db)
    intro.state = "pending"
    db.session.commit()
    assert _client(app, a).post(f"/conversations/introduction/{intro.id}", data={"body": "hi"}).status_code == 404
    assert _client(app, b).get(f"/conversations/introduction/{intro.id}").status_code == 404


def test_mentorship_and_peer_pair_threads(app, db):
    mentor = make_user("mentor@example.org", mentor_capacity=2)
    mentee = make_user("mentee@example.org")
    request = MentoringRequest(
        requester_id=mentee.profile.id,
        mentor_id=mentor.profile.id,
        state="active",
        need="n" * 40,
        languages=["en"],
        accepted_at=utcnow(),
    )
    run = MatchRun(status="published", params={})
    db.session.add_all([request, run])
    db.session.flush()
    pair = MatchPair(
        run_id=run.id, a_profile_id=mentee.profile.id, b_profile_id=mentor.profile.id, score=0.5, introduced_at=utcnow()
    )
    db.session.add(pair)
    db.session.commit()
    mc = _client(app, mentee)
    listing = mc.get("/conversations").get_data(as_text=True)
    assert f"/conversations/mentorship/{request.id}" in listing
    assert f"/conversations/peer_pair/{pair.id}" in listing
    assert mc.post(f"/conversations/mentorship/{request.id}", data={"body": "Thanks!"}).status_code == 302
    assert _client(app, mentor).get(f"/conversations/mentorship/{request.id}").status_code == 200


def test_report_a_message_gives_coordinators_the_words_only(app, db):
    a, b, intro = _accepted_intro(db)
    ac, bc = _client(app, a), _client(app, b)
    ac.post(f"/conversations/introduction/{intro.id}", data={"body": "An earlier harmless message"})
    ac.post(f"/conversations/introduction/{intro.id}", data={"body": "Rude words here"})
    rude = db.session.query(ConversationMessage).filter_by(body="Rude words here").one()
    assert ac.post(f"/conversations/messages/{rude.id}/report", data={}).status_code == 404  # not one's own
    assert bc.post(f"/conversations/messages/{rude.id}/report", data={"note": "Please look"}).status_code == 302
    report = db.session.query(AbuseReport).one()
    assert report.reported_text == "Rude words here"
    page = _client(app, make_user("co@example.org", roles=("coordinator",))).get("/introductions/reports")
    text = page.get_data(as_text=True)
    assert "Rude words here" in text
    assert "An earlier harmless message" not in text


def test_api_read_and_post(app, db):
    a, b, intro = _accepted_intro(db)
    ac, bc = _client(app, a), _client(app, b)
    base = f"/api/v1/conversations/introduction/{intro.id}"
    ah, bh = bearer(a), bearer(b)
    ac, bc = app.test_client(), app.test_client()  # tokens, no session cookie
    posted = ac.post(f"{base}/messages", json={"body": "Via the API"}, headers=ah)
    assert posted.status_code == 201, posted.get_data(as_text=True)
    listed = bc.get("/api/v1/conversations", headers=bh).get_json()
    assert listed["unread"] == 1
    assert listed["items"][0]["other"]["email"] == "a@example.org"
    messages = bc.get(f"{base}/messages", headers=bh).get_json()
    assert [m["body"] for m in messages["items"]] == ["Via the API"]
    assert messages["unread"] == 1
    assert bc.post(f"{base}/read", json={}, headers=bh).get_json()["unread"] == 0
    assert bc.get("/api/v1/conversations", headers=bh).get_json()["unread"] == 0
    assert ac.post(f"{base}/messages", json={"body": ""}, headers=ah).status_code == 422
