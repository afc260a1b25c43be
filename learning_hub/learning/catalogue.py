"""Read side of the learning modules: the catalogue, a course in the reader's language, a learner's progress."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, event, or_
from sqlalchemy.orm import Session, defer, joinedload, lazyload, selectinload

from learning_hub.errors import NotFound
from learning_hub.extensions import db
from learning_hub.learning.spec import SLUG_PATTERN
from learning_hub.models import (
    COURSE_LEVELS,
    Course,
    CoursePolicyArea,
    CourseTemplate,
    CourseText,
    Enrolment,
    Lesson,
    LessonText,
    User,
    utcnow,
)


@dataclass(frozen=True)
class CourseView:
    """A course as one reader sees it: in their language when a translation exists, else the original."""

    course: Course
    text: CourseText
    requested: str
    # Current lessons, when the list counted them in one query (a card needs the number, not the lessons).
    lesson_count: int | None = None

    @property
    def lessons_count(self) -> int:
        return self.lesson_count if self.lesson_count is not None else len(self.course.current_lessons)

    @property
    def language(self) -> str:
        return self.text.language

    @property
    def fallback(self) -> bool:
        """The reader asked for a language this course is not available in."""
        return self.requested != self.text.language

    @property
    def other_languages(self) -> list[str]:
        return [code for code in self.course.languages if code != self.text.language]


@dataclass(frozen=True)
class Progress:
    enrolment: Enrolment | None
    lessons_total: int
    lessons_done: int
    quiz_passed: bool
    next_lesson: Lesson | None  # the first current lesson not done yet: where to continue

    @property
    def completed(self) -> bool:
        return bool(self.enrolment and self.enrolment.completed_at)

    @property
    def percent(self) -> int:
        """Lessons and the quiz, each one step; a completed course is 100 even if a lesson was added since."""
        if self.enrolment is None:
            return 0
        if self.completed:
            return 100
        return round(100 * (self.lessons_done + int(self.quiz_passed)) / (self.lessons_total + 1))


def localise(course: Course, language: str | None) -> CourseView:
    text = course.text_for(language)
    if text is None:  # a synced course always has its original's text
        raise NotFound(_("This course has no text yet."))
    return CourseView(course=course, text=text, requested=language or course.language)


def template_of(course: Course, slug: str, language: str | None) -> CourseTemplate:
    """A course template in the reader's language (the original's when the course has no such translation)."""
    template = next((item for item in course.templates_for(language) if item.slug == slug), None)
    if template is None:
        raise NotFound(_("This course has no template at this address."))
    return template


def lessons_left(course: Course, enrolment: Enrolment | None) -> list[Lesson]:
    """The current lessons not marked complete yet, in course order."""
    done_ids = enrolment.completed_lesson_ids if enrolment else set()
    return [lesson for lesson in course.current_lessons if lesson.id not in done_ids]


def lesson_after(course: Course, enrolment: Enrolment | None, lesson: Lesson) -> Lesson | None:
    """Where to go once `lesson` is marked complete: the first lesson not done yet that comes after it (forward only;
    an earlier lesson left unmarked is for the course page to point out, not a step back)."""
    lessons = course.current_lessons
    ahead = lessons[lessons.index(lesson) + 1 :] if lesson in lessons else []
    done_ids = enrolment.completed_lesson_ids if enrolment else set()
    return next((item for item in ahead if item.id not in done_ids), None)


def progress_of(course: Course, enrolment: Enrolment | None) -> Progress:
    lessons = course.current_lessons
    done_ids = enrolment.completed_lesson_ids if enrolment else set()
    done = [lesson for lesson in lessons if lesson.id in done_ids]
    next_lesson = next((lesson for lesson in lessons if lesson.id not in done_ids), None)
    return Progress(
        enrolment=enrolment,
        lessons_total=len(lessons),
        lessons_done=len(done),
        quiz_passed=bool(enrolment and enrolment.quiz_passed_at),
        next_lesson=next_lesson,
    )


def get_course(slug: str, actor: User | None = None) -> Course:
    """A current course, or a retired one its learner is enrolled in; otherwise NotFound."""
    course = db.session.scalar(db.select(Course).where(Course.slug == slug)) if SLUG_PATTERN.match(slug) else None
    if course is None or (course.retired_at is not None and enrolment_of(actor, course) is None):
        raise NotFound(_("There is no course at this address."))
    return course


def enrolment_of(actor: User | None, course: Course) -> Enrolment | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return db.session.scalar(
        db.select(Enrolment).where(Enrolment.user_id == actor.id, Enrolment.course_id == course.id)
    )


def enrolments_of(actor: User) -> list[Enrolment]:
    """The actor's enrolments, most recently active first."""
    return list(
        db.session.scalars(
            db.select(Enrolment)
            .where(Enrolment.user_id == actor.id)
            .order_by(Enrolment.last_activity_at.desc(), Enrolment.id.desc())
        )
    )


def _card_options() -> tuple:
    """Loader options for courses shown as cards (the catalogue, "continue where you left off"): the quiz, the cases
    and the milestone, JSON that a card never shows, stay unloaded (parsing them was most of the list's database
    time), and so do the prerequisites; a page that opens a course loads them when it reads them."""
    return (
        defer(Course.quiz),
        defer(Course.cases),
        defer(Course.milestone),
        selectinload(Course.texts).options(defer(CourseText.quiz), defer(CourseText.milestone)),
        lazyload(Course.prerequisite_rows),
    )


def _learner_enrolments(actor: User) -> list[Enrolment]:
    """The actor's enrolments as `enrolments_of` orders them, with every enrolled course's lessons loaded in one
    query for all courses (a progress bar needs the lessons' ids, not their texts), so the number of queries does not
    grow with the number of courses a learner took. The courses' areas are not shown beside a progress bar: not loaded
    again here (the catalogue's own list has them)."""
    return list(db.session.scalars(_learner_enrolments_statement(), {"user_id": actor.id}))


@cache
def _learner_enrolments_statement():
    """`_learner_enrolments`'s query, built once with a bound parameter (building its loader options cost more than
    running it)."""
    return (
        db.select(Enrolment)
        .where(Enrolment.user_id == bindparam("user_id"))
        .order_by(Enrolment.last_activity_at.desc(), Enrolment.id.desc())
        .options(
            joinedload(Enrolment.course).options(
                *_card_options(),
                selectinload(Course.lessons).options(lazyload(Lesson.texts)),
                lazyload(Course.area_rows),
            )
        )
    )


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_courses(
    *, language: str, area: str = "", level: str = "", course_language: str = "", search: str = ""
) -> list[CourseView]:
    """Current courses matching the filters, in the reader's language, introductory first then by title."""
    stmt = db.select(Course).where(Course.retired_at.is_(None)).options(*_card_options())
    if area:
        stmt = stmt.where(Course.id.in_(db.select(CoursePolicyArea.course_id).where(CoursePolicyArea.area == area)))
    if level in COURSE_LEVELS:
        stmt = stmt.where(Course.level == level)
    if course_language:
        stmt = stmt.where(Course.id.in_(db.select(CourseText.course_id).where(CourseText.language == course_language)))
    search = " ".join(search.split())[:100]
    if search:
        like = _like(search)
        in_course = db.select(CourseText.course_id).where(
            or_(CourseText.title.ilike(like, escape="\\"), CourseText.summary.ilike(like, escape="\\"))
        )
        in_lessons = (
            db.select(Lesson.course_id)
            .join(LessonText, LessonText.lesson_id == Lesson.id)
            .where(Lesson.retired_at.is_(None), LessonText.title.ilike(like, escape="\\"))
        )
        stmt = stmt.where(or_(Course.id.in_(in_course), Course.id.in_(in_lessons)))
    courses = list(db.session.scalars(stmt))
    counts = dict(
        db.session.execute(
            db.select(Lesson.course_id, db.func.count())
            .where(Lesson.retired_at.is_(None), Lesson.course_id.in_([course.id for course in courses]))
            .group_by(Lesson.course_id)
        ).all()
    )
    views = [replace(localise(course, language), lesson_count=counts.get(course.id, 0)) for course in courses]
    return sorted(views, key=lambda view: (COURSE_LEVELS.index(view.course.level), view.text.title.casefold()))


def catalogue_languages() -> list[str]:
    return sorted(db.session.scalars(db.select(CourseText.language).distinct()))


@dataclass(frozen=True)
class CardCourse:
    """What a catalogue card shows of a course (a plain value: it outlives the request that read it)."""

    id: int
    slug: str
    level: str
    estimated_minutes: int
    languages: tuple[str, ...]
    policy_areas: tuple[str, ...]


@dataclass(frozen=True)
class CardText:
    title: str
    summary: str
    language: str


@dataclass(frozen=True)
class CourseCard:
    """A CourseView as a catalogue card reads it, as plain values (`view.course.slug`, `view.text.title`...)."""

    course: CardCourse
    text: CardText
    requested: str
    lessons_count: int

    @property
    def language(self) -> str:
        return self.text.language

    @property
    def fallback(self) -> bool:
        return self.requested != self.text.language

    @classmethod
    def of(cls, view: CourseView) -> CourseCard:
        course = view.course
        return cls(
            course=CardCourse(
                id=course.id,
                slug=course.slug,
                level=course.level,
                estimated_minutes=course.estimated_minutes,
                languages=tuple(course.languages),
                policy_areas=tuple(course.policy_areas),
            ),
            text=CardText(title=view.text.title, summary=view.text.summary, language=view.text.language),
            requested=view.requested,
            lessons_count=view.lessons_count,
        )


CATALOGUE_CACHE_ENTRIES = 256  # filter combinations (searches are free text) kept per course version


def catalogue_version() -> tuple:
    """The courses' version: how many there are and the latest change to any of them (a sync stamps a course it
    changes, its texts, areas or lessons included). One small query instead of reading every course and text."""
    return tuple(db.session.execute(db.select(db.func.count(Course.id), db.func.max(Course.updated_at))).one())


def _stamp_changed_courses(session, _flush_context, _instances) -> None:
    """before_flush: a course whose texts, policy areas or lessons change is stamped as changed too (its own row
    may be untouched), whoever writes them; the catalogue's cache reads the courses' version from that stamp."""
    course_ids = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Course) and obj not in session.new and session.is_modified(obj):
            obj.updated_at = utcnow()
        elif isinstance(obj, (CourseText, CoursePolicyArea, Lesson)) and obj.course_id is not None:
            course_ids.add(obj.course_id)
    with session.no_autoflush:
        for course_id in course_ids:
            course = session.get(Course, course_id)
            if course is not None:
                course.updated_at = utcnow()


def watch_course_changes() -> None:
    """Install `_stamp_changed_courses` on every ORM session (once per process)."""
    if not event.contains(Session, "before_flush", _stamp_changed_courses):
        event.listen(Session, "before_flush", _stamp_changed_courses)


def _catalogue_cache() -> dict:
    """This process's catalogue cache for the current course version (emptied when the version changes)."""
    cache = current_app.extensions.setdefault("learning_catalogue", {})
    version = catalogue_version()
    if cache.get("version") != version or len(cache) > CATALOGUE_CACHE_ENTRIES:
        cache.clear()
        cache["version"] = version
    return cache


def cached_catalogue_languages() -> list[str]:
    """`catalogue_languages()`, read once per course version (the version query is the page's only one for it)."""
    cache = _catalogue_cache()
    if "languages" not in cache:
        cache["languages"] = catalogue_languages()
    return cache["languages"]


def catalogue_cards(
    *, language: str, area: str = "", level: str = "", course_language: str = "", search: str = ""
) -> list[CourseCard]:
    """The courses `list_courses` lists, as plain cards, read from the database once per course version, filters and
    reading language, and from this process's memory afterwards (call after `cached_catalogue_languages`, which
    checked the version for this request)."""
    cache = current_app.extensions.setdefault("learning_catalogue", {})
    key = ("cards", language, area, level, course_language, " ".join(search.split())[:100])
    cards = cache.get(key)
    if cards is None or "version" not in cache:
        views = list_courses(language=language, area=area, level=level, course_language=course_language, search=search)
        cards = [CourseCard.of(view) for view in views]
        if "version" in cache:
            cache[key] = cards
    return cards


def continue_items(
    actor: User, language: str, limit: int = 3, enrolments: list[Enrolment] | None = None
) -> list[tuple[CourseView, Progress]]:
    """'Continue where you left off': unfinished courses, most recently active first (`enrolments`: the actor's, when
    the caller has them already)."""
    items = []
    for enrolment in _learner_enrolments(actor) if enrolments is None else enrolments:
        if enrolment.completed_at is not None or enrolment.course.retired_at is not None:
            continue
        items.append((localise(enrolment.course, language), progress_of(enrolment.course, enrolment)))
        if len(items) >= limit:
            break
    return items


def learner_overview(actor: User | None, views: list[CourseView], language: str):
    """({course id: Progress} for the listed courses the actor is enrolled in, 'continue' items)."""
    if actor is None:
        return {}, []
    enrolments = _learner_enrolments(actor)
    by_course = {enrolment.course_id: enrolment for enrolment in enrolments}
    progress = {  # the enrolment's own course (its lessons loaded with it): `views` may be cached cards
        view.course.id: progress_of(by_course[view.course.id].course, by_course[view.course.id])
        for view in views
        if view.course.id in by_course
    }
    return progress, continue_items(actor, language, enrolments=enrolments)


def missing_prerequisites(actor: User | None, course: Course) -> list[Course]:
    """Current prerequisite courses the actor has not completed (all of them for a visitor)."""
    if not course.prerequisite_ids:
        return []
    prerequisites = list(
        db.session.scalars(
            db.select(Course)
            .where(Course.id.in_(course.prerequisite_ids), Course.retired_at.is_(None))
            .order_by(Course.slug)
        )
    )
    if actor is None or not getattr(actor, "is_authenticated", False):
        return prerequisites
    completed = set(
        db.session.scalars(
            db.select(Enrolment.course_id).where(Enrolment.user_id == actor.id, Enrolment.completed_at.is_not(None))
        )
    )
    return [course for course in prerequisites if course.id not in completed]


def lesson_of(course: Course, lesson_slug: str) -> Lesson:
    lesson = next((item for item in course.current_lessons if item.slug == lesson_slug), None)
    if lesson is None:
        raise NotFound(_("This lesson is not part of the course (it may have been removed)."))
    return lesson
