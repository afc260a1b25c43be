"""`flask courses sync` on valid folders: the real courses/, idempotence, updates by slug, and learners' records
surviving removed and reordered lessons."""

from __future__ import annotations

from pathlib import Path

import yaml

from learning_hub.learning.lesson_rules import EXERCISE_HEADINGS, MIN_WORDS, count_words
from learning_hub.models import (
    Course,
    CourseTemplate,
    EmbeddingCacheEntry,
    Enrolment,
    Lesson,
    LessonProgress,
    ReferencePage,
    ReferenceRule,
)
from tests.factories import make_user
from tests.helpers import changed_tables, login, snapshot
from tests.learning.corpus import edit_yaml, lesson_body

REAL_COURSES = Path(__file__).resolve().parents[2] / "courses"
# The word limits of course format v2 (courses/README.md): translations take more words for the same content.
OBJECTIVES = ["Explain the lesson", "Apply it at work"]
WORD_LIMITS = {"en": 1200, "es": 1400, "fr": 1400, "id": 1300}


def test_real_courses_folder_syncs_and_meets_the_rules(app, sync, db):
    """The eight modules (in four languages) load, each with 4-6 lessons within the word limits ending with the
    exercise, 2-4 objectives per lesson, templates and a milestone in every language, and a quiz of 6-10 questions
    with an explanation for every option and consistent correct answers; the reference page loads too."""
    result = sync(REAL_COURSES)
    assert result.exit_code == 0, result.output
    courses = list(db.session.scalars(db.select(Course).order_by(Course.slug)))
    assert len(courses) >= 8
    checked_lessons = checked_questions = 0
    for course in courses:
        lessons = course.current_lessons
        assert 4 <= len(lessons) <= 6, course.slug
        assert 6 <= len(course.quiz) <= 10, course.slug
        for question in course.quiz:
            correct = sum(option["correct"] for option in question["options"])
            assert correct == 1 if question["type"] == "single" else correct >= 2, (course.slug, question["id"])
        for text in course.texts:
            for lesson in lessons:
                lesson_text = next(t for t in lesson.texts if t.language == text.language)
                words = count_words(lesson_text.body)
                limit = WORD_LIMITS[text.language]
                assert MIN_WORDS <= words <= limit, (course.slug, text.language, lesson.slug, words)
                assert MIN_WORDS <= len(lesson_text.body.split()) <= limit + 150  # a naive count agrees roughly
                assert 2 <= len(lesson_text.objectives) <= 4, (course.slug, text.language, lesson.slug)
                headings = [line for line in lesson_text.body.splitlines() if line.startswith("## ")]
                assert headings[-1] == "## " + EXERCISE_HEADINGS[text.language], (course.slug, lesson.slug)
                assert not any(line.startswith("# ") for line in lesson_text.body.splitlines())
                checked_lessons += 1
            assert set(text.quiz) == {q["id"] for q in course.quiz}
            assert list(text.milestone["rubric"]) == course.milestone["rubric"]
            templates = db.session.scalars(
                db.select(CourseTemplate).filter_by(course_id=course.id, language=text.language)
            ).all()
            assert templates, (course.slug, text.language)
            for question in course.quiz:
                for option in question["options"]:
                    assert text.quiz[question["id"]]["options"][option["id"]]["explanation"].strip()
                    checked_questions += 1
    assert all(course.languages == ["en", "es", "fr", "id"] for course in courses)
    rules = db.session.scalars(db.select(ReferenceRule)).all()
    assert rules
    assert all(set(rule.texts) == {"en", "es", "fr", "id"} for rule in rules)
    assert {page.language for page in db.session.scalars(db.select(ReferencePage))} == {"en", "es", "fr", "id"}
    print(
        f"\n{len(courses)} courses, {checked_lessons} lesson texts and {checked_questions} quiz options checked, "
        "0 failed"
    )


def test_second_sync_changes_nothing_and_says_so(app, sync, course_root, courses):
    before = snapshot()
    result = sync(course_root)
    assert result.exit_code == 0
    assert "No changes: 2 course(s) already up to date." in result.output
    assert changed_tables(before, snapshot()) == []


def test_first_sync_reports_and_embeds(app, sync, course_root, db):
    result = sync(course_root)
    assert "Created: advanced, basics" in result.output
    assert "Course texts embedded for recommendations: 3 new" in result.output  # basics en + es, advanced en
    assert db.session.scalar(db.select(db.func.count()).select_from(EmbeddingCacheEntry)) == 3


def test_edit_updates_by_slug(app, sync, course_root, courses, db):
    basics_id = courses["basics"].id
    edit_yaml(course_root / "basics/course.yaml", lambda d: d.update(title="Open contracting for beginners"))
    (course_root / "basics/lessons/two.md").write_text(lesson_body(800), "utf-8")
    result = sync(course_root)
    assert result.exit_code == 0
    assert "Updated: basics" in result.output
    assert "Unchanged: 1" in result.output
    course = db.session.get(Course, basics_id)
    assert course.text_for("en").title == "Open contracting for beginners"
    two = next(lesson for lesson in course.current_lessons if lesson.slug == "two")
    assert two.text_for("en").version == 2
    assert two.text_for("en").word_count == 800
    assert db.session.scalar(db.select(db.func.count()).select_from(Course)) == 2


def _progress_setup(client, courses, db):
    """A learner who completed lessons one and three of `basics`."""
    user = make_user()
    login(client, user)
    client.post("/courses/basics/enrol")
    for slug in ("one", "three"):
        assert client.post(f"/courses/basics/lessons/{slug}/complete").status_code == 302
    enrolment = db.session.scalar(db.select(Enrolment).where(Enrolment.user_id == user.id))
    return user, enrolment


def test_progress_survives_lesson_removal_and_return(app, client, sync, course_root, courses, db):
    _user, _enrolment = _progress_setup(client, courses, db)
    rows_before = {row.id for row in db.session.scalars(db.select(LessonProgress))}
    for folder in (course_root / "basics", course_root / "basics/es"):
        edit_yaml(folder / "course.yaml", lambda d: d["lessons"].pop(2))  # remove "three"
        (folder / "lessons/three.md").unlink()
        edit_yaml(
            folder / "course.yaml",
            lambda d: d["lessons"].append({"slug": "five", "title": "Lesson five", "objectives": OBJECTIVES}),
        )
        (folder / "lessons/five.md").write_text(lesson_body(700, folder.name if folder.name == "es" else "en"), "utf-8")
    result = sync(course_root)
    assert result.exit_code == 0
    assert "Lessons retired: 1" in result.output
    assert {row.id for row in db.session.scalars(db.select(LessonProgress))} == rows_before  # nothing deleted
    three = db.session.scalar(db.select(Lesson).where(Lesson.slug == "three", Lesson.course_id == courses["basics"].id))
    assert three.retired_at is not None
    assert three.position is None
    page = client.get("/courses/basics").get_data(as_text=True)
    assert "1 of 4 lessons" in page  # "one" done; "three" retired; "five" new
    assert client.get("/courses/basics/lessons/three").status_code == 404
    # The lesson comes back: its completion counts again.
    for folder in (course_root / "basics", course_root / "basics/es"):
        edit_yaml(
            folder / "course.yaml",
            lambda d: d["lessons"].insert(2, {"slug": "three", "title": "Lesson three", "objectives": OBJECTIVES}),
        )
        (folder / "lessons/three.md").write_text(lesson_body(700, "es" if folder.name == "es" else "en"), "utf-8")
    result = sync(course_root)
    assert "restored: 1" in result.output
    assert "2 of 5 lessons" in client.get("/courses/basics").get_data(as_text=True)


def test_progress_survives_reorder(app, client, sync, course_root, courses, db):
    _user, _enrolment = _progress_setup(client, courses, db)
    for folder in (course_root / "basics", course_root / "basics/es"):
        edit_yaml(folder / "course.yaml", lambda d: d["lessons"].reverse())
    assert sync(course_root).exit_code == 0
    order = [lesson.slug for lesson in db.session.get(Course, courses["basics"].id).current_lessons]
    assert order == ["four", "three", "two", "one"]
    page = client.get("/courses/basics").get_data(as_text=True)
    assert "2 of 4 lessons" in page
    # "Continue" now points at the first lesson not done in the new order: "four".
    assert "/courses/basics/lessons/four" in page.split("Continue where you left off")[0].rsplit("href=", 1)[-1]


def test_course_removed_from_folder_is_retired_not_deleted(app, client, sync, course_root, courses, db):
    _user, _enrolment = _progress_setup(client, courses, db)
    import shutil

    shutil.rmtree(course_root / "advanced")
    result = sync(course_root)
    assert result.exit_code == 0
    assert "Retired (no longer in the folder" in result.output
    assert db.session.get(Course, courses["advanced"].id).retired_at is not None
    assert "Advanced coalitions" not in client.get("/courses").get_data(as_text=True)
    assert client.get("/courses/advanced").status_code == 404  # not enrolled: gone from view
    assert client.get("/courses/basics").status_code == 200


def test_removed_translation_falls_back_to_original(app, client, sync, course_root, courses, db):
    import shutil

    user, _enrolment = _progress_setup(client, courses, db)
    shutil.rmtree(course_root / "basics/es")
    assert sync(course_root).exit_code == 0
    user.locale = "es"
    db.session.commit()
    page = client.get("/courses/basics/lessons/one").get_data(as_text=True)
    assert "ORIGINALTEXT" in page
    assert "TRADUCIDO" not in page
    assert "language-note" in page


def test_sync_defaults_to_config_courses_dir(app, runner, db, tmp_path, course_root):
    app.config["COURSES_DIR"] = str(course_root)
    try:
        db.session.commit()
        result = runner.invoke(args=["courses", "sync", "--check"])
    finally:
        app.config["COURSES_DIR"] = str(REAL_COURSES)
    assert result.exit_code == 0
    assert "2 course(s) checked" in result.output


def test_help_lists_the_options(runner):
    result = runner.invoke(args=["courses", "sync", "--help"])
    assert "--dir" in result.output
    assert "--check" in result.output
    assert yaml  # the corpus helpers write YAML with PyYAML, the format's reference parser


def test_encoder_failure_writes_nothing(app, sync, course_root, db, monkeypatch):
    """Embedding runs before the content transaction: if the encoder fails, no course is loaded."""
    from learning_hub import engine

    def broken(texts, progress=False):
        raise RuntimeError("model files not found")

    monkeypatch.setattr(engine, "embed_texts", broken)
    before = snapshot()
    result = sync(course_root)
    assert result.exit_code == 1
    assert "could not embed the course texts" in result.output
    assert "model files not found" in result.output
    assert "nothing was written" in result.output
    assert changed_tables(before, snapshot()) == []
