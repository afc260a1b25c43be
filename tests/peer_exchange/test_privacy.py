"""Personal data of the peer exchange: "download my data" and account deletion (past pairs stay in the
coordinators' history as "former member")."""

from __future__ import annotations

import json

from learning_hub.models import HeldPair, MatchPair, MatchRun, MatchRunMember
from tests.factories import DEFAULT_PASSWORD
from tests.peer_exchange.helpers import pairs_of


def _introduce(client_as, cohort, pair):
    by_profile = {user.profile.id: user for user in cohort.values()}
    a, b = by_profile[pair.a_profile_id], by_profile[pair.b_profile_id]
    for user in (a, b):
        client_as(user).post(f"/peers/suggestions/{pair.id}/respond", data={"answer": "accept"})
    return a, b


def test_my_data_lists_my_pairs_and_names_peers_only_after_introduction(cohort, start_run, as_coordinator, client_as):
    """My pairs with my answers; the peer is named only once we were introduced; coordinators see their runs."""
    run = start_run()
    as_coordinator.post(f"/peers/runs/{run.id}/publish", data={})
    first, _second = pairs_of(run)[:2]
    a, b = _introduce(client_as, cohort, first)
    data = json.loads(client_as(a).get("/account?format=json").get_data(as_text=True))["peer_exchange"]
    mine = {entry["score"]: entry for entry in data["pairs"]}
    assert mine[first.score]["peer"] == b.profile.display_name
    assert mine[first.score]["your_answer"] == "accepted"
    assert data["held_pairs"] == [{"with": b.profile.display_name, "held_at": data["held_pairs"][0]["held_at"]}]
    others = [entry for entry in data["pairs"] if entry["score"] != first.score]
    assert all(entry["peer"] is None for entry in others)
    coordinator_data = json.loads(as_coordinator.get("/account?format=json").get_data(as_text=True))
    assert coordinator_data["peer_exchange"]["runs_created"] == [run.id]


def test_deleted_member_stays_in_history_as_former_member(cohort, start_run, as_coordinator, client_as, db):
    """Deleting an account anonymises their side of past pairs and removes held pairs and memberships."""
    run = start_run()
    top = pairs_of(run)[0]
    as_coordinator.post(f"/peers/runs/{run.id}/pairs/{top.id}/state", data={"state": "locked"})
    as_coordinator.post(f"/peers/runs/{run.id}/publish", data={})
    a, b = _introduce(client_as, cohort, top)
    gone_profile = a.profile.id
    gone_name, gone_email = a.profile.display_name, a.email
    response = client_as(a).post("/account", data={"delete-password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    pair = db.session.get(MatchPair, top.id)
    assert pair.a_profile_id is None
    assert pair.a_excerpt == ""
    assert pair.a_response is None
    assert pair.a_sector is None
    assert pair.b_profile_id == b.profile.id
    assert pair.score == top.score
    assert pair.introduced_at is not None
    assert pair.a_country == top.a_country  # kept for the run's country figures
    assert db.session.scalar(db.select(db.func.count(HeldPair.id))) == 0
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(MatchRunMember).where(MatchRunMember.profile_id == gone_profile)
        )
        == 0
    )
    page = as_coordinator.get(f"/peers/runs/{run.id}").get_data(as_text=True)
    assert "former member" in page
    assert gone_name not in page
    for query in ("", "?personal=1"):
        body = as_coordinator.get(f"/peers/runs/{run.id}/export.csv{query}").get_data(as_text=True)
        assert "former member" in body
        assert gone_email not in body
        assert gone_name not in body
    assert as_coordinator.get(f"/peers/runs/{run.id}/health").status_code == 200
    # A re-run no longer carries the deleted person's lock, and the peer no longer sees the pair.
    as_coordinator.post(f"/peers/runs/{run.id}/rerun", data={"per_person": "2", "min_score": ""})
    child = db.session.scalars(db.select(MatchRun).where(MatchRun.parent_id == run.id)).one()
    assert child.status == "ready"
    assert all(gone_profile not in p for p in child.lock_pairs)
    assert client_as(b).get(f"/peers/suggestions/{top.id}").status_code == 404
