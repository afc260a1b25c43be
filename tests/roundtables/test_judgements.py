"""An organiser's pin or removal records one judgement with the relevance shown; unpin and restore record none."""

from __future__ import annotations

from learning_hub.models import Judgement
from tests.roundtables.helpers import create, rows


def _act(client, rt_id: int, profile_id: int, action: str):
    return client.post(f"/roundtables/{rt_id}/people/{profile_id}", data={"action": action})


def test_pin_and_remove_record_the_relevance_shown(client_as, directory, organiser, db):
    client = client_as(organiser)
    rt = create(client)
    invitee = rows(rt.id, "invitee")[0]
    removed, removed_relevance, removed_excerpt = invitee.profile_id, invitee.relevance, invitee.excerpt
    assert _act(client, rt.id, removed, "exclude").status_code == 302
    substitute = rows(rt.id, "substitute")[-1]
    pinned, pinned_relevance = substitute.profile_id, substitute.relevance
    _act(client, rt.id, pinned, "pin")
    _act(client, rt.id, pinned, "unpin")
    _act(client, rt.id, removed, "include")
    found = db.session.scalars(db.select(Judgement).order_by(Judgement.id)).all()
    assert [(j.kind, j.label, j.actor_role, j.actor_id, j.b_profile_id) for j in found] == [
        ("invitee_remove", "drop", "organiser", organiser.id, removed),
        ("invitee_pin", "keep", "organiser", organiser.id, pinned),
    ]
    assert [j.score for j in found] == [removed_relevance, pinned_relevance]
    assert found[0].b_text == removed_excerpt
    assert {j.list_key for j in found} == {f"roundtable:{rt.id}"}
