"""/api/v1/courses and /api/v1/enrolments: the catalogue, a course, enrolling, lessons done, the quiz, my progress.
The services of /courses (learning.catalogue and learning.services), in the reader's language (`lang`, else the
account's language)."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import get_locale

from learning_hub.api.common import EmptySchema, actor, refusal, slice_page
from learning_hub.api.core import PageQuerySchema, api_blueprint
from learning_hub.api.schemas.learning import (
    AnswersSchema,
    AttemptSchema,
    CatalogueQuerySchema,
    CoursePageSchema,
    CourseSchema,
    EnrolmentPageSchema,
    ProgressSchema,
    QuizSchema,
    ReadingQuerySchema,
)
from learning_hub.learning import catalogue, services
from learning_hub.learning.certificates import certificate_for

blp = api_blueprint("api_courses", __name__, "", "Courses, enrolment, progress and quizzes.")

NOT_ENROLLED = "Not enrolled in this course, or a prerequisite is not completed yet (`forbidden`)."


def _language(args) -> str:
    return args.get("lang") or str(get_locale() or "en")


def progress_body(course, enrolment, user) -> dict | None:
    if enrolment is None:
        return None
    progress = catalogue.progress_of(course, enrolment)
    certificate = certificate_for(user, course)
    return {
        "enrolled_at": enrolment.enrolled_at,
        "lessons_total": progress.lessons_total,
        "lessons_done": progress.lessons_done,
        "quiz_passed": progress.quiz_passed,
        "best_score": enrolment.best_score,
        "percent": progress.percent,
        "completed_at": enrolment.completed_at,
        "next_lesson": progress.next_lesson.slug if progress.next_lesson else None,
        "certificate": certificate.code if certificate is not None else None,
    }


def summary_body(view, enrolment, user) -> dict:
    course = view.course
    return {
        "slug": course.slug,
        "title": view.text.title,
        "summary": view.text.summary,
        "language": view.language,
        "languages": course.languages,
        "level": course.level,
        "estimated_minutes": course.estimated_minutes,
        "policy_areas": course.policy_areas,
        "lesson_count": len(course.current_lessons),
        "progress": progress_body(course, enrolment, user),
    }


@blp.route("/courses", endpoint="catalogue")
@blp.arguments(CatalogueQuerySchema, location="query")
@blp.response(200, CoursePageSchema)
def list_courses(args):
    """The course catalogue.

    Current courses, introductory first, with my progress where I am enrolled.
    """
    language, user = _language(args), actor()
    views = catalogue.list_courses(
        language=language,
        area=args.get("area", ""),
        level=args.get("level", ""),
        course_language=args.get("language", ""),
        search=args.get("q", ""),
    )
    progress, _continuing = catalogue.learner_overview(user, views, language)
    page = slice_page(views, args["page"], args["per_page"])
    page["items"] = [
        summary_body(view, progress[view.course.id].enrolment if view.course.id in progress else None, user)
        for view in page["items"]
    ]
    return page


@blp.route("/courses/<slug>", endpoint="course")
@blp.arguments(ReadingQuerySchema, location="query")
@blp.response(200, CourseSchema)
def get_course(args, slug: str):
    """A course, with my progress.

    Its lessons (done or not), the quiz's size and pass mark, the prerequisites still missing.
    """
    language, user = _language(args), actor()
    course = catalogue.get_course(slug, user)
    view = catalogue.localise(course, language)
    enrolment = catalogue.enrolment_of(user, course)
    done = enrolment.completed_lesson_ids if enrolment else set()
    body = summary_body(view, enrolment, user)
    body.update(
        pass_mark=course.pass_mark,
        questions=len(course.quiz or []),
        lessons=[
            {"slug": lesson.slug, "title": lesson.text_for(view.language).title, "done": lesson.id in done}
            for lesson in course.current_lessons
        ],
        missing_prerequisites=[
            {"slug": item.slug, "title": catalogue.localise(item, language).text.title}
            for item in catalogue.missing_prerequisites(user, course)
        ],
    )
    return body


@blp.route("/courses/<slug>/enrol", endpoint="enrol", methods=["POST"])
@blp.arguments(EmptySchema)
@blp.response(201, ProgressSchema)
@blp.alt_response(200, schema=ProgressSchema, description="Already enrolled: my progress.", success=True)
@refusal(blp, 403, NOT_ENROLLED)
def enrol(_data, slug: str):
    """Enrol in a course.

    201, or 200 when already enrolled. Refused (403) while a prerequisite is not completed.
    """
    user = actor()
    enrolment, created = services.enrol(user, slug)
    return progress_body(enrolment.course, enrolment, user), 201 if created else 200


@blp.route("/courses/<slug>/lessons/<lesson_slug>/complete", endpoint="complete_lesson", methods=["POST"])
@blp.arguments(EmptySchema)
@blp.response(200, ProgressSchema)
@refusal(blp, 403, NOT_ENROLLED)
def complete_lesson(_data, slug: str, lesson_slug: str):
    """Mark a lesson done.

    Idempotent. With every lesson done and the quiz passed, the course is completed and the certificate issued.
    """
    user = actor()
    enrolment, _certificate = services.complete_lesson(user, slug, lesson_slug, str(get_locale() or "en"))
    return progress_body(enrolment.course, enrolment, user)


@blp.route("/courses/<slug>/quiz", endpoint="quiz")
class Quiz(MethodView):
    @blp.arguments(ReadingQuerySchema, location="query")
    @blp.response(200, QuizSchema)
    @refusal(blp, 403, NOT_ENROLLED)
    def get(self, args, slug: str):
        """The course's quiz, in my language.

        Questions and options only: the answer key stays on the server. Needs an enrolment (403).
        """
        user = actor()
        course = catalogue.get_course(slug, user)
        services.require_enrolment(user, course)
        view = catalogue.localise(course, _language(args))
        words = view.text.quiz or {}
        questions = [
            {
                "id": q["id"],
                "type": q["type"],
                "prompt": words.get(q["id"], {}).get("prompt", ""),
                "options": [
                    {"id": o["id"], "text": words.get(q["id"], {}).get("options", {}).get(o["id"], {}).get("text", "")}
                    for o in q["options"]
                ],
            }
            for q in course.quiz or []
        ]
        return {"language": view.language, "pass_mark": course.pass_mark, "questions": questions}

    @blp.arguments(AnswersSchema)
    @blp.response(201, AttemptSchema)
    @refusal(blp, 403, NOT_ENROLLED)
    def post(self, data, slug: str):
        """Submit my quiz answers.

        Every question must be answered. The attempt is scored and recorded, and passing may complete the course.
        Retries are unlimited and the best score counts.
        """
        user = actor()
        attempt = services.submit_quiz(user, slug, data["answers"], str(get_locale() or "en"))
        enrolment = catalogue.enrolment_of(user, catalogue.get_course(slug, user))
        return {
            "id": attempt.id,
            "submitted_at": attempt.submitted_at,
            "score": attempt.score,
            "passed": attempt.passed,
            "correct_count": attempt.correct_count,
            "question_count": attempt.question_count,
            "results": attempt.results,
            "progress": progress_body(enrolment.course, enrolment, user),
        }


@blp.route("/enrolments", endpoint="enrolments")
@blp.arguments(PageQuerySchema, location="query")
@blp.response(200, EnrolmentPageSchema)
def enrolments(args):
    """My enrolments and progress.

    Most recently active first, with certificates.
    """
    user = actor()
    language = str(get_locale() or "en")
    page = slice_page(catalogue.enrolments_of(user), args["page"], args["per_page"])
    page["items"] = [
        {
            "course": {"slug": e.course.slug, "title": catalogue.localise(e.course, language).text.title},
            "progress": progress_body(e.course, e, user),
        }
        for e in page["items"]
    ]
    return page
