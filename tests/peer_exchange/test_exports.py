"""Exports of a run through HTTP: CSV and XLSX, with and without personal data, neutralised against formulas."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from learning_hub.peer_exchange.exports import ANONYMOUS_COLUMNS, PERSONAL_COLUMNS, scrub
from learning_hub.spreadsheets import FORMULA_STARTS
from tests.factories import make_user
from tests.peer_exchange.helpers import TOPICS, pairs_of


def _csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def _xlsx(response):
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.get_data()), read_only=False)


def test_csv_with_personal_data(cohort, start_run, as_coordinator):
    """Names and emails, both people's countries and sectors, scores and the explanation, one row per pair."""
    run = start_run()
    response = as_coordinator.get(f"/peers/runs/{run.id}/export.csv?personal=1")
    assert 'filename="peer-exchange-run-1-personal.csv"' in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert tuple(rows[0]) == PERSONAL_COLUMNS
    assert len(rows) == len(pairs_of(run))
    top = pairs_of(run)[0]
    assert rows[0]["a_name"] == top.a_profile.display_name
    assert rows[0]["a_email"] == top.a_profile.user.email
    assert float(rows[0]["score"]) == round(top.score, 4)
    assert rows[0]["a_challenge_excerpt"] == top.a_excerpt
    assert rows[0]["shared_terms"] == "; ".join(top.terms)


def test_csv_without_personal_data(cohort, start_run, as_coordinator):
    """Pseudonymous ids (stable within a run, different across runs), no name and no email anywhere."""
    run, other = start_run(), start_run()
    response = as_coordinator.get(f"/peers/runs/{run.id}/export.csv")
    body = response.get_data(as_text=True)
    rows = _csv(response)
    assert tuple(rows[0]) == ANONYMOUS_COLUMNS
    assert len(rows) == len(pairs_of(run))
    for user in cohort.values():
        assert user.email not in body
        assert user.profile.display_name not in body
    ids = {row["a_id"] for row in rows} | {row["b_id"] for row in rows}
    assert all(re.fullmatch(r"P[0-9a-f]{10}", x) for x in ids)
    assert rows == _csv(as_coordinator.get(f"/peers/runs/{run.id}/export.csv"))
    other_ids = {r["a_id"] for r in _csv(as_coordinator.get(f"/peers/runs/{other.id}/export.csv"))}
    assert not ids & other_ids
    assert {row["a_country"] for row in rows} <= {"KE", "CO", "ID", "PH"}
    assert rows[0]["a_challenge_excerpt"]


def test_explanations_lose_names_and_emails(cohort, start_run, as_coordinator):
    """A sentence that quotes a person's name or an email address is scrubbed in the export without personal data."""
    make_user(
        email="wanjiru@peers.example.org",
        display_name="Wanjiru Kamau",
        country="GH",
        challenges=(
            "Wanjiru Kamau and wanjiru@peers.example.org see procurement contracts signed behind "
            "closed doors, so citizens cannot follow public spending on roads and clinics.",
        ),
        reforms=({"title": TOPICS["information"][1], "description": TOPICS["information"][2]},),
    )
    run = start_run(countries=["GH", "CO"])  # her challenge meets Carla's open-contracting reform
    body = as_coordinator.get(f"/peers/runs/{run.id}/export.csv").get_data(as_text=True)
    assert "Wanjiru" not in body
    assert "Kamau" not in body
    assert "@peers.example.org" not in body
    personal = as_coordinator.get(f"/peers/runs/{run.id}/export.csv?personal=1").get_data(as_text=True)
    assert "Wanjiru Kamau and wanjiru@peers.example.org see procurement" in personal
    assert "[name] and [email] see procurement" in body
    assert scrub("Ask Ana Lima (ana@x.org) or LIMA.", ["Ana Lima"]) == "Ask [name] ([email]) or [name]."


def test_cells_are_neutralised_against_formulas(cohort, start_run, as_coordinator):
    """Names and sentences that start with = + - @ are prefixed in CSV and XLSX; no XLSX cell is a formula."""
    make_user(
        email="mallory@peers.example.org",
        display_name='=HYPERLINK("http://evil.example")',
        country="GH",
        challenges=(
            "=SUM(1+1) procurement contracts are signed behind closed doors, so citizens cannot "
            "follow public spending on roads and clinics.",
        ),
        reforms=({"title": "@Open contracting portal", "description": "-" + TOPICS["contracts"][2]},),
    )
    run = start_run()
    rows = _csv(as_coordinator.get(f"/peers/runs/{run.id}/export.csv?personal=1"))
    cells = [value for row in rows for value in row.values() if value]
    assert any(value.startswith("'=HYPERLINK") for value in cells)
    assert not any(value.startswith(FORMULA_STARTS) for value in cells if not re.fullmatch(r"-?\d+(\.\d+)?", value))
    book = _xlsx(as_coordinator.get(f"/peers/runs/{run.id}/export.xlsx?personal=1"))
    sheet = book["pairs"]
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in values)
    assert any(isinstance(c.value, str) and c.value.startswith("'=HYPERLINK") for c in values)
    assert not any(isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS) for c in values)
    book.close()


def test_xlsx_with_and_without_personal_data(cohort, start_run, as_coordinator):
    """The workbook has the pairs and a sheet with the run's parameters, engine version and figures."""
    run = start_run()
    book = _xlsx(as_coordinator.get(f"/peers/runs/{run.id}/export.xlsx"))
    header = [c.value for c in next(book["pairs"].iter_rows())]
    assert tuple(header) == ANONYMOUS_COLUMNS
    assert book["pairs"].max_row == len(pairs_of(run)) + 1
    summary = {row[0].value: row[1].value for row in book["run"].iter_rows()}
    assert summary["objective"] == run.objective
    assert summary["engine_version"] == run.engine_version
    assert summary["per_person"] == 2
    assert summary["violations"] == 0
    book.close()
    personal = _xlsx(as_coordinator.get(f"/peers/runs/{run.id}/export.xlsx?personal=1"))
    assert tuple(c.value for c in next(personal["pairs"].iter_rows())) == PERSONAL_COLUMNS
    personal.close()
    assert as_coordinator.get(f"/peers/runs/{run.id}/export.pdf").status_code == 404
    assert as_coordinator.get("/peers/runs/999/export.csv").status_code == 404
