"""Demo content for `flask seed demo`: one recognition round open for nominations, with a panel of five reviewers
from outside the programme's countries (so no country conflicts with the demo stories) and four nominations made
through the same services as the pages. Idempotent: nothing is added once any round exists."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning_hub.extensions import db
from learning_hub.models import RecognitionRound, User, utcnow
from learning_hub.recognition import services
from learning_hub.showcase import public

COORDINATOR = "coordinator@example.org"
REVIEWERS = (
    "oliver.pritchard@example.org",
    "oksana.kovalenko@example.org",
    "giorgi.beridze@example.org",
    "mariana.gutierrez@example.org",
    "thandeka.mokoena@example.org",
)
CRITERIA = [
    ("Results backed by evidence", 3),
    ("Innovation", 2),
    ("Inclusion of the people affected", 2),
    ("Potential to be adapted elsewhere", 1),
]
# (nominator, a word of the story's title to find it, the statement)
NOMINATIONS = [
    (
        "luzmarina.caicedo@example.org",
        "contratación",
        "The risk alerts turned open contracting data into something citizen monitors actually use: the fall in "
        "single-bidder tenders is measured, and the method has been shared with other departments.",
    ),
    (
        "esi.amoako@example.org",
        "",
        "A reform that changed how ordinary people reach public information, with figures on requests answered "
        "and a clear account of what did not work at first.",
    ),
    (
        "hassan.noor@example.org",
        "",
        "This reform brought the people most affected into the room from the start and kept them there; the results "
        "section shows what changed for them, not only for the institution.",
    ),
    (
        "rina.kusumawati@example.org",
        "",
        "Small budget, lasting effect: the approach is documented well enough that another province could copy it "
        "within a year.",
    ),
]


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def seed_round(echo) -> str | None:
    if db.session.scalar(select(RecognitionRound.id).limit(1)):
        return None
    coordinator = _user(COORDINATOR)
    reviewers = [u for u in (_user(e) for e in REVIEWERS) if u is not None]
    stories = public.public_stories()
    if coordinator is None or len(reviewers) < 2 or not stories:
        return None
    today = utcnow().date()
    found = services.open_round(
        coordinator,
        services.RoundInput(
            name=f"Open-government reform awards {today.year}",
            areas=["accountability", "gender_inclusion", "participation"],
            opens_on=today - timedelta(days=7),
            closes_on=today + timedelta(days=21),
            criteria=CRITERIA,
            reviewer_ids=[u.id for u in reviewers],
            per_item=2,
        ),
    )
    made = 0
    for (email, word, statement), fallback in zip(NOMINATIONS, stories, strict=False):
        nominator = _user(email)
        if nominator is None:
            continue
        choices = services.nominable_stories(found)
        story = next((s for s in choices if word and word in s.title.lower()), None)
        story = story or next((s for s in choices if s.id == fallback.id), None) or (choices[0] if choices else None)
        if story is None:
            break
        services.nominate(nominator, found.id, story.id, statement)
        made += 1
    return f"1 recognition round open with {made} nominations"
