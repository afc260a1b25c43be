"""`make_*` factories with overrides (CTFd's gen_* helpers). They commit, like the services do."""

from __future__ import annotations

import itertools

from learning_hub.extensions import db
from learning_hub.models import Challenge, Profile, Reform, User, utcnow

_counter = itertools.count(1)
DEFAULT_PASSWORD = "correct horse battery staple"


def make_user(
    email: str | None = None,
    *,
    password: str = DEFAULT_PASSWORD,
    roles=(),
    listed: bool = True,
    display_name: str | None = None,
    country: str = "KE",
    sector: str = "civil_society",
    languages=("en",),
    policy_areas=("anti_corruption",),
    gender: str | None = None,
    mentor_capacity: int = 0,
    challenges=(),
    reforms=(),
    locale: str = "en",
    **profile_fields,
) -> User:
    n = next(_counter)
    user = User(email=(email or f"user{n}@example.org").lower(), locale=locale, claimed_at=utcnow())
    user.set_password(password)
    for role in roles:
        user.grant(role)
    if mentor_capacity:
        user.grant("mentor")
    profile = Profile(
        display_name=display_name or f"Person {n}",
        country=country,
        sector=sector,
        gender=gender,
        visibility="members" if listed else "private",
        consented_at=utcnow() if listed else None,
        mentor_available=bool(mentor_capacity),
        mentor_capacity=mentor_capacity,
        **profile_fields,
    )
    profile.languages = languages
    profile.policy_areas = policy_areas
    for text in challenges:
        profile.challenges.append(Challenge(text=text, language="en"))
    for reform in reforms:
        reform = {"title": reform, "description": reform} if isinstance(reform, str) else reform
        profile.reforms.append(Reform(status=reform.pop("status", "completed"), language="en", **reform))
    user.profile = profile
    db.session.add(user)
    db.session.commit()
    return user
