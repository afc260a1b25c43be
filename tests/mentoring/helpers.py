"""Helpers of these tests (plain functions and data; the fixtures stay in conftest.py)."""

from __future__ import annotations

import re
from datetime import timedelta

from learning_hub import engine
from learning_hub.directory.tasks import texts_to_embed
from learning_hub.extensions import db as _db
from learning_hub.models import MentoringRequest, MentorOffer, Profile, utcnow
from tests.factories import make_user

# topic -> (a need about it, the title and description of a completed reform that answers it)
TOPICS = {
    "contracts": (
        (
            "We cannot get ministries to publish procurement contracts as open data, and citizens cannot follow "
            "spending on roads."
        ),
        "Open contracting portal",
        "We published every procurement contract as open data. Citizens now follow spending on roads and clinics.",
    ),
    "ownership": (
        "Companies bidding for public contracts hide their real owners behind shell companies.",
        "Beneficial ownership register",
        (
            "A public register of the real owners of companies. Procurement officers check bidders against it to "
            "expose shell companies."
        ),
    ),
    "budget": (
        "Communities have no say in how the municipal budget is spent on local services.",
        "Participatory budgeting",
        "Residents vote on part of the municipal budget. The council reports how it is spent on local services.",
    ),
}


# name -> (country, languages, topic, capacity)
MENTORS = {
    "Olga": ("UA", ("en", "uk"), "contracts", 2),
    "Nadia": ("CO", ("es", "en"), "contracts", 1),
    "Peter": ("KE", ("en", "sw"), "ownership", 2),
    "Sari": ("ID", ("id",), "budget", 1),
}


def embed_profiles(*users) -> None:
    """What the directory's embedding job does when texts change: cache every reform and its sentences."""
    texts = [r.text for u in users for r in u.profile.reforms]
    if texts:
        engine.embed_texts(texts_to_embed(texts))


def make_mentor(name: str, country: str, languages, topic: str, capacity: int, **extra):
    _need, title, description = TOPICS[topic]
    user = make_user(
        email=f"{name.lower()}@mentors.example.org",
        display_name=name,
        country=country,
        languages=languages,
        mentor_capacity=capacity,
        reforms=({"title": title, "description": description, "status": "completed"},),
        **extra,
    )
    embed_profiles(user)
    return user


def new_draft(client, need: str, languages=("en",), preferred=(), excluded=()) -> int:
    """POST the request form; returns the draft's id (from the redirect)."""
    data = {
        "need": need,
        "languages": list(languages),
        "preferred_countries": list(preferred),
        "excluded_countries": list(excluded),
    }
    response = client.post("/mentoring/requests/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/mentoring/requests/(\d+)$", response.headers["Location"]).group(1))


def choose(client, request_id: int, *mentor_users):
    data = dict(zip(("first", "second", "third"), (str(u.profile.id) for u in mentor_users), strict=False))
    return client.post(f"/mentoring/requests/{request_id}/submit", data=data)


def send_request(client, need: str, *mentor_users, languages=("en",)) -> MentoringRequest:
    request_id = new_draft(client, need, languages)
    response = choose(client, request_id, *mentor_users)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return _db.session.get(MentoringRequest, request_id)


def pending_offer(request_id: int) -> MentorOffer:
    return _db.session.scalar(
        _db.select(MentorOffer).where(MentorOffer.request_id == request_id, MentorOffer.state == "pending")
    )


def make_overdue(request_id: int, days: int = 1) -> None:
    offer = pending_offer(request_id)
    offer.due_at = utcnow() - timedelta(days=days)
    _db.session.commit()


def links_in(mail) -> dict[str, str]:
    """The accept and decline links of an offer email, as paths."""
    found = dict(re.findall(r"(Accept|Decline): (\S+)", mail.text))
    return {k.lower(): re.sub(r"^https?://[^/]+", "", v) for k, v in found.items()}


def profile_of(user) -> Profile:
    return _db.session.get(Profile, user.profile.id)
