"""Mentoring in "download my data" and account deletion (learning_hub/mentoring/privacy.py says what is kept)."""

from __future__ import annotations

import json

import pytest

from learning_hub import engine
from learning_hub.mentoring import seats
from learning_hub.models import (
    EmbeddingCacheEntry,
    MentorAssignmentRow,
    MentoringRequest,
    MentorOffer,
    MentorshipFeedback,
    MentorshipNote,
)
from matching import cache_key
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.mentoring.helpers import TOPICS, pending_offer, send_request

NEED = TOPICS["contracts"][0]


@pytest.fixture
def history(client_as, mentors, requester):
    """Rita: one completed mentorship with Olga (rated, with notes), one active with Peter, one pending with Nadia."""
    rita = client_as(requester)
    done = send_request(rita, NEED, mentors["Olga"])
    olga = client_as(mentors["Olga"])
    olga.post(f"/mentoring/offers/{pending_offer(done.id).id}/answer", data={"answer": "accept"})
    rita.post(f"/mentoring/mentorships/{done.id}/notes", data={"note-kind": "goal", "note-text": "Rita's goal."})
    olga.post(f"/mentoring/mentorships/{done.id}/notes", data={"note-kind": "note", "note-text": "Olga's note."})
    rita.post(
        f"/mentoring/mentorships/{done.id}/complete",
        data={"complete-rating": "5", "complete-comment": "Olga helped a lot."},
    )
    olga.post(
        f"/mentoring/mentorships/{done.id}/feedback",
        data={"feedback-rating": "4", "feedback-comment": "Rita worked hard."},
    )
    active = send_request(rita, TOPICS["ownership"][0], mentors["Peter"])
    client_as(mentors["Peter"]).post(
        f"/mentoring/offers/{pending_offer(active.id).id}/answer", data={"answer": "accept"}
    )
    pending = send_request(rita, NEED, mentors["Nadia"])
    return {"done": done.id, "active": active.id, "pending": pending.id}


def _delete_account(client_as, user):
    response = client_as(user).post("/account", data={"delete-password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def test_export_has_requests_offers_feedback_and_notes(client_as, history, requester, mentors):
    """The requester's download holds their needs, choices, feedback and notes; the mentor's their offers."""
    data = json.loads(client_as(requester).get("/account?format=json").get_data(as_text=True))["mentoring"]
    assert {r["need"] for r in data["requests"]} == {NEED, TOPICS["ownership"][0]}
    assert [f["comment"] for f in data["feedback_given"]] == ["Olga helped a lot."]
    assert [n["text"] for n in data["notes"]] == ["Rita's goal."]
    olga = json.loads(client_as(mentors["Olga"]).get("/account?format=json").get_data(as_text=True))["mentoring"]
    assert olga["offers_received"][0]["requester"] == "Rita"
    assert olga["notes"][0]["text"] == "Olga's note."


def test_deleting_the_requester(client_as, history, requester, mentors, db):
    """Open requests go; mentorships stay anonymised; the active one is cancelled and Peter's seat freed."""
    engine.embed_texts([NEED])  # as the assignment job would have
    _delete_account(client_as, requester)
    assert db.session.get(MentoringRequest, history["pending"]) is None
    done = db.session.get(MentoringRequest, history["done"])
    active = db.session.get(MentoringRequest, history["active"])
    for m in (done, active):
        assert m.requester_id is None
        assert m.need == ""
        assert m.languages == []
        assert m.requester_country is None
    assert done.state == "completed"
    assert active.state == "cancelled"
    assert active.closed_by == "system"
    assert seats.load_of(mentors["Peter"].profile.id) == 0 == seats.active_count(mentors["Peter"].profile.id)
    feedback = db.session.execute(
        db.select(
            MentorshipFeedback.side, MentorshipFeedback.rating, MentorshipFeedback.comment, MentorshipFeedback.author_id
        ).order_by(MentorshipFeedback.side)
    ).all()
    assert feedback == [("mentee", 5, None, None), ("mentor", 4, None, mentors["Olga"].profile.id)]
    assert [n.text for n in db.session.scalars(db.select(MentorshipNote))] == ["Olga's note."]
    assert db.session.scalar(db.select(MentorOffer.need_excerpt).where(MentorOffer.request_id == done.id)) is None
    key = cache_key(engine.encoder(), NEED)
    assert db.session.get(EmbeddingCacheEntry, key) is None
    page = client_as(mentors["Olga"]).get(f"/mentoring/mentorships/{done.id}").get_data(as_text=True)
    assert "former member" in page
    assert "Olga&#39;s note." in page
    assert "Rita" not in page


def test_deleting_a_mentor(client_as, history, requester, mentors, runner, db, outbox):
    """Olga's and Peter's links go; Peter's active mentorship is cancelled; Nadia's pending offer is passed on."""
    _delete_account(client_as, mentors["Peter"])
    active = db.session.get(MentoringRequest, history["active"])
    assert active.state == "cancelled"
    assert active.mentor_id is None
    _delete_account(client_as, mentors["Nadia"])
    offer = db.session.scalar(db.select(MentorOffer).where(MentorOffer.request_id == history["pending"]))
    assert offer.state == "pending"
    assert offer.mentor_id is None
    assert offer.token_hash is None
    outbox.clear()
    result = runner.invoke(args=["mentoring", "expire"])
    assert "1 overdue offers expired" in result.output
    assert db.session.get(MentoringRequest, history["pending"]).state == "queued"
    assert [m.to for m in outbox] == ["rita@requests.example.org"]
    assert "A mentor did not answer" in outbox[0].text


def test_deleting_removes_assignment_rows(client_as, mentors, db):
    """A proposal that names a deleted mentor, or quotes a deleted requester's need, loses that row."""
    coordinator = make_user(roles=("coordinator",))
    asker = make_user()
    client = client_as(asker)
    from tests.mentoring.helpers import new_draft

    request_id = new_draft(client, TOPICS["budget"][0], ("id",))
    client.post(f"/mentoring/requests/{request_id}/submit", data={})
    client_as(coordinator).post("/mentoring/assignments")
    assert db.session.scalar(db.select(db.func.count(MentorAssignmentRow.id))) == 1
    _delete_account(client_as, asker)
    assert db.session.scalar(db.select(db.func.count(MentorAssignmentRow.id))) == 0


def test_deleted_mentor_leaves_the_suggestion_memo(app, client_as, mentors, requester):
    """The in-process vectors of mentors' reforms follow the mentor list: a deleted mentor's text goes at the next
    view."""
    from tests.mentoring.helpers import new_draft

    peter_text = mentors["Peter"].profile.reforms[0].text
    client = client_as(requester)
    assert "Peter" in client.get(f"/mentoring/requests/{new_draft(client, NEED)}").get_data(as_text=True)
    assert peter_text in app.extensions["mentoring_vectors"]
    _delete_account(client_as, mentors["Peter"])
    assert "Peter" not in client.get(f"/mentoring/requests/{new_draft(client, NEED)}").get_data(as_text=True)
    assert peter_text not in app.extensions["mentoring_vectors"]
