"""Every allowed and every forbidden transition, through HTTP: each action is tried from every state; it succeeds
exactly where the state machine allows it, and elsewhere it is refused with the database unchanged."""

from __future__ import annotations

import pytest

from learning_hub.mentoring.states import OFFER_MOVES, REQUEST_DELETES, REQUEST_MOVES
from learning_hub.models import MentoringRequest, MentorOffer, OfferState, RequestState
from tests.helpers import changed_tables, snapshot
from tests.mentoring.helpers import TOPICS, make_overdue, new_draft, pending_offer, send_request

NEED = TOPICS["contracts"][0]
REQUEST_STATES = [s.value for s in RequestState]
OFFER_STATES = [s.value for s in OfferState]

# The specification, written out: action -> states it may start from (-> the state it leads to).
ALLOWED = {
    "submit": {"draft"},
    "discard": {"draft"},
    "withdraw": {"pending", "queued"},
    "complete": {"active"},
    "cancel": {"active"},
    "feedback": {"completed"},
}
RESULT = {
    "submit": "queued",
    "discard": None,
    "withdraw": "withdrawn",
    "complete": "completed",
    "cancel": "cancelled",
    "feedback": "completed",
}
OFFER_ALLOWED = {"accept": {"pending"}, "decline": {"pending"}}


def test_the_specification_matches_the_service_tables():
    """The tables in states.py say the same as this test's specification."""
    services = {a: {s.value for s in allowed} for a, (allowed, _target) in REQUEST_MOVES.items()}
    assert services["submit"] == ALLOWED["submit"]
    assert services["withdraw"] == ALLOWED["withdraw"]
    assert services["complete"] == ALLOWED["complete"]
    assert services["cancel"] == ALLOWED["cancel"]
    assert {s.value for s in REQUEST_DELETES["discard"]} == ALLOWED["discard"]
    assert services["accept"] == {"pending"}
    assert services["offer"] == {"queued"}
    assert services["queue"] == {"draft", "pending"}
    assert services["pass_on"] == {"pending"}
    assert {s.value for s in OFFER_MOVES["accept"][0]} == OFFER_ALLOWED["accept"]
    assert {s.value for s in OFFER_MOVES["decline"][0]} == OFFER_ALLOWED["decline"]


@pytest.fixture
def clients(client_as, mentors, requester) -> dict:
    """Signed-in clients, made before any snapshot (signing in writes a session row)."""
    return {"rita": client_as(requester), "olga": client_as(mentors["Olga"]), "peter": client_as(mentors["Peter"])}


def _request_in(state: str, clients, mentors) -> MentoringRequest:
    rita, olga = clients["rita"], clients["olga"]
    if state == "draft":
        return _get(new_draft(rita, NEED))
    if state == "queued":
        request_id = new_draft(rita, NEED)
        rita.post(f"/mentoring/requests/{request_id}/submit", data={})
        return _get(request_id)
    request = send_request(rita, NEED, mentors["Olga"])
    if state == "withdrawn":
        rita.post(f"/mentoring/requests/{request.id}/withdraw")
    elif state in ("active", "completed", "cancelled"):
        olga.post(f"/mentoring/offers/{pending_offer(request.id).id}/answer", data={"answer": "accept"})
        if state == "completed":
            rita.post(
                f"/mentoring/mentorships/{request.id}/complete",
                data={"complete-rating": "4", "complete-comment": "Good."},
            )
        elif state == "cancelled":
            rita.post(f"/mentoring/mentorships/{request.id}/cancel", data={})
    request = _get(request.id)
    assert request.state == state
    return request


def _get(request_id: int) -> MentoringRequest:
    from learning_hub.extensions import db

    return db.session.get(MentoringRequest, request_id)


def _act(action: str, request: MentoringRequest, clients):
    """The action as the person who would take it: the requester, or the mentor for the mentorship's end."""
    if action in ("submit", "discard", "withdraw"):
        return clients["rita"].post(f"/mentoring/requests/{request.id}/{action}", data={})
    if action == "complete":
        return clients["olga"].post(
            f"/mentoring/mentorships/{request.id}/complete", data={"complete-rating": "5", "complete-comment": "Done."}
        )
    if action == "cancel":
        return clients["olga"].post(f"/mentoring/mentorships/{request.id}/cancel", data={})
    return clients["olga"].post(
        f"/mentoring/mentorships/{request.id}/feedback", data={"feedback-rating": "5", "feedback-comment": "Done."}
    )


@pytest.mark.parametrize("state", REQUEST_STATES)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_request_transitions(action, state, clients, mentors, db):
    """`action` from `state`: allowed -> the expected state; forbidden -> refused (404, 422 or a flashed refusal)
    and nothing in the database changes."""
    request = _request_in(state, clients, mentors)
    request_id = request.id
    before = snapshot()
    response = _act(action, request, clients)
    after = db.session.get(MentoringRequest, request_id)
    if state in ALLOWED[action]:
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        assert (after.state if after is not None else None) == RESULT[action]
        if action == "feedback":
            assert {f.side for f in after.feedback} == {"mentee", "mentor"}
    else:
        assert response.status_code in (302, 404, 422)
        assert changed_tables(before, snapshot()) == [], f"{action} from {state} changed the database"
        assert after.state == state


def _offer_in(state: str, clients, mentors, runner) -> MentorOffer:
    """Peter's offer in `state` (Peter is the second choice after Olga)."""
    rita, olga, peter = clients["rita"], clients["olga"], clients["peter"]
    choices = [mentors["Olga"], mentors["Peter"]]
    request = send_request(rita, NEED, *choices)
    first = pending_offer(request.id)
    if state == "waiting":
        pass
    elif state == "closed":
        olga.post(f"/mentoring/offers/{first.id}/answer", data={"answer": "accept"})
    elif state == "skipped":
        peter.post("/mentoring/availability", data={"available": "0"})
        olga.post(f"/mentoring/offers/{first.id}/answer", data={"answer": "decline"})
    else:
        olga.post(f"/mentoring/offers/{first.id}/answer", data={"answer": "decline"})
        second = pending_offer(request.id)
        if state == "accepted":
            peter.post(f"/mentoring/offers/{second.id}/answer", data={"answer": "accept"})
        elif state == "declined":
            peter.post(f"/mentoring/offers/{second.id}/answer", data={"answer": "decline"})
        elif state == "expired":
            make_overdue(request.id)
            runner.invoke(args=["mentoring", "expire"])
    from learning_hub.extensions import db

    offer = db.session.scalar(
        db.select(MentorOffer).where(
            MentorOffer.request_id == request.id, MentorOffer.mentor_id == mentors["Peter"].profile.id
        )
    )
    assert offer.state == state
    return offer


@pytest.mark.parametrize("state", OFFER_STATES)
@pytest.mark.parametrize("answer", sorted(OFFER_ALLOWED))
def test_offer_transitions(answer, state, clients, mentors, runner, db):
    """Accept or decline from every offer state, from the inbox."""
    offer = _offer_in(state, clients, mentors, runner)
    offer_id = offer.id
    before = snapshot()
    response = clients["peter"].post(f"/mentoring/offers/{offer_id}/answer", data={"answer": answer})
    after = db.session.get(MentorOffer, offer_id)
    if state in OFFER_ALLOWED[answer]:
        assert response.status_code == 302
        assert after.state == {"accept": "accepted", "decline": "declined"}[answer]
    else:
        # Offers never shown to the mentor (waiting, skipped) are 404; answered ones are refused with a flash.
        assert response.status_code == (404 if state in ("waiting", "skipped") else 302)
        assert changed_tables(before, snapshot()) == []
        assert after.state == state
