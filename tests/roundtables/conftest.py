"""Fixtures of the roundtable tests: a small directory of listed people whose texts are embedded (as the directory's
job would), an organiser, and helpers that post the roundtable form and walk the emailed links."""

from __future__ import annotations

import pytest

from learning_hub import engine
from tests.factories import make_user
from tests.roundtables.helpers import (  # noqa: F401
    COUNTRIES,
    LINK,
    RELEVANT,
    TOPIC,
    UNRELATED,
    create,
    form_data,
    links_by_email,
    quota,
    rows,
)


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
