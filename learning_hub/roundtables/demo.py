"""Demo content for `flask seed demo`: one roundtable with a generated list, planned by the demo organiser.

Idempotent: a second seed finds the roundtable by its title and adds nothing. The demo people's texts are embedded
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
from learning_hub.seed import demo_step

DEMO_TITLE = "Demo: opening up who owns companies"
DEMO_ORGANISER = "organiser@example.org"
DEMO_TOPIC = (
    "How reformers publish beneficial ownership registers that people actually use: verifying the data, "
    "linking it to public procurement, and protecting the people who report hidden owners."
)
DEMO_ZONE = "Africa/Nairobi"


def _details(today: date) -> services.Details:
    start = today + timedelta(days=45)
    return services.Details(
        title=DEMO_TITLE,
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
    "quotas": [
        QuotaRow("partner", "", "2", ""),  # at least two technical and financial partners
        QuotaRow("gender", "woman", "40%", ""),
        QuotaRow("sector", "civil_society", "2", ""),
    ],
}


@demo_step("Roundtables")
def seed_roundtable(echo) -> str:
    organiser = db.session.scalar(db.select(User).where(User.email == DEMO_ORGANISER))
    if organiser is None:
        return f"skipped: no {DEMO_ORGANISER} account"
    existing = db.session.scalar(db.select(Roundtable).where(Roundtable.title == DEMO_TITLE).limit(1))
    if existing is not None:
        return f"roundtable #{existing.id} already there"
    texts = [t for c in people.load_candidates() for t in c.texts]
    echo(f"Embedding {len(texts)} texts of listed people for the demo roundtable...")
    engine.embed_texts(texts)
    try:
        roundtable = services.create(
            organiser, _details(utcnow().date()), ListRules(title=DEMO_TITLE, topic=DEMO_TOPIC, **DEMO_RULES)
        )
    except DomainError as exc:
        return f"not created: {exc.message}"
    report = roundtable.report
    return (
        f"roundtable #{roundtable.id}: {roundtable.seats} invited, {report['waitlist']} on the waiting list, "
        f"mean relevance {report['mean_relevance']:.3f}, {report['countries_represented']} countries, "
        f"{report['seconds']:.2f} s"
    )
