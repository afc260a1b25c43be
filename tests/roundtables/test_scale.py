"""How long an organiser waits for a list from a large directory: the create POST (read every listed person's cached
vectors, solve, explain, store) over thousands of people with real reform texts (../shared/data). Prints the figure;
the bound is loose because the machine is shared (the lead re-measures on a quiet one)."""

from __future__ import annotations

import csv
import time

import pytest

from learning_hub import engine
from learning_hub.models import Challenge, Profile, Reform, Roundtable, User, utcnow
from tests import shared_data
from tests.roundtables.helpers import form_data, quota

COUNTRIES = ("KE", "NG", "PH", "CO", "ID", "GH", "HN", "MX", "BR", "ZA", "UA", "GE")
SECTORS = ("national_government", "civil_society", "legislature", "oversight_audit", "technical_financial_partner")


def _texts() -> list[str]:
    texts = []
    for name, column in (("ogp_parliament_commitments.csv", "text"), ("worldbank_project_themes.csv", "text")):
        path = shared_data.require(name)
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            column = column if column in (reader.fieldnames or []) else (reader.fieldnames or [""])[-1]
            texts += [row[column][:1500] for row in reader if row.get(column)]
    return texts


@pytest.mark.slow
@pytest.mark.parametrize("people", [3000])
def test_generating_a_list_from_a_large_directory(app, db, client_as, organiser, people):
    texts = _texts()
    now = utcnow()
    for n in range(people):
        user = User(email=f"bulk{n}@example.org", locale="en", claimed_at=now)
        profile = Profile(
            display_name=f"Bulk {n}",
            country=COUNTRIES[n % len(COUNTRIES)],
            sector=SECTORS[n % len(SECTORS)],
            gender=("woman", "man")[n % 2],
            visibility="members",
            consented_at=now,
        )
        profile.challenges.append(Challenge(text=f"{texts[n % len(texts)]} ({n})", language="en"))
        if n % 3 == 0:
            profile.reforms.append(
                Reform(title=f"Reform {n}", description=texts[(n * 7) % len(texts)], status="completed", language="en")
            )
        user.profile = profile
        db.session.add(user)
    db.session.commit()
    all_texts = [c for (c,) in db.session.execute(db.select(Challenge.text))]
    all_texts += [f"{t}. {d}" for t, d in db.session.execute(db.select(Reform.title, Reform.description))]
    engine.embed_texts(all_texts)
    data = form_data(
        seats="20",
        max_per_country="3",
        topic="Parliaments open their budget and legislative data "
        "so that citizens can follow public spending and take part in law-making.",
    )
    quota(data, 0, "partner:", "3")
    quota(data, 1, "gender:woman", "50%")
    quota(data, 2, "country:KE", "2")
    client = client_as(organiser)
    started = time.perf_counter()
    response = client.post("/roundtables/new", data=data)
    seconds = time.perf_counter() - started
    assert response.status_code == 302
    rt = db.session.scalar(db.select(Roundtable))
    report = rt.report
    print(
        f"\n{db.engine.dialect.name}: list of {rt.seats} (+{report['waitlist']} waiting) from {report['candidates']} "
        f"listed people with {len(all_texts)} texts ({engine.encoder().identity}): create POST {seconds:.2f} s, "
        f"of which engine {report['engine_seconds']:.2f} s, generation {report['seconds']:.2f} s; "
        f"violations {report['violations']}"
    )
    assert report["violations"] == 0
    assert seconds < 30
