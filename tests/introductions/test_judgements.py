"""Answering an introduction request records one judgement (no score was shown with a request, so none is kept)."""

from __future__ import annotations

from learning_hub.models import Introduction, Judgement
from tests.factories import make_user
from tests.helpers import login

MESSAGE = "Hello, I work on open contracting in Kenya and would like to compare notes with you."


def test_accept_and_decline_record_one_judgement_each(app, db):
    ana = make_user("ana.j@example.org", display_name="Ana", country="CO", challenges=["Contracts are secret."])
    ben = make_user("ben.j@example.org", display_name="Ben", country="KE", reforms=["We publish contracts."])
    cyd = make_user("cyd.j@example.org", display_name="Cyd", country="PH", reforms=["Open budgets."])
    for recipient in (ben, cyd):
        response = login(app.test_client(), ana).post(
            f"/introductions/ask/{recipient.profile.id}", data={"purpose": "peer_exchange", "message": MESSAGE}
        )
        assert response.status_code == 302
    to_ben, to_cyd = db.session.scalars(db.select(Introduction).order_by(Introduction.id)).all()
    login(app.test_client(), ben).post(f"/introductions/{to_ben.id}/answer", data={"answer": "accept"})
    login(app.test_client(), cyd).post(f"/introductions/{to_cyd.id}/answer", data={"answer": "decline"})
    rows = db.session.scalars(db.select(Judgement).order_by(Judgement.id)).all()
    assert [(j.kind, j.label, j.actor_role, j.actor_id, j.source_id, j.score) for j in rows] == [
        ("intro_accept", "keep", "participant", ben.id, to_ben.id, None),
        ("intro_decline", "drop", "participant", cyd.id, to_cyd.id, None),
    ]
    assert rows[0].a_text == MESSAGE
    assert (rows[1].a_profile_id, rows[1].b_profile_id) == (ana.profile.id, cyd.profile.id)
