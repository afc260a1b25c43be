"""The health panel of a run through HTTP: coverage, score histogram, country matrix and load spread, as SVG and
as numbers in tables, readable without JavaScript."""

from __future__ import annotations

import re
from collections import Counter

from learning_hub.peer_exchange.health import country_matrix, score_bins
from tests.peer_exchange.helpers import COHORT, pairs_of


def test_health_panel_shows_every_figure_as_chart_and_text(cohort, start_run, as_coordinator):
    """Coverage against people with an eligible candidate, the histogram, the matrix and the load spread."""
    run = start_run()
    pairs = pairs_of(run)
    page = as_coordinator.get(f"/peers/runs/{run.id}/health").get_data(as_text=True)
    assert "<script" not in page
    assert page.count('<svg class="chart"') == 2
    assert (
        f"{run.matched_people} of {run.matchable_people} people who have at least one eligible candidate "
        f"have a pair ({len(COHORT)} people in the cohort)"
    ) in page
    histogram = dict(re.findall(r'<tr><th scope="row">(-?\d+%–-?\d+%)</th><td class="num">(\d+)</td>', page))
    assert sum(map(int, histogram.values())) == len(pairs)
    load = Counter(pid for p in pairs for pid in (p.a_profile_id, p.b_profile_id))
    spread = Counter(load.get(user.profile.id, 0) for name, user in cohort.items() if name in COHORT)
    for n in range(3):
        assert f'<tr><th scope="row">{n}</th><td class="num">{spread.get(n, 0)}</td></tr>' in page
    assert "the most anyone has is 2" in page
    assert "over the limit" not in page
    kenya = re.search(r'<tr><th scope="row">Kenya</th>(.*?)</tr>', page, re.S).group(1)
    total = int(re.findall(r"<strong>(\d+)</strong>", kenya)[0])
    assert total == sum(1 for p in pairs if "KE" in (p.a_country, p.b_country))
    assert 'class="num heat-' in page


def test_health_follows_the_review(cohort, start_run, as_coordinator):
    """Rejecting a pair lowers the active pair count the panel reports."""
    run = start_run()
    pair = pairs_of(run)[0]
    as_coordinator.post(f"/peers/runs/{run.id}/pairs/{pair.id}/state", data={"state": "rejected"})
    page = as_coordinator.get(f"/peers/runs/{run.id}/health").get_data(as_text=True)
    assert f"{len(pairs_of(run))} active pairs." in page
    assert as_coordinator.get("/peers/runs/999/health").status_code == 404


def test_bins_and_matrix_arithmetic():
    """Bins cover every score on round edges; the matrix is symmetric with the diagonal for same-country pairs."""
    bins = score_bins([0.12, 0.18, 0.31, 0.5])
    assert sum(b["count"] for b in bins) == 4
    assert bins[0]["low"] <= 0.12
    assert bins[-1]["high"] >= 0.5
    assert len(bins) <= 12
    assert score_bins([]) == []
    matrix = country_matrix([("KE", "CO"), ("KE", "CO"), ("KE", "KE"), (None, "CO")])
    cells = {(row["country"], c["country"]): c["count"] for row in matrix["rows"] for c in row["cells"]}
    assert cells[("KE", "CO")] == cells[("CO", "KE")] == 2
    assert cells[("KE", "KE")] == 1
    assert cells[("", "CO")] == 1
    assert matrix["countries"][-1] == ""
