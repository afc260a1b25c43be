"""Fixtures of the peer-exchange tests: a small cross-country cohort whose challenges and reforms answer each other,
a coordinator, and helpers that start runs and act through HTTP."""

from __future__ import annotations

import pytest

from learning_hub.extensions import db as _db
from learning_hub.models import MatchPair, MatchRun
from tests.factories import make_user

# topic -> (a challenge about it, the title and description of a reform that answers it)
TOPICS = {
    "contracts": (
        "Procurement contracts are signed behind closed doors, so citizens cannot follow public spending "
        "on roads and clinics.",
        "Open contracting portal",
        "We publish every procurement contract and its payments as open data, so citizens follow public "
        "spending on roads and clinics.",
    ),
    "ownership": (
        "Companies bidding for public contracts hide their real owners behind shell companies.",
        "Beneficial ownership register",
        "A public register of the real owners of companies, checked against bidders for public contracts, "
        "exposes shell companies.",
    ),
    "budget": (
        "Communities have no say in how the municipal budget is spent on local services.",
        "Participatory budgeting",
        "Residents vote on part of the municipal budget and follow how it is spent on local services.",
    ),
    "information": (
        "Requests for public information go unanswered for months and officials refuse to release documents.",
        "Access to information commission",
        "An information commissioner enforces deadlines so that officials answer requests and release documents.",
    ),
}

# name -> (country, sector, challenge topic, reform topic)
COHORT = {
    "Amina": ("KE", "civil_society", "contracts", "budget"),
    "Brian": ("KE", "national_government", "ownership", "information"),
    "Carla": ("CO", "civil_society", "budget", "contracts"),
    "Diego": ("CO", "national_government", "information", "ownership"),
    "Eko": ("ID", "subnational_government", "contracts", "information"),
    "Fitri": ("ID", "civil_society", "budget", "ownership"),
    "Gloria": ("PH", "national_government", "ownership", "contracts"),
    "Jose": ("PH", "civil_society", "information", "budget"),
}


def _person(name: str, country: str, sector: str, challenge: str, reform: str, **extra):
    text, title, description = TOPICS[challenge][0], *TOPICS[reform][1:]
    return make_user(
        email=f"{name.lower()}@peers.example.org",
        display_name=name,
        country=country,
        sector=sector,
        challenges=(text,),
        reforms=({"title": title, "description": description},),
        **extra,
    )


@pytest.fixture
def cohort(app):
    """Eight listed people in four countries, plus Hidden (unlisted, GH) whose texts would match well."""
    people = {name: _person(name, *spec) for name, spec in COHORT.items()}
    people["Hidden"] = _person("Hidden", "GH", "civil_society", "contracts", "ownership", listed=False)
    return people


@pytest.fixture
def coordinator(app):
    return make_user(email="coord@peers.example.org", roles=("coordinator",), display_name="Coordinator", country="GB")


@pytest.fixture
def as_coordinator(client_as, coordinator):
    return client_as(coordinator)


RUN_DEFAULTS = {"per_person": "2", "cross_country": "y", "exclude_held": "y"}


@pytest.fixture
def start_run(as_coordinator):
    """`start_run(**form)`: POST the new-run form (JOBS_BACKEND=sync runs it at once) and return the run."""

    def start(**form):
        data = dict(RUN_DEFAULTS, **form)
        response = as_coordinator.post("/peers/runs/new", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)
        run_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        return _db.session.get(MatchRun, run_id)

    return start


def pairs_of(run: MatchRun, states=("suggested", "locked")) -> list[MatchPair]:
    return list(
        _db.session.scalars(
            _db.select(MatchPair)
            .where(MatchPair.run_id == run.id, MatchPair.state.in_(states))
            .order_by(MatchPair.score.desc(), MatchPair.id)
        )
    )


def names(pair: MatchPair) -> frozenset[str]:
    return frozenset(p.display_name for p in (pair.a_profile, pair.b_profile) if p is not None)
