"""Demo content for `flask seed demo`: two active mentorships, one request waiting for a mentor's answer and one in
the coordinators' queue, made through the same services as the pages (suggestions, choices, accept).

Idempotent: a demo requester who already has a sent request is left alone.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from learning_hub.extensions import db
from learning_hub.mentoring import inbox, lifecycle, requests, suggest
from learning_hub.models import MentoringRequest, User
from learning_hub.models.mentoring import RequestState

DEMO_MENTOR = "mentor@example.org"

# (requester, need, languages, what the demo makes of it)
DEMO_REQUESTS = [
    (
        "reformer@example.org",
        (
            "I am starting a beneficial ownership register in Kenya and need advice on verifying the data that "
            "companies submit and on getting procurement agencies to use it."
        ),
        ["en"],
        "active",
    ),
    (
        "karla.maradiaga@example.org",
        (
            "Necesito orientación para que los municipios publiquen sus contratos en formato de datos abiertos y para "
            "involucrar a la sociedad civil en el seguimiento."
        ),
        ["es"],
        "active",
    ),
    (
        "hassan.noor@example.org",
        (
            "Our county wants to run participatory budgeting for the first time; I would like a mentor who has "
            "organised public hearings on the budget and reported back to citizens."
        ),
        ["en"],
        "pending",
    ),
    (
        "rizal.harahap@example.org",
        (
            "Saya membutuhkan mentor untuk membantu membangun portal data terbuka di tingkat provinsi dan melatih staf "
            "untuk memperbarui data secara rutin."
        ),
        ["id", "en"],
        "queued",
    ),
]


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _already_sent(user: User) -> bool:
    return (
        db.session.scalar(
            select(MentoringRequest.id)
            .where(MentoringRequest.requester_id == user.profile.id, MentoringRequest.state != RequestState.DRAFT)
            .limit(1)
        )
        is not None
    )


def _choices(draft: MentoringRequest) -> list[int]:
    """The two best suggestions, with the demo mentor account first when it is among them (handy for a tour)."""
    ids = [s.mentor.profile_id for s in suggest.suggestions_for(draft)]
    demo = _user(DEMO_MENTOR)
    if demo is not None and demo.profile.id in ids:
        ids.remove(demo.profile.id)
        ids.insert(0, demo.profile.id)
    return ids[:2]


def _make(user: User, need: str, languages: list[str], outcome: str) -> str:
    draft = requests.create_draft(user, need=need, languages=languages, preferred_countries=[], excluded_countries=[])
    sent = requests.submit(user, draft.id, [] if outcome == "queued" else _choices(draft))
    if outcome != "active" or sent.state != "pending":
        return sent.state
    offer = sent.pending_offer
    mentorship = inbox.accept(offer.mentor.user, offer.id)
    lifecycle.add_note(
        user,
        mentorship.id,
        kind="goal",
        text="Agree on a first version of the plan and who to involve, within two months.",
    )
    lifecycle.add_note(
        offer.mentor.user,
        mentorship.id,
        kind="note",
        text="First call: we mapped the people who can unblock the data and agreed to meet every two weeks.",
    )
    return "active"


def seed_mentoring(echo) -> str:
    made, kept = [], 0
    for email, need, languages, outcome in DEMO_REQUESTS:
        user = _user(email)
        if user is None or user.profile is None:
            continue
        if _already_sent(user):
            kept += 1
            continue
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # no request to choose a language from
            made.append(_make(user, need, languages, outcome))
    if not made:
        return f"{kept} demo requests already there"
    return f"{len(made)} demo requests made ({', '.join(made)}), {kept} already there"
