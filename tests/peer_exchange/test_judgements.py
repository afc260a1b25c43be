"""Each review decision and each participant's answer records exactly one judgement, with the score shown."""

from __future__ import annotations

from learning_hub.models import Judgement, MatchPair
from tests.peer_exchange.helpers import pairs_of


def _judgements(db) -> list[Judgement]:
    return list(db.session.scalars(db.select(Judgement).order_by(Judgement.id)))


def test_lock_and_reject_each_record_one_judgement_with_the_shown_score(
    cohort, start_run, as_coordinator, coordinator, db
):
    run = start_run()
    first, second = pairs_of(run)[:2]
    shown = {first.id: (first.score, first.a_excerpt, first.b_excerpt), second.id: (second.score,)}
    assert as_coordinator.post(f"/peers/runs/{run.id}/pairs/{first.id}/state", data={"state": "locked"}).status_code
    rows = _judgements(db)
    assert [(j.kind, j.label, j.actor_role, j.source_id) for j in rows] == [
        ("pair_lock", "keep", "coordinator", first.id)
    ]
    assert rows[0].score == shown[first.id][0]
    assert (rows[0].a_text, rows[0].b_text) == shown[first.id][1:]
    assert rows[0].actor_id == coordinator.id
    assert rows[0].list_key == f"run:{run.id}"
    as_coordinator.post(f"/peers/runs/{run.id}/pairs/{second.id}/state", data={"state": "rejected"})
    rows = _judgements(db)
    assert [(j.kind, j.label, j.source_id, j.score) for j in rows[1:]] == [
        ("pair_reject", "drop", second.id, shown[second.id][0])
    ]
    # Restoring undoes a decision and records nothing; locking an already locked pair is no new decision.
    as_coordinator.post(f"/peers/runs/{run.id}/pairs/{second.id}/state", data={"state": "suggested"})
    as_coordinator.post(f"/peers/runs/{run.id}/pairs/{first.id}/state", data={"state": "locked"})
    assert len(_judgements(db)) == 2


def test_swap_records_the_pair_dropped_and_the_pair_kept(cohort, start_run, as_coordinator, db):
    run = start_run(per_person="1")
    pairs = pairs_of(run)
    freed, target = pairs[0], pairs[1]
    as_coordinator.post(f"/peers/runs/{run.id}/pairs/{freed.id}/state", data={"state": "rejected"})
    kept = target.b_profile
    chosen = next(
        pid
        for pid in (freed.a_profile_id, freed.b_profile_id)
        if next(u for u in cohort.values() if u.profile.id == pid).profile.country != kept.country
    )
    old_score = target.score
    done = as_coordinator.post(
        f"/peers/runs/{run.id}/pairs/{target.id}/swap", data={"side": "a", "profile_id": str(chosen)}
    )
    assert done.status_code == 302
    new = db.session.scalars(db.select(MatchPair).where(MatchPair.run_id == run.id, MatchPair.origin == "swap")).one()
    rows = _judgements(db)[1:]  # after the rejection
    assert [(j.kind, j.label, j.source_id) for j in rows] == [
        ("swap_out", "drop", target.id),
        ("swap_in", "keep", new.id),
    ]
    assert rows[0].score == old_score
    assert rows[1].score == new.score  # the candidate's score the swap page showed, stored on the new pair


def test_participant_answers_record_one_judgement_each(cohort, start_run, as_coordinator, client_as, db):
    run = start_run()
    assert as_coordinator.post(f"/peers/runs/{run.id}/publish", data={"mode": "keep_new"}).status_code == 302
    pair = pairs_of(run)[0]
    a_user = next(u for u in cohort.values() if u.profile.id == pair.a_profile_id)
    b_user = next(u for u in cohort.values() if u.profile.id == pair.b_profile_id)
    before = len(_judgements(db))
    client_as(a_user).post(f"/peers/suggestions/{pair.id}/respond", data={"answer": "accept"})
    client_as(b_user).post(f"/peers/suggestions/{pair.id}/respond", data={"answer": "decline"})
    rows = _judgements(db)[before:]
    assert [(j.kind, j.label, j.actor_role, j.actor_id, j.score) for j in rows] == [
        ("sugg_accept", "keep", "participant", a_user.id, pair.score),
        ("sugg_decline", "drop", "participant", b_user.id, pair.score),
    ]
