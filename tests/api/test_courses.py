"""/api/v1/courses and /api/v1/enrolments: catalogue, a course, enrolling (prerequisites), lessons, the quiz up to
the certificate, my progress; the same figures as the course pages."""

from __future__ import annotations

import re

from tests.directory.helpers import text_of
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot
from tests.learning.corpus import quiz_data, right_answers


def test_catalogue_filters_and_pagination(api, courses):
    body = api("GET", "/api/v1/courses").get_json()
    assert [item["slug"] for item in body["items"]] == ["basics", "advanced"]
    assert body["total"] == 2
    assert body["items"][0]["progress"] is None
    assert body["items"][0]["lesson_count"] == 4
    assert [i["slug"] for i in api("GET", "/api/v1/courses?level=advanced").get_json()["items"]] == ["advanced"]
    assert [i["slug"] for i in api("GET", "/api/v1/courses?language=es").get_json()["items"]] == ["basics"]
    assert api("GET", "/api/v1/courses?q=coalitions").get_json()["total"] == 1
    second = api("GET", "/api/v1/courses?per_page=1&page=2").get_json()
    assert [i["slug"] for i in second["items"]] == ["advanced"]
    assert second["pages"] == 2
    assert api("GET", "/api/v1/courses?page=9").get_json()["items"] == []
    for query, field in (
        ("level=expert", "level"),
        ("area=space", "area"),
        ("lang=english", "lang"),
        ("per_page=0", "per_page"),
    ):
        response = api("GET", f"/api/v1/courses?{query}")
        assert response.status_code == 422, query
        assert field in response.get_json()["errors"]["query"], query


def test_course_in_the_readers_language(api, courses):
    body = api("GET", "/api/v1/courses/basics?lang=es").get_json()
    assert body["language"] == "es"
    assert body["title"] != "Open contracting basics"
    assert [lesson["slug"] for lesson in body["lessons"]] == ["one", "two", "three", "four"]
    assert body["questions"] == len(quiz_data()["questions"])
    assert body["missing_prerequisites"] == []
    advanced = api("GET", "/api/v1/courses/advanced").get_json()
    assert [item["slug"] for item in advanced["missing_prerequisites"]] == ["basics"]
    assert api("GET", "/api/v1/courses/no-such-course").status_code == 404
    assert api("GET", "/api/v1/courses/%2e%2e").status_code == 404


def test_enrol_needs_prerequisites_and_is_idempotent(api, courses):
    user = make_user()
    before = snapshot()
    response = api("POST", "/api/v1/courses/advanced/enrol", user, json={})
    assert response.status_code == 403
    assert "basics" in response.get_json()["message"].lower()
    assert changed_tables(before, snapshot()) == ["personal_access_token"]
    response = api("POST", "/api/v1/courses/basics/enrol", user, json={})
    assert response.status_code == 201
    assert response.get_json()["next_lesson"] == "one"
    assert api("POST", "/api/v1/courses/basics/enrol", user, json={}).status_code == 200
    assert api("POST", "/api/v1/courses/basics/enrol", json={}).status_code == 401
    assert api("POST", "/api/v1/courses/basics/enrol", user, json={"extra": 1}).status_code == 422
    assert api("POST", "/api/v1/courses/nothing/enrol", user, json={}).status_code == 404


def test_lessons_and_quiz_to_the_certificate(api, courses):
    user = make_user()
    assert api("GET", "/api/v1/courses/basics/quiz", user).status_code == 403  # not enrolled yet
    api("POST", "/api/v1/courses/basics/enrol", user, json={})
    quiz = api("GET", "/api/v1/courses/basics/quiz", user).get_json()
    assert len(quiz["questions"]) == 6
    assert "correct" not in str(quiz)
    wrong = {q["id"]: ["d"] for q in quiz["questions"]}
    attempt = api("POST", "/api/v1/courses/basics/quiz", user, json={"answers": wrong}).get_json()
    assert attempt["passed"] is False
    assert attempt["score"] == 0
    assert attempt["progress"]["best_score"] == 0
    response = api("POST", "/api/v1/courses/basics/quiz", user, json={"answers": {"q1": ["b"]}})
    assert response.status_code == 422
    assert "Unanswered" in response.get_json()["message"]
    response = api("POST", "/api/v1/courses/basics/quiz", user, json={"answers": {**wrong, "q1": ["a", "b"]}})
    assert response.status_code == 422  # two options on a single-choice question
    right = right_answers(quiz_data())
    attempt = api("POST", "/api/v1/courses/basics/quiz", user, json={"answers": right}).get_json()
    assert attempt["passed"]
    assert attempt["progress"]["quiz_passed"]
    assert attempt["progress"]["certificate"] is None
    for lesson in ("one", "two", "three", "four"):
        progress = api("POST", f"/api/v1/courses/basics/lessons/{lesson}/complete", user, json={}).get_json()
    assert progress["completed_at"] is not None
    assert progress["percent"] == 100
    assert progress["certificate"]
    assert api("POST", "/api/v1/courses/basics/lessons/nope/complete", user, json={}).status_code == 404
    enrolment = api("GET", "/api/v1/enrolments", user).get_json()
    assert enrolment["total"] == 1
    assert enrolment["items"][0]["progress"]["certificate"] == progress["certificate"]
    assert api("POST", "/api/v1/courses/advanced/enrol", user, json={}).status_code == 201  # now allowed


def test_my_progress_is_mine(api, courses):
    """Enrolments and quiz attempts are per caller: another learner sees none of them."""
    learner, other = make_user(), make_user()
    api("POST", "/api/v1/courses/basics/enrol", learner, json={})
    api("POST", "/api/v1/courses/basics/lessons/one/complete", learner, json={})
    assert api("GET", "/api/v1/enrolments", other).get_json()["total"] == 0
    assert api("GET", "/api/v1/courses/basics", other).get_json()["progress"] is None
    assert api("POST", "/api/v1/courses/basics/lessons/two/complete", other, json={}).status_code == 403
    assert api("GET", "/api/v1/enrolments").status_code == 401


def test_api_and_page_agree_on_progress(api, client_as, courses):
    user = make_user()
    api("POST", "/api/v1/courses/basics/enrol", user, json={})
    api("POST", "/api/v1/courses/basics/lessons/one/complete", user, json={})
    client_as(user).post("/courses/basics/lessons/two/complete", data={})
    body = api("GET", "/api/v1/courses/basics", user).get_json()
    assert body["progress"]["lessons_done"] == 2
    assert body["progress"]["percent"] == 40
    assert [lesson["done"] for lesson in body["lessons"]] == [True, True, False, False]
    page = text_of(client_as(user).get("/courses/basics"))
    assert re.search(r"\b40\s*%", page)
    assert body["progress"]["next_lesson"] == "three"
