"""Fixtures of the roundtable tests: a small directory of listed people whose texts are embedded (as the directory's
job would), an organiser, and helpers that post the roundtable form and walk the emailed links."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from learning_hub import engine
from learning_hub.extensions import db as _db
from learning_hub.models import Roundtable, RoundtableInvitee
from tests.factories import make_user

TOPIC = (
    "Beneficial ownership registers that people use: verifying who owns companies and linking the "
    "register to public procurement."
)
RELEVANT = "Our beneficial ownership register lists who owns companies; we verify owners and link it to procurement."
UNRELATED = (
    "School meals reach rural districts late because trucks break down on muddy roads in the rainy season.",
    "Road maintenance budgets are spent before the rains and potholes return every year.",
)
COUNTRIES = ("KE", "NG", "PH", "CO")


@pytest.fixture
def directory(app):
    """24 listed people: 6 per country, half women; sector civil society, national government, or (4 of them)
    technical and financial partners; the first 10 write about the topic, the rest about something else."""
    people = []
    for n in range(24):
        sector = "technical_financial_partner" if n % 6 == 5 else ("civil_society" if n % 2 else "national_government")
        text = RELEVANT if n < 10 else UNRELATED[n % 2]
        people.append(
            make_user(
                display_name=f"Reformer {n:02d}",
                country=COUNTRIES[n % 4],
                sector=sector,
                gender="woman" if n % 2 == 0 else "man",
                challenges=[text],
                email=f"reformer{n:02d}@example.org",
                organisation=f"Org {n}",
            )
        )
    engine.embed_texts([c.text for u in people for c in u.profile.challenges])
    return people


@pytest.fixture
def eight(app):
    """Four Kenyans (K0-K3) and four Nigerians (N0-N3), all writing the same text on the topic."""
    people = [
        make_user(
            display_name=f"{'K' if n < 4 else 'N'}{n % 4} Person",
            country="KE" if n < 4 else "NG",
            sector="civil_society",
            gender="woman" if n % 2 else "man",
            challenges=[RELEVANT],
            email=f"p{n}@example.org",
            organisation=f"Organisation {n}",
        )
        for n in range(8)
    ]
    engine.embed_texts([RELEVANT])
    return people


@pytest.fixture
def organiser(app):
    return make_user(email="organiser@example.org", roles=("organiser",), display_name="Olive Organiser", listed=False)


def form_data(**overrides) -> dict:
    """A valid create form: 6 seats in Nairobi time, 30 days ahead, deadline 20 days ahead, no quotas."""
    start = date.today() + timedelta(days=30)
    data = {
        "title": "Ownership roundtable",
        "topic": TOPIC,
        "start_date": start.isoformat(),
        "start_time": "14:00",
        "time_zone": "Africa/Nairobi",
        "duration_minutes": "90",
        "format": "virtual",
        "location": "",
        "seats": "6",
        "deadline_date": (start - timedelta(days=10)).isoformat(),
        "deadline_time": "17:00",
        "max_per_country": "",
        "submit": "Save",
    }
    for n in range(3):
        data.update({f"quotas-{n}-who": "", f"quotas-{n}-min": "", f"quotas-{n}-max": ""})
    data.update(overrides)
    return data


def quota(data: dict, n: int, who: str, low: str = "", high: str = "") -> dict:
    data.update({f"quotas-{n}-who": who, f"quotas-{n}-min": low, f"quotas-{n}-max": high})
    return data


def create(client, **overrides) -> Roundtable:
    response = client.post("/roundtables/new", data=form_data(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    rt_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    return _db.session.get(Roundtable, rt_id)


def rows(rt_id: int, role: str | None = None) -> list[RoundtableInvitee]:
    query = _db.select(RoundtableInvitee).where(RoundtableInvitee.roundtable_id == rt_id)
    if role:
        query = query.where(RoundtableInvitee.list_role == role)
    return list(_db.session.scalars(query.order_by(RoundtableInvitee.list_role, RoundtableInvitee.rank)))


LINK = re.compile(r"https?://\S+/roundtables/rsvp/([A-Za-z0-9_.\-]+)\?answer=(accept|decline)")


def links_by_email(outbox) -> dict[str, dict[str, str]]:
    """{recipient: {"accept": path, "decline": path}} from the last email each person got."""
    found = {}
    for message in outbox:
        for token, answer in LINK.findall(message.text):
            found.setdefault(message.to, {})[answer] = f"/roundtables/rsvp/{token}"
    return found
