"""Accept and decline links in emails: a confirmation page on GET (a link scanner changes nothing), the answer only on
POST; the token is unguessable, stored hashed, good for one offer only and only while it is pending."""

from __future__ import annotations

import re

from learning_hub.models import MentorOffer, hash_token
from tests.helpers import changed_tables, snapshot
from tests.mentoring.helpers import TOPICS, links_in, pending_offer, send_request

NEED = TOPICS["contracts"][0]


def _offer_mail(outbox, to: str):
    return [m for m in outbox if m.to == to and "/mentoring/respond/" in m.text][-1]


def test_scanner_opening_the_links_changes_nothing(client_as, mentors, requester, outbox, client):
    """GET and HEAD of both links, signed out (as a mail scanner would): 200 confirmation page, database unchanged."""
    send_request(client_as(requester), NEED, mentors["Olga"], mentors["Peter"])
    links = links_in(_offer_mail(outbox, "olga@mentors.example.org"))
    assert set(links) == {"accept", "decline"}
    before = snapshot()
    for path in links.values():
        for _ in range(3):
            response = client.get(path)
            assert response.status_code == 200
            page = response.get_data(as_text=True)
            assert "Opening this link alone changes nothing" in page
            assert NEED in page
            assert response.headers["Referrer-Policy"] == "no-referrer"
            assert response.headers["Cache-Control"] == "no-store"
            assert client.head(path).status_code == 200
    assert changed_tables(before, snapshot()) == []


def test_accept_through_the_link(client, mentors, requester, client_as, outbox, db):
    """The POST of the confirmation page accepts, signed out; the token then stops working."""
    request = send_request(client_as(requester), NEED, mentors["Olga"])
    path = links_in(_offer_mail(outbox, "olga@mentors.example.org"))["accept"]
    token_path = path.split("?")[0]
    response = client.post(token_path, data={"answer": "accept"})
    assert response.status_code == 200
    assert "You are now mentoring Rita" in response.get_data(as_text=True)
    db.session.refresh(request)
    assert request.state == "active"
    assert client.get(path).status_code == 404
    before = snapshot()
    assert client.post(token_path, data={"answer": "decline"}).status_code == 404
    assert changed_tables(before, snapshot()) == []


def test_decline_through_the_link_passes_on(client, mentors, requester, client_as, outbox, db):
    """Declining through the link, with a reason, moves the request to the next choice."""
    request = send_request(client_as(requester), NEED, mentors["Olga"], mentors["Peter"])
    path = links_in(_offer_mail(outbox, "olga@mentors.example.org"))["decline"].split("?")[0]
    response = client.post(path, data={"answer": "decline", "reason": "Too busy this month."})
    assert response.status_code == 200
    assert "Declined" in response.get_data(as_text=True)
    db.session.refresh(request)
    assert [o.state for o in request.offers] == ["declined", "pending"]
    assert request.offers[0].reason == "Too busy this month."


def test_token_is_hashed_and_single_purpose(client, mentors, requester, client_as, outbox, db):
    """Only the sha256 is stored; Olga's token answers only Olga's offer, and nothing once it passed on."""
    request = send_request(client_as(requester), NEED, mentors["Olga"], mentors["Peter"])
    olga_path = links_in(_offer_mail(outbox, "olga@mentors.example.org"))["accept"].split("?")[0]
    token = olga_path.rsplit("/", 1)[1]
    assert len(token) >= 40
    offer = pending_offer(request.id)
    assert offer.token_hash == hash_token(token)
    assert token not in repr(db.session.execute(db.select(MentorOffer.token_hash, MentorOffer.reason)).all())
    client_as(mentors["Olga"]).post(f"/mentoring/offers/{offer.id}/answer", data={"answer": "decline"})
    peter_offer = pending_offer(request.id)
    before = snapshot()
    assert client.get(olga_path).status_code == 404  # Olga's link does not reach Peter's offer
    assert client.post(olga_path, data={"answer": "accept"}).status_code == 404
    assert changed_tables(before, snapshot()) == []
    assert pending_offer(request.id).id == peter_offer.id


def test_wrong_tokens_are_not_found(client):
    """Made-up, empty-looking and oversized tokens are 404 on GET and POST."""
    for token in ("not-a-real-token", "a" * 43, "x" * 500):
        assert client.get(f"/mentoring/respond/{token}").status_code == 404
        assert client.post(f"/mentoring/respond/{token}", data={"answer": "accept"}).status_code == 404


def test_bad_answer_through_the_link_is_422(client, mentors, requester, client_as, outbox):
    """An unknown answer or a reason with control characters: 422 and nothing changes."""
    send_request(client_as(requester), NEED, mentors["Olga"])
    path = links_in(_offer_mail(outbox, "olga@mentors.example.org"))["accept"].split("?")[0]
    for data in ({"answer": "yes"}, {"answer": "decline", "reason": "bad \x00 byte"}):
        before = snapshot()
        assert client.post(path, data=data).status_code == 422
        assert changed_tables(before, snapshot()) == []


def test_link_post_needs_a_csrf_token(make_app, mentors, requester, client_as, outbox, db):
    """With CSRF on, a POST without the page's token (a scanner that submits forms blindly) is refused."""
    request = send_request(client_as(requester), NEED, mentors["Olga"])
    path = links_in(_offer_mail(outbox, "olga@mentors.example.org"))["accept"]
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    browser = csrf_app.test_client()
    before = snapshot()
    assert browser.post(path.split("?")[0], data={"answer": "accept"}).status_code == 400
    assert changed_tables(before, snapshot()) == []
    page = browser.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert browser.post(path.split("?")[0], data={"answer": "accept", "csrf_token": token}).status_code == 200
    db.session.refresh(request)
    assert request.state == "active"
