"""`flask mentoring expire`: no answer within MENTORING_RESPONSE_DAYS passes the request on, then to the queue."""

from __future__ import annotations

from datetime import timedelta

from learning_hub.models import MentoringRequest, utcnow
from tests.mentoring.helpers import TOPICS, links_in, make_overdue, pending_offer, send_request

NEED = TOPICS["contracts"][0]


def test_overdue_offer_passes_to_the_next_choice(runner, client_as, mentors, requester, outbox, db, client):
    """The silent mentor is told, the requester is told, the next choice gets the request; the old link dies."""
    request = send_request(client_as(requester), NEED, mentors["Olga"], mentors["Peter"])
    old_link = links_in([m for m in outbox if m.to == "olga@mentors.example.org"][-1])["accept"]
    make_overdue(request.id)
    outbox.clear()
    result = runner.invoke(args=["mentoring", "expire"])
    assert result.exit_code == 0, result.output
    assert "1 overdue offers expired: 1 passed to the next choice, 0 to the coordinators' queue" in result.output
    db.session.refresh(request)
    assert [o.state for o in request.offers] == ["expired", "pending"]
    to = {m.to: m.text for m in outbox}
    assert set(to) == {"olga@mentors.example.org", "rita@requests.example.org", "peter@mentors.example.org"}
    assert "did not answer your mentoring request in time" in to["rita@requests.example.org"]
    assert "waited 7 days without an answer" in to["olga@mentors.example.org"]
    assert client.get(old_link).status_code == 404
    again = runner.invoke(args=["mentoring", "expire"])
    assert "0 overdue offers expired" in again.output


def test_last_overdue_offer_goes_to_the_queue(runner, client_as, mentors, requester, db):
    """With no choice left, the request joins the coordinators' queue."""
    request = send_request(client_as(requester), NEED, mentors["Olga"])
    make_overdue(request.id)
    result = runner.invoke(args=["mentoring", "expire"])
    assert "0 passed to the next choice, 1 to the coordinators' queue" in result.output
    assert db.session.get(MentoringRequest, request.id).state == "queued"


def test_offers_not_yet_due_are_left_alone(runner, client_as, mentors, requester, db):
    """An offer within its time is untouched."""
    request = send_request(client_as(requester), NEED, mentors["Olga"])
    runner.invoke(args=["mentoring", "expire"])
    assert pending_offer(request.id).mentor_id == mentors["Olga"].profile.id


def test_response_days_is_configurable(app, client_as, mentors, requester):
    """MENTORING_RESPONSE_DAYS sets the due date of each offer."""
    app.config["MENTORING_RESPONSE_DAYS"] = 2
    try:
        request = send_request(client_as(requester), NEED, mentors["Olga"])
    finally:
        app.config["MENTORING_RESPONSE_DAYS"] = 7
    offer = pending_offer(request.id)
    assert offer.due_at - offer.offered_at == timedelta(days=2)


def test_old_drafts_are_deleted(runner, client_as, mentors, requester, db):
    """Drafts left unsent for 30 days are deleted; recent ones stay."""
    from tests.mentoring.helpers import new_draft

    client = client_as(requester)
    old = db.session.get(MentoringRequest, new_draft(client, NEED))
    old.created_at = utcnow() - timedelta(days=31)
    db.session.commit()
    old_id = old.id
    result = runner.invoke(args=["mentoring", "expire"])
    assert "1 old drafts deleted" in result.output
    assert db.session.get(MentoringRequest, old_id) is None


def test_check_loads_agrees(runner, client_as, mentors, requester):
    """`flask mentoring check-loads` finds every counter equal to the active mentorships."""
    request = send_request(client_as(requester), NEED, mentors["Olga"])
    client_as(mentors["Olga"]).post(
        f"/mentoring/offers/{pending_offer(request.id).id}/answer", data={"answer": "accept"}
    )
    result = runner.invoke(args=["mentoring", "check-loads"])
    assert result.exit_code == 0
    assert "1 mentor loads checked, 0 differ" in result.output
