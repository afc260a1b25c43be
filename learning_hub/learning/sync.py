"""Load validated course specs into the database: insert and update by slug, in one transaction.

Nothing a learner did is ever deleted here. A lesson that leaves course.yaml is retired (kept, without a position) and
comes back with its progress if its slug returns; a course folder that disappears is retired the same way. Values are
assigned only when they differ, so a second sync of the same folder issues no UPDATE at all and reports "no changes".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from learning_hub.extensions import db
from learning_hub.learning.spec import CourseSpec, Problem, ReferenceSpec, TextSpec
from learning_hub.learning.validate import validate_content
from learning_hub.models import (
    Course,
    CoursePolicyArea,
    CoursePrerequisite,
    CourseTemplate,
    CourseText,
    Lesson,
    LessonText,
    ReferencePage,
    ReferenceRule,
    utcnow,
)


@dataclass
class SyncReport:
    problems: list[Problem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    lessons_retired: int = 0
    lessons_restored: int = 0
    reference_changed: bool = False
    embedded: int = 0
    checked_only: bool = False
    warnings: list[Problem] = field(default_factory=list)  # do not block the sync (e.g. reference rules due a check)
    specs: list[CourseSpec] = field(default_factory=list)  # what was validated, for the figures

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired or self.reference_changed)


@dataclass(frozen=True)
class LanguageFigures:
    """What `flask courses sync` prints per language: courses, lessons, words and readability."""

    language: str
    courses: int
    lessons: int
    words: int
    measure: str
    target: str
    lowest: float | None  # the range of the lessons' readability scores
    highest: float | None
    mean: float | None
    over_target: int


def language_figures(specs: list[CourseSpec]) -> list[LanguageFigures]:
    by_language: dict[str, list] = {}
    courses: dict[str, int] = {}
    for spec in specs:
        for language, text in spec.texts.items():
            by_language.setdefault(language, []).extend(text.lessons)
            courses[language] = courses.get(language, 0) + 1
    figures = []
    for language in sorted(by_language, key=lambda code: (code != "en", code)):
        lessons = by_language[language]
        measured = [lesson.readability for lesson in lessons if lesson.readability is not None]
        scores = [item.score for item in measured]
        figures.append(
            LanguageFigures(
                language=language,
                courses=courses[language],
                lessons=len(lessons),
                words=sum(lesson.words for lesson in lessons),
                measure=measured[0].measure if measured else "none",
                target=measured[0].describe().split("(", 1)[1].rstrip(")") if measured else "",
                lowest=min(scores) if scores else None,
                highest=max(scores) if scores else None,
                mean=round(sum(scores) / len(scores), 1) if scores else None,
                over_target=sum(1 for item in measured if not item.ok),
            )
        )
    return figures


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def course_embedding_text(title: str, summary: str, lesson_titles: list[str]) -> str:
    """What the engine embeds for a course: title, summary and lesson titles (title-plus-summary carries most
    meaning, and the embedder truncates long texts; matching/README.md)."""
    return f"{title}. {summary} " + "; ".join(lesson_titles)


def spec_embedding_texts(specs: list[CourseSpec]) -> list[str]:
    return [
        course_embedding_text(text.title, text.summary, [lesson.title for lesson in text.lessons])
        for spec in specs
        for text in spec.texts.values()
    ]


def sync_folder(
    path: Path | str, *, check_only: bool = False, embed: bool = True, today: date | None = None
) -> SyncReport:
    """Validate the folder; if every file is valid (and not `check_only`), embed the course texts and load them.
    `today` dates the reference page's freshness check (default: the current date)."""
    specs, reference, problems = validate_content(path, today)
    report = SyncReport(problems=problems, checked_only=check_only, warnings=reference.warnings, specs=specs)
    if problems or check_only:
        report.unchanged = [spec.slug for spec in specs] if check_only else []
        return report
    if embed:
        # Embedding commits its own cache rows; it runs before the content transaction so that an encoder failure
        # leaves the courses exactly as they were.
        from learning_hub import engine

        texts = spec_embedding_texts(specs)
        try:
            report.embedded = len(engine.missing_texts(texts))
            if report.embedded:
                engine.embed_texts(texts)
        except Exception as exc:  # a model that cannot load, a full disk: say so, load nothing
            db.session.rollback()
            report.problems.append(
                Problem(
                    str(path), 0, f"could not embed the course texts for recommendations ({type(exc).__name__}: {exc})"
                )
            )
            return report
    try:
        apply(specs, report)
        report.reference_changed = apply_reference(reference)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _assign(obj, **values) -> bool:
    """Set only the attributes whose value differs; True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def apply(specs: list[CourseSpec], report: SyncReport) -> None:
    """Write the specs into the session (the caller commits). All courses in the folder become current."""
    now = utcnow()
    existing = {course.slug: course for course in db.session.scalars(db.select(Course))}
    courses: dict[str, Course] = {}
    changed: dict[str, bool] = {}
    for spec in specs:
        course = existing.get(spec.slug)
        if course is None:
            course = Course(
                slug=spec.slug,
                language=spec.language,
                level=spec.level,
                estimated_minutes=spec.estimated_minutes,
                pass_mark=spec.pass_mark,
                quiz=spec.quiz,
                cases=spec.cases,
                milestone=spec.milestone,
            )
            db.session.add(course)
            report.created.append(spec.slug)
            changed[spec.slug] = True
        else:
            changed[spec.slug] = _assign(
                course,
                language=spec.language,
                level=spec.level,
                estimated_minutes=spec.estimated_minutes,
                pass_mark=spec.pass_mark,
                quiz=spec.quiz,
                cases=spec.cases,
                milestone=spec.milestone,
                retired_at=None,
            )
        changed[spec.slug] |= _sync_areas(course, spec.policy_areas)
        changed[spec.slug] |= _sync_texts(course, spec)
        changed[spec.slug] |= _sync_templates(course, spec)
        changed[spec.slug] |= _sync_lessons(course, spec, now, report)
        courses[spec.slug] = course
    db.session.flush()
    for spec in specs:
        course = courses[spec.slug]
        wanted = {courses[slug].id for slug in spec.prerequisites}
        if set(course.prerequisite_ids) != wanted:
            course.prerequisite_rows = [row for row in course.prerequisite_rows if row.prerequisite_id in wanted] + [
                CoursePrerequisite(prerequisite_id=pid) for pid in sorted(wanted - set(course.prerequisite_ids))
            ]
            changed[spec.slug] = True
        if changed[spec.slug] and spec.slug not in report.created:
            report.updated.append(spec.slug)
            # A change to its texts, areas, lessons or templates alone leaves the course row as it was: stamp it, as
            # the catalogue's cache reads the courses' version from it.
            course.updated_at = utcnow()
        elif not changed[spec.slug]:
            report.unchanged.append(spec.slug)
    for slug, course in sorted(existing.items()):
        if slug not in courses and course.retired_at is None:
            course.retired_at = now
            report.retired.append(slug)
    db.session.flush()


def _sync_areas(course: Course, areas: list[str]) -> bool:
    if course.policy_areas == sorted(areas):
        return False
    keep = {row.area: row for row in course.area_rows}
    course.area_rows = [keep.get(area) or CoursePolicyArea(area=area) for area in areas]
    return True


def _sync_texts(course: Course, spec: CourseSpec) -> bool:
    changed = False
    by_language = {text.language: text for text in course.texts}
    for language, text in spec.texts.items():
        row = by_language.get(language)
        milestone = _milestone_words(text)
        if row is None:
            course.texts.append(
                CourseText(
                    language=language, title=text.title, summary=text.summary, quiz=text.quiz, milestone=milestone
                )
            )
            changed = True
        else:
            changed |= _assign(row, title=text.title, summary=text.summary, quiz=text.quiz, milestone=milestone)
    for language, row in by_language.items():
        if language not in spec.texts:  # a translation removed from the folder: its words go, progress stays
            course.texts.remove(row)
            changed = True
    return changed


def _sync_lessons(course: Course, spec: CourseSpec, now, report: SyncReport) -> bool:
    changed = False
    by_slug = {lesson.slug: lesson for lesson in course.lessons}
    wanted = spec.lesson_slugs
    for position, slug in enumerate(wanted):
        lesson = by_slug.get(slug)
        if lesson is None:
            lesson = Lesson(slug=slug, position=position)
            course.lessons.append(lesson)
            changed = True
        else:
            if lesson.retired_at is not None:
                report.lessons_restored += 1
            changed |= _assign(lesson, position=position, retired_at=None)
        changed |= _sync_lesson_texts(lesson, slug, spec.texts)
    for slug, lesson in by_slug.items():
        if slug not in wanted and lesson.retired_at is None:
            lesson.retired_at, lesson.position = now, None
            report.lessons_retired += 1
            changed = True
    return changed


def _sync_lesson_texts(lesson: Lesson, slug: str, texts: dict[str, TextSpec]) -> bool:
    changed = False
    by_language = {text.language: text for text in lesson.texts}
    for language, text in texts.items():
        source = next(item for item in text.lessons if item.slug == slug)
        digest = body_hash(source.body)
        row = by_language.get(language)
        if row is None:
            lesson.texts.append(
                LessonText(
                    language=language,
                    title=source.title,
                    body=source.body,
                    body_hash=digest,
                    word_count=source.words,
                    version=1,
                    objectives=source.objectives,
                )
            )
            changed = True
            continue
        if row.body_hash != digest:
            row.body, row.body_hash, row.version = source.body, digest, row.version + 1
            changed = True
        changed |= _assign(row, title=source.title, word_count=source.words, objectives=source.objectives)
    for language, row in by_language.items():
        if language not in texts:
            lesson.texts.remove(row)
            changed = True
    return changed


def _milestone_words(text: TextSpec) -> dict:
    if text.milestone is None:
        return {}
    return {"title": text.milestone.title, "prompt": text.milestone.prompt, "rubric": dict(text.milestone.rubric)}


def _sync_templates(course: Course, spec: CourseSpec) -> bool:
    """Templates by (language, slug): updated in place, added, and removed when they leave the folder (no learner
    record points at a template)."""
    changed = False
    existing = {(row.language, row.slug): row for row in course.templates}
    wanted = set()
    for language, text in spec.texts.items():
        for position, template in enumerate(text.templates):
            key = (language, template.slug)
            wanted.add(key)
            digest = body_hash(template.body)
            row = existing.get(key)
            if row is None:
                course.templates.append(
                    CourseTemplate(
                        language=language,
                        slug=template.slug,
                        position=position,
                        title=template.title,
                        body=template.body,
                        body_hash=digest,
                    )
                )
                changed = True
                continue
            if row.body_hash != digest:
                row.body, row.body_hash = template.body, digest
                changed = True
            changed |= _assign(row, position=position, title=template.title)
    for key, row in existing.items():
        if key not in wanted:
            course.templates.remove(row)
            changed = True
    return changed


def apply_reference(reference: ReferenceSpec) -> bool:
    """Make the reference page's rows match the folder (the caller commits); True if anything changed. Rules are
    keyed by id; a rule that leaves the folder is deleted (lessons that linked to it no longer validate)."""
    changed = False
    rules = {rule.slug: rule for rule in db.session.scalars(db.select(ReferenceRule))}
    for position, spec in enumerate(reference.rules):
        values = {
            "position": position,
            "source_title": spec.source_title,
            "source_url": spec.source_url,
            "in_force_since": spec.in_force_since,
            "checked": spec.checked,
            "texts": spec.texts,
        }
        row = rules.pop(spec.id, None)
        if row is None:
            db.session.add(ReferenceRule(slug=spec.id, **values))
            changed = True
        else:
            changed |= _assign(row, **values)
    for row in rules.values():
        db.session.delete(row)
        changed = True
    pages = {page.language: page for page in db.session.scalars(db.select(ReferencePage))}
    for language, words in reference.page.items():
        row = pages.pop(language, None)
        if row is None:
            db.session.add(ReferencePage(language=language, title=words["title"], intro=words["intro"]))
            changed = True
        else:
            changed |= _assign(row, title=words["title"], intro=words["intro"])
    for row in pages.values():
        db.session.delete(row)
        changed = True
    db.session.flush()
    return changed
