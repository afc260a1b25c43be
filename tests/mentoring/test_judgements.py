"""A mentor's accept or decline records one judgement, with the score and the sentences the offer showed."""

from __future__ import annotations

from learning_hub.models import Judgement
from tests.mentoring.helpers import TOPICS, pending_offer, send_request

NEED = TOPICS["contracts"][0]


def _judgements(db) -> list[Judgement]:
    return list(db.session.scalars(db.select(Judgement).order_by(Judgement.id)))


def test_decline_then_accept_record_one_judgement_each(client_as, mentors, requester, db):
    request = send_request(client_as(requester), NEED, mentors["Olga"], mentors["Peter"])
    first = pending_offer(request.id)
    shown = (first.id, first.score, first.need_excerpt or "", first.experience_excerpt or "")
    client_as(mentors["Olga"]).post(f"/mentoring/offers/{first.id}/answer", data={"answer": "decline", "reason": ""})
    second = pending_offer(request.id)
    second_shown = (second.id, second.score)
    client_as(mentors["Peter"]).post(f"/mentoring/offers/{second.id}/answer", data={"answer": "accept"})
    rows = _judgements(db)
    assert [(j.kind, j.label, j.actor_role) for j in rows] == [
        ("mentor_decline", "drop", "mentor"),
        ("mentor_accept", "keep", "mentor"),
    ]
    assert (rows[0].source_id, rows[0].score, rows[0].a_text, rows[0].b_text) == shown
    assert (rows[1].source_id, rows[1].score) == second_shown
    assert rows[0].actor_id == mentors["Olga"].id
    assert rows[1].actor_id == mentors["Peter"].id
    assert {j.list_key for j in rows} == {f"request:{request.id}"}
    assert rows[1].a_profile_id == requester.profile.id
    assert rows[1].b_profile_id == mentors["Peter"].profile.id


def test_answering_twice_records_nothing_more(client_as, mentors, requester, db):
    request = send_request(client_as(requester), NEED, mentors["Olga"])
    offer = pending_offer(request.id)
    olga = client_as(mentors["Olga"])
    olga.post(f"/mentoring/offers/{offer.id}/answer", data={"answer": "accept"})
    olga.post(f"/mentoring/offers/{offer.id}/answer", data={"answer": "decline"})
    assert [j.kind for j in _judgements(db)] == ["mentor_accept"]


def test_account_deletion_deletes_the_judgements_by_and_about_the_person(client_as, mentors, requester, db):
    from tests.factories import DEFAULT_PASSWORD

    request = send_request(client_as(requester), NEED, mentors["Olga"], mentors["Peter"])
    first = pending_offer(request.id)
    client_as(mentors["Olga"]).post(f"/mentoring/offers/{first.id}/answer", data={"answer": "decline", "reason": ""})
    assert len(_judgements(db)) == 1
    response = client_as(mentors["Olga"]).post("/account", data={"delete-password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert _judgements(db) == []  # made by Olga (and about the requester, who stays)
