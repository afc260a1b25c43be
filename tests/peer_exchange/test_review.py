"""Reviewing a run through HTTP: filters, lock, reject, restore, swap one person, re-run, publish, compare."""

from __future__ import annotations

import re
from collections import Counter

from learning_hub.models import AuditEvent, MatchPair, MatchRun
from learning_hub.models.peer_exchange import pair_key
from tests.helpers import changed_tables, snapshot
from tests.peer_exchange.helpers import names, pairs_of


def _set_state(client, run, pair, state):
    return client.post(f"/peers/runs/{run.id}/pairs/{pair.id}/state", data={"state": state})


def _key(pair) -> str:
    return pair_key(pair.a_profile_id, pair.b_profile_id)


def test_pairs_sorted_by_score_with_explanations(cohort, start_run, as_coordinator):
    """The review lists every pair, highest score first, with the matched sentences and the shared terms."""
    run = start_run()
    page = as_coordinator.get(f"/peers/runs/{run.id}").get_data(as_text=True)
    shown = [int(x) for x in re.findall(r'<td class="num">(\d{1,3})%<br>', page)]  # fit, as a percentage
    assert len(shown) == len(pairs_of(run))
    assert shown == sorted(shown, reverse=True)
    top = pairs_of(run)[0]
    assert top.a_excerpt in page
    assert top.b_excerpt in page
    assert all(term in page for term in top.terms)
    assert re.search(r"A(&#39;|')s challenge:", page)
    assert "Shared key terms:" in page


def test_filters_by_country_state_and_score_band(cohort, start_run, as_coordinator):
    """Filters narrow the list; unusable filter values are ignored with a note, never a 500."""
    run = start_run()
    pairs = pairs_of(run)
    _set_state(as_coordinator, run, pairs[0], "locked")

    def listed(query):
        page = as_coordinator.get(f"/peers/runs/{run.id}?{query}").get_data(as_text=True)
        return {int(x) for x in re.findall(r'<tr id="pair-(\d+)">', page)}, page

    kenya, _ = listed("country=KE")
    assert kenya == {p.id for p in pairs if "KE" in (p.a_country, p.b_country)}
    locked, _ = listed("state=locked")
    assert locked == {pairs[0].id}
    band, _ = listed("score_min=0.3&score_max=0.4")
    assert band == {p.id for p in pairs if 0.3 <= p.score <= 0.4}
    everything, page = listed("country=ZZ&state=eaten&score_min=abc&score_max=9")
    assert everything == {p.id for p in pairs}
    assert "Unknown country ignored." in page
    assert "Unknown state ignored." in page
    assert "“abc” was ignored" in page


def test_lock_reject_then_rerun_keeps_locks_and_excludes_rejections(cohort, start_run, as_coordinator, db):
    """A re-run is linked to its parent, keeps the locked pair and never suggests the rejected one, for generations."""
    run = start_run()
    first, second = pairs_of(run)[:2]
    assert _set_state(as_coordinator, run, first, "locked").status_code == 302
    assert _set_state(as_coordinator, run, second, "rejected").status_code == 302
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.state, second.state) == ("locked", "rejected")
    response = as_coordinator.post(f"/peers/runs/{run.id}/rerun", data={"per_person": "2", "min_score": ""})
    child = db.session.scalars(db.select(MatchRun).where(MatchRun.parent_id == run.id)).one()
    assert response.headers["Location"].endswith(f"/peers/runs/{child.id}")
    assert child.status == "ready"
    child_pairs = {_key(p): p for p in pairs_of(child)}
    assert child_pairs[_key(first)].state == "locked"
    assert _key(second) not in child_pairs
    assert child.violations == 0
    assert sorted([first.a_profile_id, first.b_profile_id]) in child.lock_pairs
    assert sorted([second.a_profile_id, second.b_profile_id]) in child.exclude_pairs
    as_coordinator.post(f"/peers/runs/{child.id}/rerun", data={"per_person": "2", "min_score": ""})
    grandchild = db.session.scalars(db.select(MatchRun).where(MatchRun.parent_id == child.id)).one()
    assert _key(second) not in {_key(p) for p in pairs_of(grandchild)}
    assert _key(first) in {_key(p) for p in pairs_of(grandchild)}
    page = as_coordinator.get(f"/peers/runs/{grandchild.id}").get_data(as_text=True)
    assert "re-run of" in page
    assert f'href="/peers/runs/{child.id}"' in page


def test_restore_and_bad_state(cohort, start_run, as_coordinator, db):
    """A rejected pair can be restored; an unknown state or another run's pair changes nothing."""
    run = start_run()
    pair = pairs_of(run)[0]
    _set_state(as_coordinator, run, pair, "rejected")
    _set_state(as_coordinator, run, pair, "suggested")
    db.session.refresh(pair)
    assert pair.state == "suggested"
    other = start_run()
    before = snapshot()
    response = _set_state(as_coordinator, run, pair, "eaten")
    assert response.status_code == 302
    assert "Choose to lock, reject or restore" in as_coordinator.get(response.headers["Location"]).get_data(True)
    assert _set_state(as_coordinator, other, pair, "locked").status_code == 404
    assert as_coordinator.post(f"/peers/runs/{run.id}/pairs/99999/state", data={"state": "locked"}).status_code == 404
    assert changed_tables(before, snapshot()) == []
    db.session.refresh(pair)
    assert pair.state == "suggested"


def test_swap_one_person_respects_every_constraint(cohort, start_run, as_coordinator, db):
    """Candidates have room, come from another country than the person kept and were never paired with them;
    swapping locks the new pair and rejects the old one; an ineligible choice is refused with nothing changed."""
    run = start_run(per_person="1")
    pairs = pairs_of(run)
    freed, target = pairs[0], pairs[1]
    _set_state(as_coordinator, run, freed, "rejected")  # two people now have room
    page = as_coordinator.get(f"/peers/runs/{run.id}/pairs/{target.id}/swap?side=a")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    offered = {int(x) for x in re.findall(r'name="profile_id" value="(\d+)"', text)}
    kept = target.b_profile
    room = {freed.a_profile_id, freed.b_profile_id}
    eligible = {pid for pid in room if cohort_country(cohort, pid) != kept.country}
    assert offered
    assert offered == eligible
    assert cohort["Hidden"].profile.id not in offered
    # Someone at capacity (the other pairs' people) cannot be swapped in.
    busy = pairs[2].a_profile_id
    before = snapshot()
    refused = as_coordinator.post(
        f"/peers/runs/{run.id}/pairs/{target.id}/swap", data={"side": "a", "profile_id": str(busy)}
    )
    assert refused.status_code == 422
    assert "cannot replace" in refused.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []
    chosen = sorted(offered)[0]
    done = as_coordinator.post(
        f"/peers/runs/{run.id}/pairs/{target.id}/swap", data={"side": "a", "profile_id": str(chosen)}
    )
    assert done.status_code == 302
    db.session.refresh(target)
    new = db.session.scalars(db.select(MatchPair).where(MatchPair.run_id == run.id, MatchPair.origin == "swap")).one()
    assert target.state == "rejected"
    assert new.state == "locked"
    assert {new.a_profile_id, new.b_profile_id} == {chosen, kept.id}
    assert new.a_excerpt
    assert new.b_excerpt
    load = Counter(pid for p in pairs_of(run) for pid in (p.a_profile_id, p.b_profile_id))
    assert max(load.values()) == 1
    # Restoring the old pair would give the kept person a second pair: refused.
    response = _set_state(as_coordinator, run, target, "suggested")
    assert "already has 1 pairs" in as_coordinator.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(target)
    assert target.state == "rejected"


def cohort_country(cohort, profile_id):
    return next(user.profile.country for user in cohort.values() if user.profile.id == profile_id)


def test_swap_page_edge_cases(cohort, start_run, as_coordinator):
    """A bad side is 422; a missing pair 404; an empty POST asks for a choice."""
    run = start_run()
    pair = pairs_of(run)[0]
    assert as_coordinator.get(f"/peers/runs/{run.id}/pairs/{pair.id}/swap?side=c").status_code == 422
    assert as_coordinator.get(f"/peers/runs/{run.id}/pairs/99999/swap?side=a").status_code == 404
    empty = as_coordinator.post(f"/peers/runs/{run.id}/pairs/{pair.id}/swap", data={})
    assert empty.status_code == 422
    assert "Choose a replacement" in empty.get_data(as_text=True)


def test_published_run_is_frozen(cohort, start_run, as_coordinator, db):
    """After publishing, lock/reject/swap are refused and a second publish is a conflict; re-run still works."""
    run = start_run()
    pair = pairs_of(run)[0]
    response = as_coordinator.post(f"/peers/runs/{run.id}/publish", data={})
    assert response.status_code == 302
    db.session.refresh(run)
    assert run.status == "published"
    assert run.published_at is not None
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "peer_exchange.published")).all()
    assert (event.actor_email, event.target_type, event.target_id) == (
        "coord@peers.example.org",
        "match_run",
        str(run.id),
    )
    assert event.details["pairs"] == len(pairs_of(run))
    before = snapshot()
    response = _set_state(as_coordinator, run, pair, "rejected")
    assert "can no longer be changed" in as_coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert as_coordinator.get(f"/peers/runs/{run.id}/pairs/{pair.id}/swap?side=a").status_code == 409
    again = as_coordinator.post(f"/peers/runs/{run.id}/publish", data={}, follow_redirects=True)
    assert "Only a finished, unpublished run can be published." in again.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []
    page = as_coordinator.get(f"/peers/runs/{run.id}").get_data(as_text=True)
    assert "Swap A" not in page
    assert "Answers" in page
    as_coordinator.post(f"/peers/runs/{run.id}/rerun", data={"per_person": "2", "min_score": ""})
    assert db.session.scalars(db.select(MatchRun).where(MatchRun.parent_id == run.id)).one().status == "ready"


def test_rerun_bad_input_changes_nothing(cohort, start_run, as_coordinator):
    """A re-run with an unusable limit is refused with the reason; unknown runs are 404."""
    run = start_run()
    before = snapshot()
    response = as_coordinator.post(
        f"/peers/runs/{run.id}/rerun", data={"per_person": "0", "min_score": "x"}, follow_redirects=True
    )
    assert "Choose between 1 and 10 pairs per person." in response.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []
    assert as_coordinator.post("/peers/runs/999/rerun", data={"per_person": "2"}).status_code == 404


def test_compare_two_runs(cohort, start_run, as_coordinator, db):
    """Kept, added and dropped pairs between a run and its re-run, and the figures side by side."""
    run = start_run()
    rejected = pairs_of(run)[0]
    _set_state(as_coordinator, run, rejected, "rejected")
    as_coordinator.post(f"/peers/runs/{run.id}/rerun", data={"per_person": "2", "min_score": ""})
    child = db.session.scalars(db.select(MatchRun).where(MatchRun.parent_id == run.id)).one()
    left = {_key(p) for p in pairs_of(run)}
    right = {_key(p) for p in pairs_of(child)}
    page = as_coordinator.get(f"/peers/runs/compare?a={run.id}&b={child.id}").get_data(as_text=True)
    assert f"{len(left & right)} pairs kept, {len(right - left)} added, {len(left - right)} dropped." in page
    assert "Total score of the list" in page
    assert f"{child.objective:.3f}" in page
    assert as_coordinator.get("/peers/runs/compare").status_code == 200
    assert as_coordinator.get("/peers/runs/compare?a=x&b=1").status_code == 422
    assert as_coordinator.get(f"/peers/runs/compare?a={run.id}&b=999").status_code == 404
    assert sorted(names(rejected)) not in [sorted(names(p)) for p in pairs_of(child)]
