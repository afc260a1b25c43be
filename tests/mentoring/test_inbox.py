"""The mentor's side through HTTP: inbox, accept, decline with a reason, capacity, pause."""

from __future__ import annotations

from learning_hub.mentoring import seats
from learning_hub.models import MentoringRequest
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot
from tests.mentoring.helpers import TOPICS, pending_offer, profile_of, send_request

NEED = TOPICS["contracts"][0]


def test_inbox_shows_the_request_with_why(client_as, mentors, requester):
    """The mentor sees who asks, the need, why they were chosen and when to answer by."""
    send_request(client_as(requester), NEED, mentors["Olga"])
    page = client_as(mentors["Olga"]).get("/mentoring/inbox").get_data(as_text=True)
    assert "Rita asks you to be their mentor" in page
    assert NEED in page
    assert "Please answer by" in page
    assert "Citizens now follow spending" in page
    assert "Nothing waiting for you." in client_as(mentors["Peter"]).get("/mentoring/inbox").get_data(as_text=True)


def test_accept_makes_a_mentorship_and_introduces(client_as, mentors, requester, outbox, db):
    """Accepting: the request becomes an active mentorship, a seat is taken, later choices close, both are emailed."""
    request = send_request(client_as(requester), NEED, mentors["Olga"], mentors["Peter"])
    offer = pending_offer(request.id)
    outbox.clear()
    response = client_as(mentors["Olga"]).post(f"/mentoring/offers/{offer.id}/answer", data={"answer": "accept"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/mentoring/mentorships/{request.id}")
    db.session.refresh(request)
    assert request.state == "active"
    assert request.mentor_id == mentors["Olga"].profile.id
    assert [o.state for o in request.offers] == ["accepted", "closed"]
    assert seats.load_of(mentors["Olga"].profile.id) == 1
    mails = {m.to: m.text for m in outbox}
    assert "olga@mentors.example.org" in mails["rita@requests.example.org"]
    assert "rita@requests.example.org" in mails["olga@mentors.example.org"]


def test_decline_passes_on_with_reason(client_as, mentors, requester, outbox, db):
    """Declining (with a reason) sends the request to the next choice; the requester reads the reason."""
    request = send_request(client_as(requester), NEED, mentors["Olga"], mentors["Peter"])
    offer = pending_offer(request.id)
    outbox.clear()
    client_as(mentors["Olga"]).post(
        f"/mentoring/offers/{offer.id}/answer", data={"answer": "decline", "reason": "I am travelling until June."}
    )
    db.session.refresh(request)
    assert [o.state for o in request.offers] == ["declined", "pending"]
    assert request.offers[0].reason == "I am travelling until June."
    to = {m.to: m.text for m in outbox}
    assert "I am travelling until June." in to["rita@requests.example.org"]
    assert "Peter" in to["rita@requests.example.org"]
    assert "/mentoring/respond/" in to["peter@mentors.example.org"]


def test_last_decline_queues_for_coordinators(client_as, mentors, requester, outbox, db):
    """When the last choice declines, the request joins the coordinators' queue and the requester is told."""
    request = send_request(client_as(requester), NEED, mentors["Olga"])
    outbox.clear()
    client_as(mentors["Olga"]).post(
        f"/mentoring/offers/{pending_offer(request.id).id}/answer", data={"answer": "decline"}
    )
    db.session.refresh(request)
    assert request.state == "queued"
    assert request.queued_at is not None
    assert "with the programme coordinators" in outbox[-1].text


def test_only_the_asked_mentor_can_answer(client_as, mentors, requester, role_users):
    """Another mentor, a coordinator, an admin: 404 for the offer page and its answer; nothing changes."""
    request = send_request(client_as(requester), NEED, mentors["Olga"], mentors["Peter"])
    offer = pending_offer(request.id)
    for user in (mentors["Peter"], requester, role_users["coordinator"], role_users["admin"]):
        client = client_as(user)
        before = snapshot()
        assert client.get(f"/mentoring/offers/{offer.id}").status_code == 404
        assert client.post(f"/mentoring/offers/{offer.id}/answer", data={"answer": "accept"}).status_code == 404
        assert changed_tables(before, snapshot()) == []
    # Peter's waiting offer (not reached yet) is not his to see either.
    waiting = request.offers[1]
    assert client_as(mentors["Peter"]).get(f"/mentoring/offers/{waiting.id}").status_code == 404


def test_answering_twice_is_a_conflict(client_as, mentors, requester, db):
    """A second answer finds the request no longer waiting; nothing changes."""
    request = send_request(client_as(requester), NEED, mentors["Olga"], mentors["Peter"])
    offer = pending_offer(request.id)
    olga = client_as(mentors["Olga"])
    olga.post(f"/mentoring/offers/{offer.id}/answer", data={"answer": "decline"})
    before = snapshot()
    page = olga.post(f"/mentoring/offers/{offer.id}/answer", data={"answer": "accept"}, follow_redirects=True)
    assert "no longer waiting for an answer" in page.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []


def test_bad_answer_is_422(client_as, mentors, requester):
    """An unknown answer or an oversized reason: 422, nothing changes."""
    request = send_request(client_as(requester), NEED, mentors["Olga"])
    offer = pending_offer(request.id)
    olga = client_as(mentors["Olga"])
    for data in ({"answer": "maybe"}, {"answer": "decline", "reason": "x" * 1001}, {}):
        before = snapshot()
        assert olga.post(f"/mentoring/offers/{offer.id}/answer", data=data).status_code == 422
        assert changed_tables(before, snapshot()) == []


def test_accept_beyond_capacity_is_refused(client_as, mentors, db):
    """Nadia accepts one request, lowers her capacity to 1; accepting the second is refused and changes nothing."""
    nadia = client_as(mentors["Nadia"])
    nadia.post("/mentoring/capacity", data={"capacity": "2"})  # so that both requests can reach her
    first = send_request(client_as(make_user()), NEED, mentors["Nadia"])
    second = send_request(client_as(make_user()), NEED, mentors["Nadia"], mentors["Olga"])
    nadia.post("/mentoring/capacity", data={"capacity": "1"})
    nadia.post(f"/mentoring/offers/{pending_offer(first.id).id}/answer", data={"answer": "accept"})
    before = snapshot()
    page = nadia.post(
        f"/mentoring/offers/{pending_offer(second.id).id}/answer", data={"answer": "accept"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "as many people as your capacity allows" in page
    assert changed_tables(before, snapshot()) == []
    assert seats.load_of(mentors["Nadia"].profile.id) == 1
    assert db.session.get(MentoringRequest, second.id).state == "pending"


def test_capacity_edit(client_as, mentors, db):
    """A mentor sets their capacity (1-20); out of range is refused."""
    olga = client_as(mentors["Olga"])
    assert olga.post("/mentoring/capacity", data={"capacity": "5"}).status_code == 302
    assert profile_of(mentors["Olga"]).mentor_capacity == 5
    for bad in ("0", "21", "many", ""):
        before = snapshot()
        page = olga.post("/mentoring/capacity", data={"capacity": bad}, follow_redirects=True)
        assert "1 to 20" in page.get_data(as_text=True)
        assert changed_tables(before, snapshot()) == []


def test_pause_and_resume(client_as, mentors, requester, db):
    """Pausing keeps the role and capacity but removes the mentor from suggestions; resuming brings them back."""
    olga = client_as(mentors["Olga"])
    assert olga.post("/mentoring/availability", data={"available": "0"}).status_code == 302
    profile = profile_of(mentors["Olga"])
    assert profile.mentor_available is False
    assert profile.mentor_capacity == 2
    assert mentors["Olga"].has_role("mentor")
    assert "Paused" in olga.get("/mentoring/inbox").get_data(as_text=True)
    client = client_as(requester)
    from tests.mentoring.helpers import new_draft

    assert "Olga" not in client.get(f"/mentoring/requests/{new_draft(client, NEED)}").get_data(as_text=True)
    olga.post("/mentoring/availability", data={"available": "1"})
    assert profile_of(mentors["Olga"]).mentor_available is True
    assert "Olga" in client.get(f"/mentoring/requests/{new_draft(client, NEED)}").get_data(as_text=True)
    before = snapshot()
    page = olga.post("/mentoring/availability", data={"available": "maybe"}, follow_redirects=True)
    assert "pause or to resume" in page.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []


def test_paused_mentor_can_still_answer_but_cascade_skips_them(client_as, mentors, requester, db):
    """A request already in the inbox can be answered after pausing; a later choice who paused is skipped."""
    request = send_request(client_as(requester), NEED, mentors["Olga"], mentors["Peter"], mentors["Nadia"])
    client_as(mentors["Peter"]).post("/mentoring/availability", data={"available": "0"})
    client_as(mentors["Olga"]).post("/mentoring/availability", data={"available": "0"})
    client_as(mentors["Olga"]).post(
        f"/mentoring/offers/{pending_offer(request.id).id}/answer", data={"answer": "decline"}
    )
    db.session.refresh(request)
    assert [o.state for o in request.offers] == ["declined", "skipped", "pending"]


def test_capacity_and_pause_need_the_mentor_role(client_as, requester):
    """A reformer who does not mentor is forbidden (403) by the policy table."""
    client = client_as(requester)
    assert client.post("/mentoring/capacity", data={"capacity": "3"}).status_code == 403
    assert client.post("/mentoring/availability", data={"available": "1"}).status_code == 403


def test_resume_needs_a_capacity(client_as, db):
    """A mentor whose capacity is 0 must set one before resuming."""
    user = make_user(roles=("mentor",))
    page = client_as(user).post("/mentoring/availability", data={"available": "1"}, follow_redirects=True)
    assert "before resuming" in page.get_data(as_text=True)
    assert profile_of(user).mentor_available is False
