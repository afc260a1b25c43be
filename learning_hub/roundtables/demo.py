"""Demo content for `flask seed demo`: a series of two roundtables whose invitees are drawn by the fair lottery (the
second counts the invitations of the first), planned by the demo organiser.

Idempotent: a second seed finds each roundtable by its title and adds nothing. The demo people's texts are embedded
first (a CLI step may write the embedding cache; a page never does), so the list is ranked on every text.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from learning_hub import engine
from learning_hub.errors import DomainError
from learning_hub.extensions import db
from learning_hub.models import Roundtable, User, utcnow
from learning_hub.roundtables import people, services, times
from learning_hub.roundtables.generate import ListRules
from learning_hub.roundtables.quotas import QuotaRow

DEMO_TITLE = "Demo: opening up who owns companies"
DEMO_ORGANISER = "organiser@example.org"
DEMO_TOPIC = (
    "How reformers publish beneficial ownership registers that people actually use: verifying the data, "
    "linking it to public procurement, and protecting the people who report hidden owners."
)
DEMO_ZONE = "Africa/Nairobi"
DEMO_SERIES = "Demo: beneficial ownership 2027"
DEMO_SECOND_TITLE = "Demo: ownership data in public procurement"
DEMO_SECOND_TOPIC = (
    "Using beneficial ownership data in public procurement: checking who owns the companies that bid, flagging "
    "conflicts of interest, and publishing contracts with their owners."
)


def _details(today: date, title: str = DEMO_TITLE, topic: str = DEMO_TOPIC, days: int = 45) -> services.Details:
    start = today + timedelta(days=days)
    return services.Details(
        title=title,
        topic=DEMO_TOPIC,
        starts_at=times.to_utc(start, time(14, 0), DEMO_ZONE),
        time_zone=DEMO_ZONE,
        duration_minutes=90,
        format="virtual",
        location=None,
        invitation_deadline=times.to_utc(start - timedelta(days=10), time(17, 0), DEMO_ZONE),
    )


DEMO_RULES = {
    "seats": 12,
    "max_per_country": 3,
    "pins": [],
    "excludes": [],
    "selection": "lottery",
    "series": DEMO_SERIES,
    "quotas": [
        QuotaRow("partner", "", "2", ""),  # at least two technical and financial partners
        QuotaRow("gender", "woman", "40%", ""),
        QuotaRow("sector", "civil_society", "2", ""),
    ],
}


def seed_roundtable(echo) -> str:
    organiser = db.session.scalar(db.select(User).where(User.email == DEMO_ORGANISER))
    if organiser is None:
        return f"skipped: no {DEMO_ORGANISER} account"
    titles = [(DEMO_TITLE, DEMO_TOPIC, 45), (DEMO_SECOND_TITLE, DEMO_SECOND_TOPIC, 75)]
    existing = {
        title: db.session.scalar(db.select(Roundtable).where(Roundtable.title == title).limit(1))
        for title, _topic, _days in titles
    }
    if all(existing.values()):
        return ", ".join(f"roundtable #{rt.id} already there" for rt in existing.values())
    texts = [t for c in people.load_candidates() for t in c.texts]
    echo(f"Embedding {len(texts)} texts of listed people for the demo roundtables...")
    engine.embed_texts(texts)
    done = []
    for title, topic, days in titles:  # in date order: the second counts the first's invitations
        if existing[title] is not None:
            done.append(f"roundtable #{existing[title].id} already there")
            continue
        try:
            roundtable = services.create(
                organiser,
                _details(utcnow().date(), title, topic, days),
                ListRules(title=title, topic=topic, **DEMO_RULES),
            )
        except DomainError as exc:
            done.append(f"{title!r} not created: {exc.message}")
            continue
        report, draw = roundtable.report, roundtable.draw
        done.append(
            f"roundtable #{roundtable.id} ({draw.get('engine', 'list')}, seed {draw.get('seed')}): "
            f"{roundtable.seats} drawn among {draw.get('eligible')} eligible, smallest chance "
            f"{draw.get('min_probability')}, {report['waitlist']} on the waiting list, "
            f"{report['countries_represented']} countries, {report['seconds']:.2f} s"
        )
    return "; ".join(done)
