"""Learner pages through HTTP: catalogue, enrol, lessons, completion, quiz scoring and retries, prerequisites,
translations."""

from __future__ import annotations

from learning_hub.models import Certificate, Enrolment, LessonProgress
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot
from tests.learning.corpus import quiz_data, right_answers

LESSONS = ("one", "two", "three", "four")


def answers_form(answers: dict[str, list[str]]) -> dict:
    return {f"q-{qid}": options for qid, options in answers.items()}


def wrong_answers() -> dict[str, list[str]]:
    return {q["id"]: ["d"] for q in quiz_data()["questions"]}


def finish_lessons(client, slug="basics"):
    for lesson in LESSONS:
        assert client.post(f"/courses/{slug}/lessons/{lesson}/complete").status_code == 302


def test_catalogue_lists_courses_for_everyone(client, courses):
    page = client.get("/courses").get_data(as_text=True)
    assert "Open contracting basics" in page
    assert "Advanced coalitions" in page
    assert "2 courses" in page


def test_catalogue_filters(client, courses):
    def titles(query):
        page = client.get("/courses" + query).get_data(as_text=True)
        return {t for t in ("Open contracting basics", "Advanced coalitions") if t in page}

    assert titles("?area=civic_space") == {"Advanced coalitions"}
    assert titles("?level=introductory") == {"Open contracting basics"}
    assert titles("?language=es") == {"Open contracting basics"}
    assert titles("?q=coalitions") == {"Advanced coalitions"}
    assert titles("?q=Lesson+three") == {"Open contracting basics", "Advanced coalitions"}  # lesson titles count
    assert titles("?q=%25") == set()  # LIKE wildcards are literal
    assert titles("?area=not-an-area&level=expert") == {"Open contracting basics", "Advanced coalitions"}
    assert client.get("/courses?q=" + "x" * 500).status_code == 200
    assert client.get("/courses?q=%00bad").status_code == 200


def test_course_page_for_visitor_asks_to_sign_in(client, courses):
    page = client.get("/courses/basics").get_data(as_text=True)
    assert "Sign in to enrol" in page
    assert "Lesson one" in page


def test_unknown_course_and_lesson_are_404(client_as, courses):
    client = client_as(make_user())
    assert client.get("/courses/nope").status_code == 404
    client.post("/courses/basics/enrol")
    assert client.get("/courses/basics/lessons/nope").status_code == 404
    assert client.post("/courses/basics/lessons/nope/complete").status_code == 404
    assert client.post("/courses/nope/enrol").status_code == 404


def test_enrol_then_read_and_complete_a_lesson(client_as, courses, db):
    user = make_user()
    client = client_as(user)
    response = client.post("/courses/basics/enrol")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/courses/basics/lessons/one")
    assert db.session.scalar(db.select(db.func.count()).select_from(Enrolment)) == 1
    page = client.get("/courses/basics/lessons/one")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "ORIGINALTEXT" in body
    assert "<h2>Practical exercise</h2>" in body
    assert "Lesson 1 of 4" in body
    assert "Mark this lesson as complete" in body
    response = client.post("/courses/basics/lessons/one/complete")
    assert response.headers["Location"].endswith("/courses/basics/lessons/two")
    assert "You completed this lesson." in client.get("/courses/basics/lessons/one").get_data(as_text=True)
    assert "20% done: 1 of 4 lessons" in client.get("/courses/basics").get_data(as_text=True)


def test_enrolling_twice_keeps_one_enrolment(client_as, courses, db):
    client = client_as(make_user())
    client.post("/courses/basics/enrol")
    client.post("/courses/basics/enrol")
    assert db.session.scalar(db.select(db.func.count()).select_from(Enrolment)) == 1


def test_completing_twice_keeps_one_row(client_as, courses, db):
    client = client_as(make_user())
    client.post("/courses/basics/enrol")
    client.post("/courses/basics/lessons/one/complete")
    client.post("/courses/basics/lessons/one/complete")
    assert db.session.scalar(db.select(db.func.count()).select_from(LessonProgress)) == 1


def test_lessons_and_quiz_need_enrolment(client_as, courses, db):
    client = client_as(make_user())
    before = snapshot()
    for method, path in (
        ("get", "/courses/basics/lessons/one"),
        ("post", "/courses/basics/lessons/one/complete"),
        ("get", "/courses/basics/quiz"),
        ("post", "/courses/basics/quiz"),
    ):
        response = getattr(client, method)(path)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/courses/basics")
    assert changed_tables(before, snapshot()) == []
    assert "Enrol in this course" in client.get("/courses/basics").get_data(as_text=True)


def test_anonymous_is_sent_to_sign_in(client, courses):
    response = client.get("/courses/basics/lessons/one")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_prerequisite_blocks_enrolment_with_a_link(client_as, courses, db):
    client = client_as(make_user())
    page = client.get("/courses/advanced").get_data(as_text=True)
    assert "Complete these courses first" in page
    assert 'href="/courses/basics"' in page
    response = client.post("/courses/advanced/enrol", follow_redirects=True)
    assert "Complete Open contracting basics first" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Enrolment)) == 0


def test_prerequisite_completed_allows_enrolment(client_as, courses, db):
    client = client_as(make_user())
    client.post("/courses/basics/enrol")
    finish_lessons(client)
    client.post("/courses/basics/quiz", data=answers_form(right_answers(quiz_data())))
    response = client.post("/courses/advanced/enrol")
    assert response.headers["Location"].endswith("/courses/advanced/lessons/one")


def test_translation_shown_in_the_learners_language(client_as, courses, db):
    client = client_as(make_user(locale="es"))
    assert "Curso basics" in client.get("/courses").get_data(as_text=True)
    client.post("/courses/basics/enrol")
    page = client.get("/courses/basics/lessons/one").get_data(as_text=True)
    assert "TRADUCIDO" in page
    assert "<h2>Ejercicio práctico</h2>" in page
    assert 'lang="es"' in page
    quiz = client.get("/courses/basics/quiz").get_data(as_text=True)
    assert "Pregunta: Question 1" in quiz


def test_translation_fallback_shows_original_with_note(client_as, courses, db):
    client = client_as(make_user(locale="fr"))
    page = client.get("/courses/basics").get_data(as_text=True)
    assert "Open contracting basics" in page
    assert "language-note" in page
    assert 'href="/courses/basics?lang=es"' in page  # the other version is one click away
    client.post("/courses/basics/enrol")
    lesson = client.get("/courses/basics/lessons/one").get_data(as_text=True)
    assert "ORIGINALTEXT" in lesson
    assert "language-note" in lesson


def test_progress_is_shared_across_translations(client_as, courses, db):
    user = make_user(locale="en")
    client = client_as(user)
    client.post("/courses/basics/enrol")
    client.post("/courses/basics/lessons/one/complete")
    client.post("/courses/basics/lessons/two/complete?lang=es")
    page = client.get("/courses/basics?lang=es").get_data(as_text=True)
    assert "TRADUCIDO" not in page
    assert "Curso basics" in page
    assert "2 of 4 lessons" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Enrolment)) == 1


def test_continue_where_you_left_off(client_as, courses, db):
    client = client_as(make_user())
    client.post("/courses/basics/enrol")
    client.post("/courses/basics/lessons/one/complete")
    catalogue = client.get("/courses").get_data(as_text=True)
    assert "Continue where you left off" in catalogue
    assert "/courses/basics/lessons/two" in catalogue
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Continue where you left off" in dashboard
    assert "next: Lesson two" in dashboard


def test_lesson_html_is_sanitised(app, client_as, courses, course_root, sync, db):
    path = course_root / "basics/lessons/one.md"
    text = path.read_text("utf-8").replace(
        "ORIGINALTEXT", "ORIGINALTEXT [link](javascript:alert(1)) [ok](https://www.opengovpartnership.org)"
    )
    path.write_text(text, "utf-8")
    assert sync(course_root).exit_code == 0
    client = client_as(make_user())
    client.post("/courses/basics/enrol")
    page = client.get("/courses/basics/lessons/one").get_data(as_text=True)
    assert "javascript:" not in page
    assert 'href="https://www.opengovpartnership.org" rel="noopener noreferrer nofollow"' in page


def test_no_learner_page_changes_state_on_get(client_as, courses, db):
    """GET every page of an enrolled learner with real data (the shared test only sees absent objects)."""
    user = make_user()
    client = client_as(user)
    client.post("/courses/basics/enrol")
    finish_lessons(client)
    attempt = client.post("/courses/basics/quiz", data=answers_form(right_answers(quiz_data()))).headers["Location"]
    code = db.session.scalar(db.select(Certificate.code))
    coordinator = client_as(make_user(roles=("coordinator",)))
    before = snapshot()
    paths = [
        "/courses",
        "/courses?q=basics",
        "/courses/basics",
        "/courses/basics?lang=es",
        "/courses/advanced",
        "/courses/basics/lessons/two",
        "/courses/basics/quiz",
        attempt,
        "/dashboard",
        f"/certificates/{code}",
        f"/certificates/{code}/pdf",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        response.close()
    for path in ("/learning/cohort", "/learning/cohort.csv"):
        assert coordinator.get(path).status_code == 200
    # The cohort CSV holds personal data: its download is the one read the audit log records.
    assert changed_tables(before, snapshot()) == ["audit_event"]


def test_hostile_path_values_are_404_not_errors(client_as, courses):
    """NUL bytes and odd characters in slugs never reach the database (PostgreSQL refuses NUL: docs/SECURITY.md §9)."""
    client = client_as(make_user())
    client.post("/courses/basics/enrol")
    for path in (
        "/courses/%00",
        "/courses/basics%00",
        "/courses/basics/lessons/%00",
        "/courses/%27%3B--/quiz",
        "/courses/" + "a" * 300,
        "/certificates/%00",
        "/courses/basics/quiz/attempts/0",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post("/courses/%00/enrol").status_code == 404


def test_pages_render_in_every_interface_language(app, client_as, courses, db):
    checked = 0
    for locale in app.config["LANGUAGES"]:
        user = make_user(locale=locale)
        client = client_as(user)
        client.post("/courses/basics/enrol")
        for path in (
            "/courses",
            "/courses/basics",
            "/courses/advanced",
            "/courses/basics/lessons/one",
            "/courses/basics/quiz",
            "/dashboard",
        ):
            response = client.get(path)
            assert response.status_code == 200
            assert f'<html lang="{locale}">' in response.get_data(as_text=True)
            checked += 1
    assert checked == 6 * len(app.config["LANGUAGES"])
