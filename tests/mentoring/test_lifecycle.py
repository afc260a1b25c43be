"""A mentorship through HTTP: complete with ratings from both sides, cancel, goals and meeting notes (private)."""

from __future__ import annotations

import pytest

from learning_hub.mentoring import seats
from learning_hub.models import MentorshipFeedback, MentorshipNote
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot
from tests.mentoring.helpers import TOPICS, pending_offer, send_request

NEED = TOPICS["contracts"][0]


@pytest.fixture
def mentorship(client_as, mentors, requester):
    """Rita's active mentorship with Olga."""
    request = send_request(client_as(requester), NEED, mentors["Olga"])
    client_as(mentors["Olga"]).post(
        f"/mentoring/offers/{pending_offer(request.id).id}/answer", data={"answer": "accept"}
    )
    return request


def test_both_people_see_it_nobody_else(client_as, mentorship, mentors, requester, role_users):
    """The mentee and the mentor get the page; another mentor, a coordinator and an admin get 404."""
    for user in (requester, mentors["Olga"]):
        page = client_as(user).get(f"/mentoring/mentorships/{mentorship.id}").get_data(as_text=True)
        assert NEED in page
        assert "Only the two of you see these." in page
    for user in (mentors["Peter"], role_users["coordinator"], role_users["admin"]):
        assert client_as(user).get(f"/mentoring/mentorships/{mentorship.id}").status_code == 404


def test_complete_then_the_other_side_rates(client_as, mentorship, mentors, requester, outbox, db):
    """The mentee completes with a rating and comment; the seat is freed; the mentor is asked and rates too."""
    outbox.clear()
    rita = client_as(requester)
    response = rita.post(
        f"/mentoring/mentorships/{mentorship.id}/complete",
        data={"complete-rating": "5", "complete-comment": "Olga opened doors for us."},
    )
    assert response.status_code == 302
    db.session.refresh(mentorship)
    assert mentorship.state == "completed"
    assert mentorship.closed_by == "mentee"
    assert seats.load_of(mentors["Olga"].profile.id) == 0
    assert [m.to for m in outbox] == ["olga@mentors.example.org"]
    assert "rate it from 1 to 5" in outbox[0].text
    olga = client_as(mentors["Olga"])
    assert (
        olga.post(
            f"/mentoring/mentorships/{mentorship.id}/feedback",
            data={"feedback-rating": "4", "feedback-comment": "A committed mentee."},
        ).status_code
        == 302
    )
    rows = db.session.execute(
        db.select(MentorshipFeedback.side, MentorshipFeedback.rating).order_by(MentorshipFeedback.side)
    ).all()
    assert rows == [("mentee", 5), ("mentor", 4)]
    before = snapshot()
    again = olga.post(
        f"/mentoring/mentorships/{mentorship.id}/feedback",
        data={"feedback-rating": "1", "feedback-comment": "Changed my mind."},
    )
    assert again.status_code == 302
    assert "already given your feedback" in olga.get(again.headers["Location"]).get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []


@pytest.mark.parametrize(
    "data",
    [
        {"complete-rating": "6", "complete-comment": "Fine."},
        {"complete-rating": "0", "complete-comment": "Fine."},
        {"complete-rating": "five", "complete-comment": "Fine."},
        {"complete-rating": "4", "complete-comment": ""},
        {"complete-rating": "4", "complete-comment": "x" * 2001},
        {"complete-comment": "No rating."},
    ],
)
def test_bad_ratings_are_refused(client_as, mentorship, requester, data):
    """Ratings outside 1-5, missing comments, oversized comments: 422, nothing changes."""
    client = client_as(requester)
    before = snapshot()
    assert client.post(f"/mentoring/mentorships/{mentorship.id}/complete", data=data).status_code == 422
    assert changed_tables(before, snapshot()) == []


def test_feedback_waits_for_completion(client_as, mentorship, mentors):
    """Feedback on an active mentorship is refused."""
    olga = client_as(mentors["Olga"])
    before = snapshot()
    response = olga.post(
        f"/mentoring/mentorships/{mentorship.id}/feedback",
        data={"feedback-rating": "3", "feedback-comment": "Early."},
        follow_redirects=True,
    )
    assert "once the mentorship is completed" in response.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []


def test_cancel_tells_the_other_side(client_as, mentorship, mentors, requester, outbox, db):
    """The mentor cancels with a reason; the mentee is emailed it; the seat is freed."""
    outbox.clear()
    olga = client_as(mentors["Olga"])
    assert (
        olga.post(
            f"/mentoring/mentorships/{mentorship.id}/cancel", data={"cancel-reason": "A family emergency."}
        ).status_code
        == 302
    )
    db.session.refresh(mentorship)
    assert mentorship.state == "cancelled"
    assert mentorship.close_reason == "A family emergency."
    assert seats.load_of(mentors["Olga"].profile.id) == 0
    assert [m.to for m in outbox] == ["rita@requests.example.org"]
    assert "A family emergency." in outbox[0].text


def test_goals_and_notes(client_as, mentorship, mentors, requester, db):
    """Both add goals and dated meeting notes; each deletes only their own."""
    rita, olga = client_as(requester), client_as(mentors["Olga"])
    assert (
        rita.post(
            f"/mentoring/mentorships/{mentorship.id}/notes",
            data={"note-kind": "goal", "note-text": "Publish the first contracts by March."},
        ).status_code
        == 302
    )
    assert (
        olga.post(
            f"/mentoring/mentorships/{mentorship.id}/notes",
            data={"note-kind": "note", "note-text": "We met and mapped the data owners.", "note-met_on": "2025-02-03"},
        ).status_code
        == 302
    )
    page = rita.get(f"/mentoring/mentorships/{mentorship.id}").get_data(as_text=True)
    assert "Publish the first contracts by March." in page
    assert "We met and mapped the data owners." in page
    goal, note = db.session.scalars(db.select(MentorshipNote).order_by(MentorshipNote.id)).all()
    assert note.met_on.isoformat() == "2025-02-03"
    goal, note = goal.id, note.id
    assert olga.post(f"/mentoring/mentorships/{mentorship.id}/notes/{goal}/delete").status_code == 404
    assert rita.post(f"/mentoring/mentorships/{mentorship.id}/notes/{goal}/delete").status_code == 302
    assert db.session.get(MentorshipNote, goal) is None
    stranger = client_as(make_user())
    assert (
        stranger.post(
            f"/mentoring/mentorships/{mentorship.id}/notes", data={"note-kind": "goal", "note-text": "Sneaky."}
        ).status_code
        == 404
    )
    assert stranger.post(f"/mentoring/mentorships/{mentorship.id}/notes/{note}/delete").status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"note-kind": "wish", "note-text": "A wish."},
        {"note-kind": "goal", "note-text": ""},
        {"note-kind": "goal", "note-text": "bad \x00 byte"},
        {"note-kind": "note", "note-text": "Met.", "note-met_on": "not a date"},
        {"note-kind": "note", "note-text": "Met.", "note-met_on": "1900-01-01"},
    ],
)
def test_bad_notes_are_refused(client_as, mentorship, requester, data):
    """Unknown kinds, empty text, control characters, bad dates: 422, nothing changes."""
    client = client_as(requester)
    before = snapshot()
    assert client.post(f"/mentoring/mentorships/{mentorship.id}/notes", data=data).status_code == 422
    assert changed_tables(before, snapshot()) == []


def test_notes_are_closed_after_cancel(client_as, mentorship, requester):
    """A cancelled mentorship's notes no longer change."""
    client = client_as(requester)
    client.post(f"/mentoring/mentorships/{mentorship.id}/cancel", data={})
    response = client.post(
        f"/mentoring/mentorships/{mentorship.id}/notes",
        data={"note-kind": "goal", "note-text": "Too late."},
        follow_redirects=True,
    )
    assert "can no longer change" in response.get_data(as_text=True)
