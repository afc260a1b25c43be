"""A run as a coordinator reads it: plain words and one score scale in view, the engine's own figures behind
"How this list was made", numbers in the reader's locale, and one "matched" figure on every page."""

from __future__ import annotations

import re

from learning_hub.models import Job, MatchRun
from tests.peer_exchange.helpers import RUN_DEFAULTS, pairs_of

JARGON = ("Upper bound (LP)", "objective", "Greedy total", "greedy total", "encoder")


def text_of_html(html: str) -> str:
    """What a reader sees: the text without tags and their attributes."""
    return re.sub(r"<[^>]+>", " ", html)


def text_of(response) -> str:
    return text_of_html(response.get_data(as_text=True))


def _outside_disclosure(page: str) -> str:
    return re.sub(r'<details class="how-made">.*?</details>', "", page, flags=re.S)


def test_raw_encoder_string_and_engine_jargon_are_behind_how_this_list_was_made(cohort, start_run, as_coordinator):
    run = start_run()
    page = as_coordinator.get(f"/peers/runs/{run.id}").get_data(as_text=True)
    assert "How this list was made" in page
    visible = _outside_disclosure(page)
    assert run.encoder not in visible
    for word in JARGON:
        assert word not in text_of_html(visible), word
    assert run.encoder in page  # still there for whoever opens the disclosure
    assert "Fit says how closely two people" in page  # the one score scale, explained where scores appear


def test_countries_appear_once_under_parameters(cohort, start_run, as_coordinator):
    run = start_run()
    page = as_coordinator.get(f"/peers/runs/{run.id}").get_data(as_text=True)
    parameters = page[page.index('id="params-heading"') :]
    parameters = parameters[: parameters.index("</section>")]
    assert parameters.count("<dt>Countries</dt>") == 1


def test_pair_scores_show_as_percentages_not_bare_decimals(cohort, start_run, as_coordinator):
    run = start_run()
    page = text_of(as_coordinator.get(f"/peers/runs/{run.id}"))
    assert re.search(r"\b\d{1,3}%", page)
    assert not re.search(r"\b0\.\d{3}\b", page), re.findall(r".{20}\b0\.\d{3}\b", page)[:3]


def test_numbers_are_not_localised_on_the_french_run_page(cohort, start_run, client_as, coordinator, db):
    """The French run page writes no figure with a decimal point ("23.497" beside "0,321" before)."""
    run = start_run()
    coordinator.locale = "fr"
    db.session.commit()
    page = text_of(client_as(coordinator).get(f"/peers/runs/{run.id}"))
    assert not re.search(r"\d\.\d{2,3}\b", page), re.findall(r".{30}\d\.\d{2,3}\b.{10}", page)[:5]
    assert re.search(r"\d\s?%", page)


def test_runs_list_and_health_panel_agree_on_matched_counts(cohort, start_run, as_coordinator, db):
    """After the coordinator rejects someone's only pairs, the runs list, the run page and the health panel
    all give the same number of people matched."""
    run = start_run(per_person="1")
    pair = pairs_of(run)[0]
    as_coordinator.post(f"/peers/runs/{run.id}/pairs/{pair.id}/state", data={"state": "rejected"})
    db.session.refresh(run)
    expected = run.matched_people - 2  # the two people of the rejected pair have no other pair (one pair each)
    runs_page = text_of(as_coordinator.get("/peers/runs"))
    assert f"{expected} / {run.matchable_people}" in runs_page
    health = text_of(as_coordinator.get(f"/peers/runs/{run.id}/health"))
    assert f"{expected} of {run.matchable_people} people" in health
    run_page = text_of(as_coordinator.get(f"/peers/runs/{run.id}"))
    assert f"{expected} of the {run.matchable_people} who have at least one possible partner" in run_page


def test_waiting_to_start_is_not_shown_beside_working_progress(cohort, as_coordinator, coordinator, db):
    job = Job(kind="peer_exchange.run", status="running", progress=0)
    db.session.add(job)
    db.session.commit()
    pending = MatchRun(
        params=dict(RUN_DEFAULTS, per_person=2), created_by_id=coordinator.id, status="pending", job_id=job.id
    )
    db.session.add(pending)
    db.session.commit()
    page = text_of(as_coordinator.get(f"/peers/runs/{pending.id}"))
    assert "Working: 0%" in page
    assert "Waiting to start" not in page
