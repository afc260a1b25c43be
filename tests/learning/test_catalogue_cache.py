"""The catalogue keeps its cards in memory per course version, reading language and filters: a course edited (by a
sync or by any other write), a new translation and another interface language all show at once, never a stale card."""

from __future__ import annotations

import re

from learning_hub.extensions import db
from learning_hub.models import Course, CourseText
from tests.factories import make_user
from tests.learning.corpus import edit_yaml, write_translation


def _filter_languages(page: str) -> list[str]:
    """The codes offered by the catalogue's language filter (not the footer's language picker)."""
    select = re.search(r'<select[^>]*name="language"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [code for code in re.findall(r'value="([^"]*)"', select) if code]


def _catalogue(client, **query) -> str:
    page = client.get("/courses", query_string=query)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_defect_15_catalogue_shows_a_synced_course_edit_at_once(client, courses, course_root, sync):
    assert "Open contracting basics" in _catalogue(client)  # read from the database, then kept
    assert "Open contracting basics" in _catalogue(client)  # served from memory
    edit_yaml(course_root / "basics" / "course.yaml", lambda data: data.update(title="Contracting in the open"))
    assert sync(course_root).exit_code == 0
    page = _catalogue(client)
    assert "Contracting in the open" in page
    assert "Open contracting basics" not in page


def test_defect_15_catalogue_shows_an_edit_made_outside_a_sync(client, courses):
    """A text changed by any other write (its course row untouched) stamps its course: the next page shows it."""
    assert "A short course about advanced." in _catalogue(client)
    text = db.session.scalar(
        db.select(CourseText).where(CourseText.course_id == courses["advanced"].id, CourseText.language == "en")
    )
    text.summary = "Coalitions that outlast an election."
    db.session.commit()
    page = _catalogue(client)
    assert "Coalitions that outlast an election." in page
    assert "A short course about advanced." not in page


def test_defect_15_catalogue_shows_a_new_translation_at_once(client, courses, course_root, sync):
    """A French reader sees the English original with a "not yet translated" note, then, once a French translation
    is synced, the French card, and French in the language filter."""
    with client.session_transaction() as session:
        session["locale"] = "fr"
    before = _catalogue(client)
    assert "Advanced coalitions" in before
    assert _filter_languages(before) == ["en", "es"]  # the courses' languages
    write_translation(course_root / "advanced", "fr", ("one", "two", "three", "four"))
    assert sync(course_root).exit_code == 0
    after = _catalogue(client)
    assert "Curso advanced" in after  # write_translation's title
    assert "Un curso breve (fr)." in after
    assert _filter_languages(after) == ["en", "es", "fr"]


def test_defect_15_catalogue_cards_follow_the_interface_language(client, courses):
    """The same cards cached for one language are not served in another: each reader gets their own words."""
    english = _catalogue(client)
    with client.session_transaction() as session:
        session["locale"] = "es"
    spanish = _catalogue(client)
    assert "Open contracting basics" in english
    assert "Curso basics" not in english
    assert "Curso basics" in spanish  # the Spanish translation of `basics`
    assert "Advanced coalitions" in spanish  # no Spanish text: the original, marked as such
    assert "4 lessons" in english
    assert "4 lessons" not in spanish


def test_defect_15_catalogue_progress_stays_per_learner(client_as, courses):
    """Cards are shared; progress bars are not: a learner's card shows their progress, another's shows none."""
    from learning_hub.models import Enrolment, LessonProgress

    learner, other = make_user(), make_user()
    enrolment = Enrolment(user_id=learner.id, course_id=courses["basics"].id)
    enrolment.lesson_progress = [LessonProgress(lesson_id=courses["basics"].current_lessons[0].id)]
    db.session.add(enrolment)
    db.session.commit()
    mine = _catalogue(client_as(learner))
    theirs = _catalogue(client_as(other))
    assert "1 of 4 lessons" in mine
    assert "1 of 4 lessons" not in theirs
    assert db.session.scalar(db.select(db.func.count(Course.id))) == 2


def test_defect_15_catalogue_filter_form_follows_the_query(client, courses):
    """The filter form is kept per query string and language: each query gets its own selected values and errors."""
    chosen = _catalogue(client, level="advanced")
    assert re.search(r'<option selected value="advanced">|<option value="advanced" selected>', chosen)
    assert "Clear filters" in chosen
    plain = _catalogue(client)
    assert not re.search(r'<option selected value="advanced">|<option value="advanced" selected>', plain)
    assert "Clear filters" not in plain
    too_long = _catalogue(client, q="x" * 101)
    assert 'aria-invalid="true"' in too_long
    assert 'aria-invalid="true"' not in _catalogue(client, q="coalitions")
