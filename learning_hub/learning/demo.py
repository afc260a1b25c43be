"""Demo content for `flask seed demo`: the courses, a few learners part-way through, and one certificate.

Idempotent: it goes through the same services as the pages (enrolling twice returns the enrolment, completing a
lesson twice changes nothing) and submits a quiz only for an enrolment without attempts.
"""

from __future__ import annotations

from flask import current_app

from learning_hub.errors import DomainError
from learning_hub.extensions import db
from learning_hub.learning import services
from learning_hub.models import Course, Enrolment, User

# (email, course slug, lessons to complete (None: all), quiz: None | "pass" | "fail")
DEMO_LEARNING = [
    ("reformer@example.org", "implementing-reforms", None, "pass"),
    ("reformer@example.org", "leading-co-creation", 2, None),
    ("peter.otieno@example.org", "anti-corruption-commitments", 3, "fail"),
    ("grace.musyoka@example.org", "inclusive-participation", 1, None),
    ("karla.maradiaga@example.org", "anti-corruption-commitments", 2, None),
    ("mentor@example.org", "reform-coalitions", 4, None),
    # Peers who finished the implementation course in other countries: candidate reviewers of applied milestones.
    ("maricel.santos@example.org", "implementing-reforms", None, "pass"),
    ("esi.amoako@example.org", "implementing-reforms", None, "pass"),
    ("aisha.bello@example.org", "implementing-reforms", None, "pass"),
]

# (author's email, course slug, milestone text, show on certificate, review by the assigned peer or None)
DEMO_MILESTONES = [
    (
        "reformer@example.org",
        "implementing-reforms",
        "Commitment: publish the progress of every ward development project on the county's ward project tracker. "
        "Problem: residents cannot see whether funded projects are built; our weakest assumption is that ward "
        "administrators will upload photos and payment data every month.\n\n"
        "Milestones: (1) by March 2027 the county ICT unit publishes the tracker with data on all 2026 projects; "
        "evidence: the public tracker page. (2) By June 2027 the finance office adds payment dates for each "
        "project; evidence: the monthly data file. (3) By October 2027 at least ten ward committees use the "
        "tracker in public meetings to question delayed projects; evidence: published meeting minutes (outcome).\n\n"
        "First tasks: agree the data fields with the finance office (depends on the new accounting system), train "
        "ward administrators. Main risk: uploads stop after the training; the budget office watches the monthly "
        "upload count. Costs: hosting is in the ICT budget; training for 30 wards is not funded yet (gap).\n\n"
        "Civil society reviews progress with us at the quarterly county budget forum and can raise problems "
        "through the tracker's comment form.",
        True,
        {
            "scores": {"r1": "met", "r2": "met", "r3": "partly", "r4": "met", "r5": "met"},
            "comment": "A clear plan with checkable milestones, and the third one is a real outcome. The risk of "
            "uploads stopping is named, but say who acts when the count drops, not only who watches it. In our "
            "city we tied uploads to the monthly payment run, which kept them going.",
        },
    ),
    (
        "esi.amoako@example.org",
        "implementing-reforms",
        "Commitment: district assemblies follow up every audit recommendation in a public forum. Problem: audit "
        "findings are read in parliament but rarely acted on locally; the weakest assumption is that district "
        "chief executives will attend. Milestones: (1) by April 2027 the audit service publishes a list of open "
        "recommendations per district; (2) by September 2027 five districts hold a follow-up forum with civil "
        "society and publish the minutes (outcome); (3) by December 2027 the audit service reports how many "
        "recommendations were closed. First tasks: agree the forum format with the local government service. "
        "Risk: forums are postponed before elections; the regional coordinating council watches the calendar. "
        "Costs: venues from district budgets; facilitation not funded yet. Civil society reviews progress at each "
        "forum.",
        False,
        None,
    ),
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
    milestones_added = _seed_milestones(courses)
    return f"{after - before} enrolment(s) added, {after} in all; {milestones_added} applied milestone(s) submitted"


def _seed_milestones(courses: dict[str, Course]) -> int:
    """Submit the demo milestones through the service (the engine assigns each reviewer) and let the first
    reviewer complete their review. Skips a milestone already submitted."""
    from learning_hub.learning import milestones

    added = 0
    for email, slug, text, show, review in DEMO_MILESTONES:
        author = db.session.scalar(db.select(User).where(User.email == email))
        course = courses.get(slug)
        if author is None or course is None or milestones.submission_of(author, course) is not None:
            continue
        try:
            _submission, assigned = milestones.submit(author, slug, text, None, show, author.locale or "en")
        except DomainError:
            continue  # e.g. the course is not completed in this database
        added += 1
        if assigned is not None and review is not None and assigned.reviewer is not None:
            milestones.complete_review(assigned.reviewer, assigned.id, review["scores"], review["comment"])
    return added
