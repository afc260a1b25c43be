"""Demo content for `flask seed demo`: the courses, a few learners part-way through, and one certificate.

Idempotent: it goes through the same services as the pages (enrolling twice returns the enrolment, completing a
lesson twice changes nothing) and submits a quiz only for an enrolment without attempts.
"""

from __future__ import annotations

from flask import current_app

from learning_hub.extensions import db
from learning_hub.learning import services
from learning_hub.models import Course, Enrolment, User
from learning_hub.seed import demo_step

# (email, course slug, lessons to complete (None: all), quiz: None | "pass" | "fail")
DEMO_LEARNING = [
    ("reformer@example.org", "implementing-reforms", None, "pass"),
    ("reformer@example.org", "leading-co-creation", 2, None),
    ("peter.otieno@example.org", "anti-corruption-commitments", 3, "fail"),
    ("grace.musyoka@example.org", "inclusive-participation", 1, None),
    ("karla.maradiaga@example.org", "anti-corruption-commitments", 2, None),
    ("mentor@example.org", "reform-coalitions", 4, None),
]


def _answers(course: Course, right: bool) -> dict[str, list[str]]:
    """The right answers, or answers wrong on every question (the first wrong option, or the first option)."""
    answers = {}
    for question in course.quiz:
        correct = [o["id"] for o in question["options"] if o["correct"]]
        wrong = [o["id"] for o in question["options"] if not o["correct"]]
        answers[question["id"]] = correct if right else wrong[:1]
    return answers


def _embed_challenges(users: list[User]) -> None:
    """So the demo dashboards can show recommendations at once (the profile feature embeds on every save)."""
    from learning_hub import engine

    texts = [c.text for user in users if user.profile for c in user.profile.challenges]
    if texts:
        engine.embed_texts(texts)


@demo_step("Learning modules")
def seed_learning(echo) -> str:
    from learning_hub.learning.sync import sync_folder

    if db.session.scalar(db.select(Course.id).limit(1)) is None:
        echo("Loading the courses folder (flask courses sync)...")
        report = sync_folder(current_app.config["COURSES_DIR"])
        if not report.ok:
            return (
                f"skipped: the courses folder has {len(report.problems)} problem(s); "
                "run `flask courses sync` to see them"
            )
    users = {
        u.email: u
        for u in db.session.scalars(db.select(User).where(User.email.in_({email for email, *_rest in DEMO_LEARNING})))
    }
    courses = {c.slug: c for c in db.session.scalars(db.select(Course))}
    before = db.session.scalar(db.select(db.func.count(Enrolment.id)))
    for email, slug, lessons, quiz in DEMO_LEARNING:
        user, course = users.get(email), courses.get(slug)
        if user is None or course is None:
            continue
        language = user.locale or "en"
        enrolment, _created = services.enrol(user, slug)
        for lesson in course.current_lessons[:lessons]:
            services.complete_lesson(user, slug, lesson.slug, language)
        db.session.refresh(enrolment)
        if quiz and not enrolment.attempts:
            services.submit_quiz(user, slug, _answers(course, quiz == "pass"), language)
    _embed_challenges(list(users.values()))
    after = db.session.scalar(db.select(db.func.count(Enrolment.id)))
    return f"{after - before} enrolment(s) added, {after} in all"
