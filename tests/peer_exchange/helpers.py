"""Helpers of these tests (plain functions and data; the fixtures stay in conftest.py)."""

from __future__ import annotations

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


def person(name: str, country: str, sector: str, challenge: str, reform: str, **extra):
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


RUN_DEFAULTS = {"per_person": "2", "cross_country": "y", "exclude_held": "y"}


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
