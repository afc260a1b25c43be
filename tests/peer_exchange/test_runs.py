"""Match runs through HTTP: the form, the background job, what is stored, bad input, progress and failure."""

from __future__ import annotations

from collections import Counter

import pytest

import matching
from learning_hub.models import Job, MatchRun, MatchRunMember
from tests.helpers import changed_tables, snapshot
from tests.peer_exchange.helpers import COHORT, RUN_DEFAULTS, names, pairs_of


def test_new_run_form_defaults_to_cross_country(as_coordinator):
    """Cross-country and "exclude pairs that already happened" are on by default; two pairs per person."""
    page = as_coordinator.get("/peers/runs/new").get_data(as_text=True)
    assert '<input checked id="cross_country" name="cross_country" type="checkbox"' in page
    assert '<input checked id="exclude_held" name="exclude_held" type="checkbox"' in page
    assert 'name="per_person" required type="number" value="2"' in page


def test_run_pairs_listed_people_across_countries(cohort, start_run, db):
    """Only listed people take part; pairs cross countries; nobody has more than k; figures and version stored."""
    run = start_run(name="Cohort 1")
    assert run.status == "ready"
    assert run.error is None
    assert run.name == "Cohort 1"
    pairs = pairs_of(run)
    assert pairs
    people = Counter(name for pair in pairs for name in names(pair))
    assert "Hidden" not in people
    assert "Coordinator" not in people
    assert max(people.values()) <= 2
    assert all(pair.a_country != pair.b_country for pair in pairs)
    assert run.people == len(COHORT) == run.matchable_people
    assert run.violations == 0
    assert run.objective <= run.upper_bound + 1e-9
    assert run.matched_people == len(people)
    assert run.greedy_objective <= run.upper_bound + 1e-9
    assert run.min_pair_score == pytest.approx(min(p.score for p in pairs), abs=1e-6)
    assert run.seconds >= 0
    assert run.full_people <= run.matched_people
    assert run.engine_version == matching.__version__
    assert run.encoder.startswith("hashing")
    assert run.params == {
        "countries": [],
        "sectors": [],
        "policy_areas": [],
        "joined_since": None,
        "per_person": 2,
        "cross_country": True,
        "min_score": None,
        "exclude_held": True,
    }
    members = db.session.scalars(db.select(MatchRunMember.profile_id).where(MatchRunMember.run_id == run.id)).all()
    assert len(members) == len(COHORT)
    assert cohort["Hidden"].profile.id not in members
    assert run.job.status == "done"
    assert run.job.progress == 100
    top = pairs[0]
    assert top.a_excerpt
    assert top.b_excerpt
    assert top.terms


def test_second_run_embeds_nothing_new(cohort, start_run):
    """The job embeds only texts that are not cached yet."""
    first = start_run()
    second = start_run()
    assert first.details["texts_embedded"] == first.details["texts"] > 0
    assert second.details["texts_embedded"] == 0
    assert second.details["texts"] == first.details["texts"]


def test_cohort_filter_and_minimum_score(cohort, start_run):
    """Countries narrow the cohort; no pair scores under the minimum. The minimum is typed as a fit in percent and
    stored as the raw score it means (the suite's hashing encoder has no calibration: 35 % is a score of 0.35)."""
    run = start_run(countries=["KE", "CO"])
    assert run.people == 4
    assert {c for p in pairs_of(run) for c in (p.a_country, p.b_country)} <= {"KE", "CO"}
    floor = start_run(min_score="35")
    assert pairs_of(floor)
    assert all(p.score >= 0.35 for p in pairs_of(floor))
    assert floor.params["min_score"] == 0.35
    civil = start_run(sectors=["civil_society"])
    assert civil.people == sum(1 for spec in COHORT.values() if spec[1] == "civil_society")


def test_same_country_allowed_when_unchecked(cohort, as_coordinator, db):
    """Unticking cross-country is stored and honoured (the engine then allows same-country pairs)."""
    data = {k: v for k, v in RUN_DEFAULTS.items() if k != "cross_country"}
    response = as_coordinator.post("/peers/runs/new", data=data)
    assert response.status_code == 302
    run = db.session.scalars(db.select(MatchRun)).one()
    assert run.params["cross_country"] is False
    assert run.status == "ready"
    assert run.violations == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("per_person", "0"),
        ("per_person", "11"),
        ("per_person", "two"),
        ("min_score", "nan"),
        ("min_score", "101"),
        ("min_score", "-1"),
        ("countries", "XX"),
        ("sectors", "astronauts"),
        ("joined_since", "31/02/2024"),
        ("name", "bad\x00name"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(cohort, as_coordinator, field, value):
    """Each bad field: 422 naming the problem, no run and no job recorded."""
    before = snapshot()
    response = as_coordinator.post("/peers/runs/new", data=dict(RUN_DEFAULTS, **{field: value}))
    assert response.status_code == 422
    assert "Please correct the highlighted fields" in response.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []


def test_too_small_cohort_is_refused_before_any_work(cohort, as_coordinator):
    """A filter that selects fewer than two people says so and starts nothing."""
    before = snapshot()
    for data in (
        {"countries": ["KE"], "sectors": ["legislature"]},
        {"joined_since": "2999-01-01"},
        {"policy_areas": ["open_parliament"]},
        {"countries": ["GH"]},
    ):
        response = as_coordinator.post("/peers/runs/new", data=dict(RUN_DEFAULTS, **data))
        assert response.status_code == 422
        assert "a run needs at least 2" in response.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []


def test_progress_page_updates_in_place_until_finished(cohort, as_coordinator, coordinator, db, start_run):
    """A pending run shows the job's progress, updated in place by a script; a finished one has no script."""
    job = Job(kind="peer_exchange.run", status="running", progress=40, message="120/300")
    db.session.add(job)
    db.session.commit()
    pending = MatchRun(
        params=dict(RUN_DEFAULTS, per_person=2), created_by_id=coordinator.id, status="running", job_id=job.id
    )
    db.session.add(pending)
    db.session.commit()
    page = as_coordinator.get(f"/peers/runs/{pending.id}").get_data(as_text=True)
    assert "http-equiv" not in page
    assert f'data-job-url="/jobs/{job.id}" data-job-reload' in page
    assert "js/job-status.js" in page
    assert "Working: 40%" in page
    assert "120/300" in page
    done = start_run()
    page = as_coordinator.get(f"/peers/runs/{done.id}").get_data(as_text=True)
    assert "data-job-url" not in page
    assert "js/job-status.js" not in page
    assert "Total score of the list" in page


def test_runs_list_and_unknown_run(cohort, start_run, as_coordinator):
    """The list shows every run; an unknown run is 404."""
    run = start_run(name="March exchange")
    page = as_coordinator.get("/peers/runs").get_data(as_text=True)
    assert f"#{run.id} March exchange" in page
    assert "Ready for review" in page
    assert as_coordinator.get("/peers/runs/999").status_code == 404
    assert as_coordinator.get("/peers/runs?page=abc").status_code == 200


def test_a_lock_over_the_limit_fails_the_rerun_with_the_engines_message(cohort, start_run, as_coordinator, db):
    """Re-running with k=1 while someone has two locked pairs fails the run, naming that person's limit."""
    run = start_run()
    pairs = pairs_of(run)
    counts = Counter(p.a_profile_id for p in pairs) + Counter(p.b_profile_id for p in pairs)
    busy = next(pid for pid, n in counts.items() if n == 2)
    for pair in pairs:
        if busy in (pair.a_profile_id, pair.b_profile_id):
            as_coordinator.post(f"/peers/runs/{run.id}/pairs/{pair.id}/state", data={"state": "locked"})
    response = as_coordinator.post(f"/peers/runs/{run.id}/rerun", data={"per_person": "1", "min_score": ""})
    child = db.session.scalars(db.select(MatchRun).where(MatchRun.parent_id == run.id)).one()
    assert response.headers["Location"].endswith(f"/peers/runs/{child.id}")
    assert child.status == "failed"
    assert "2 locked pairs but at most 1" in child.error
    page = as_coordinator.get(f"/peers/runs/{child.id}").get_data(as_text=True)
    assert "The run failed." in page
    assert "locked pairs" in page
