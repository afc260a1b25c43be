"""The coordinators' cohort dashboard: filters, charts readable without JavaScript, CSV export that a spreadsheet
cannot turn into formulas, and no names of unlisted learners."""

from __future__ import annotations

import csv
import io

from tests.factories import make_user
from tests.learning.corpus import quiz_data, right_answers
from tests.learning.test_routes import answers_form, finish_lessons, wrong_answers


def _cohort(client_as):
    """Three learners: a Kenyan who completed `basics`, a Nigerian who failed the quiz, an unlisted Kenyan."""
    done = make_user(display_name="Wanjiru Kamau", country="KE", sector="national_government")
    client = client_as(done)
    client.post("/courses/basics/enrol")
    finish_lessons(client)
    client.post("/courses/basics/quiz", data=answers_form(right_answers(quiz_data())))
    failing = make_user(display_name='=HYPERLINK("http://evil.example")', country="NG", sector="civil_society")
    client = client_as(failing)
    client.post("/courses/basics/enrol")
    client.post("/courses/basics/quiz", data=answers_form(wrong_answers()))
    hidden = make_user(display_name="Hidden Person", country="KE", sector="civil_society", listed=False)
    client_as(hidden).post("/courses/basics/enrol")
    return done, failing, hidden


def test_reformers_cannot_see_the_cohort(client_as, courses):
    client = client_as(make_user())
    assert client.get("/learning/cohort").status_code == 403
    assert client.get("/learning/cohort.csv").status_code == 403


def test_dashboard_charts_and_tables(client_as, courses):
    _cohort(client_as)
    coordinator = client_as(make_user(roles=("coordinator",)))
    response = coordinator.get("/learning/cohort")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 enrolments match." in page
    assert page.count('<svg class="chart"') == 2
    assert "<script" not in page
    assert ' style="' not in page
    assert '<rect class="bar done"' in page
    assert '<rect class="bar alt"' in page
    assert "1/3 (33%)" in page  # completion label drawn in the SVG
    assert (
        '<div class="visually-hidden"><table>' in page
    )  # the chart's figures as a table, wrapped so it cannot widen the page
    assert "<caption>Completion by course</caption>" in page
    assert "Wanjiru Kamau" in page
    assert "Hidden Person" not in page
    assert "1 enrolment belongs to a learner whose profile is not listed" in page


def test_filters_by_country_sector_and_course(client_as, courses):
    _cohort(client_as)
    coordinator = client_as(make_user(roles=("coordinator",)))
    assert "2 enrolments match." in coordinator.get("/learning/cohort?country=KE").get_data(as_text=True)
    assert "2 enrolments match." in coordinator.get("/learning/cohort?sector=civil_society").get_data(as_text=True)
    page = coordinator.get("/learning/cohort?country=KE&sector=civil_society").get_data(as_text=True)
    assert "1 enrolment matches." in page
    assert "0 enrolments match." in coordinator.get("/learning/cohort?course=advanced").get_data(as_text=True)


def test_bad_filters_are_explained_not_errors(client_as, courses):
    _cohort(client_as)
    coordinator = client_as(make_user(roles=("coordinator",)))
    response = coordinator.get("/learning/cohort?country=ZZ&sector=pirates&course=%00")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Unknown country code ZZ" in page
    assert "Unknown sector" in page
    assert "3 enrolments match." in page


def test_csv_export_neutralises_formulas_and_leaves_out_unlisted(client_as, courses):
    _cohort(client_as)
    coordinator = client_as(make_user(roles=("coordinator",)))
    response = coordinator.get("/learning/cohort.csv?country=")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 2
    names = {row["learner"] for row in rows}
    assert "Wanjiru Kamau" in names
    assert '\'=HYPERLINK("http://evil.example")' in names
    assert "Hidden Person" not in response.get_data(as_text=True)
    done = next(row for row in rows if row["learner"] == "Wanjiru Kamau")
    assert (done["progress_percent"], done["best_quiz_score"], done["certificate"]) == ("100", "100", "valid")
    assert "gender" not in response.get_data(as_text=True)


def test_csv_follows_the_filters(client_as, courses):
    _cohort(client_as)
    coordinator = client_as(make_user(roles=("coordinator",)))
    body = coordinator.get("/learning/cohort.csv?country=NG").get_data(as_text=True)
    assert body.count("\r\n") == 2  # header and one learner


def test_admin_sees_the_cohort(client_as, courses):
    assert client_as(make_user(roles=("admin",))).get("/learning/cohort").status_code == 200
