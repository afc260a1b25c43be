"""Demo content for `flask seed demo`: introductions answered every way (pending, accepted with a thread, declined)
and a thread in the demo mentorship, made through the same services as the pages. Emails go through the configured
backend like any other. Idempotent: nothing is added once the demo reformer has sent an introduction."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from learning_hub.extensions import db
from learning_hub.introductions import conversations, services
from learning_hub.models import Introduction, MentoringRequest, User
from learning_hub.models.mentoring import RequestState

DEMO_SENDER = "reformer@example.org"

# (sender, recipient, purpose, message, outcome, thread)
DEMO_INTRODUCTIONS = [
    (
        DEMO_SENDER,
        "karla.maradiaga@example.org",
        "peer_exchange",
        "Hello Karla, I coordinate Kenya's beneficial ownership register and read that Honduras now publishes "
        "municipal contracts as open data. Could we compare how you got procurement offices to use the data?",
        "accepted",
        [
            (
                DEMO_SENDER,
                "Thank you for accepting! Would a call next Tuesday work? Our draft is at https://www.opengovpartnership.org/members/kenya/",
            ),
            (
                "karla.maradiaga@example.org",
                "¡Con gusto! El martes a las 15:00 UTC me va bien. Le comparto nuestra guía después.",
            ),
        ],
    ),
    (
        DEMO_SENDER,
        "rizal.harahap@example.org",
        "implementation_support",
        "Dear Rizal, our county is building an open data portal and I would value your advice on keeping "
        "provincial datasets up to date after launch.",
        "pending",
        [],
    ),
    (
        "hassan.noor@example.org",
        DEMO_SENDER,
        "mentoring",
        "Hi, I am preparing our first participatory budgeting hearings and would like to learn from your "
        "experience with public registers and civil society monitoring.",
        "declined",
        [],
    ),
]


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def seed_introductions(echo) -> str | None:
    sender = _user(DEMO_SENDER)
    if sender is None or sender.profile is None:
        return None
    if db.session.scalar(select(Introduction.id).where(Introduction.sender_id == sender.profile.id).limit(1)):
        return None
    made = 0
    with force_locale("en"):
        for from_email, to_email, purpose, message, outcome, thread in DEMO_INTRODUCTIONS:
            asker, asked = _user(from_email), _user(to_email)
            if asker is None or asked is None or asker.profile is None or asked.profile is None:
                continue
            intro = services.ask(asker, asked.profile.id, purpose, message)
            if outcome == "accepted":
                services.accept(asked, intro.id)
            elif outcome == "declined":
                services.decline(asked, intro.id, "I am travelling for the next two months; please ask me again later.")
            for author_email, body in thread:
                conversations.post(_user(author_email), "introduction", intro.id, body)
            made += 1
        mentorship = db.session.scalar(
            select(MentoringRequest)
            .where(MentoringRequest.state == RequestState.ACTIVE)
            .order_by(MentoringRequest.id)
            .limit(1)
        )
        if mentorship is not None and mentorship.requester and mentorship.mentor:
            mentee, mentor = mentorship.requester.user, mentorship.mentor.user
            conversations.post(
                mentee, "mentorship", mentorship.id, "Thank you for mentoring me! Here is my plan for the first month."
            )
            conversations.post(
                mentor, "mentorship", mentorship.id, "Glad to help. Let us start with who uses the register today."
            )
    return f"{made} introductions with their threads"
