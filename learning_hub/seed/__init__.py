"""Demo data for development: `flask seed demo` loads demo_profiles.yaml (written for this project).

Idempotent: people are keyed by email; a second run updates nothing that exists and adds nothing twice. Features that
want demo content of their own (a sample match run, a roundtable...) register a step from their `init_app` with
`register_demo_step`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from flask import Flask

from learning_hub.extensions import db
from learning_hub.features import contribute, contributed
from learning_hub.models import Challenge, Profile, Reform, User, utcnow

DEMO_FILE = Path(__file__).with_name("demo_profiles.yaml")


def register_demo_step(app: Flask, name: str, step: Callable, *, after_others: bool = False) -> None:
    """Register an extra, idempotent demo step `(echo) -> str | None`, run after the people exist, in registration
    order (with `after_others`: after every step registered without it, for steps that build on other features' demo
    content, such as a thread in a demo mentorship)."""
    contribute(app, "demo_steps", name, (step, after_others))


def demo_steps() -> list[tuple[str, Callable]]:
    """The current app's demo steps in the order they run."""
    steps = contributed("demo_steps")
    return [(name, step) for late in (False, True) for name, (step, after) in steps.items() if after is late]


def load_demo_people(path: Path = DEMO_FILE) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)["users"]


def _create_user(entry: dict, password: str) -> User:
    from matching import detect_language

    data = entry["profile"]
    user = User(email=entry["email"].lower(), locale=entry.get("locale", "en"))
    user.set_password(password)
    user.claimed_at = utcnow()
    for role in entry.get("roles", []):
        user.grant(role)
    mentor = data.get("mentor") or {}
    if mentor.get("available"):
        user.grant("mentor")
    listed = data.get("visibility", "members") != "private"
    profile = Profile(
        display_name=data["display_name"],
        country=data.get("country"),
        organisation=data.get("organisation"),
        sector=data.get("sector"),
        role_title=data.get("role_title"),
        gender=data.get("gender"),
        time_zone=data.get("time_zone"),
        visibility=data.get("visibility", "members"),
        consented_at=utcnow() if listed else None,
        mentor_available=bool(mentor.get("available")),
        mentor_capacity=int(mentor.get("capacity", 0)),
    )
    profile.languages = data.get("languages", [])
    profile.policy_areas = data.get("policy_areas", [])
    for text in data.get("challenges", []):
        profile.challenges.append(Challenge(text=text.strip(), language=detect_language(text)))
    for reform in data.get("reforms", []):
        profile.reforms.append(
            Reform(
                title=reform["title"].strip(),
                description=reform["description"].strip(),
                status=reform.get("status", "in_progress"),
                start_year=reform.get("start_year"),
                link=reform.get("link"),
                language=detect_language(reform["title"] + ". " + reform["description"]),
            )
        )
    user.profile = profile
    return user


def seed_demo(password: str, echo: Callable = print) -> str:
    """Create the demo people that do not exist yet, then run the features' demo steps."""
    people = load_demo_people()
    existing = set(db.session.scalars(db.select(User.email)))
    created = 0
    for entry in people:
        if entry["email"].lower() in existing:
            continue
        db.session.add(_create_user(entry, password))
        created += 1
    db.session.commit()
    lines = [f"Demo people: {created} created, {len(people) - created} already there."]
    for name, step in demo_steps():
        result = step(echo)
        if result:
            lines.append(f"{name}: {result}")
    lines.append("")
    lines.append(f"Demo accounts (password: {password}):")
    for email, role in (
        ("admin@example.org", "admin"),
        ("coordinator@example.org", "coordinator"),
        ("organiser@example.org", "organiser"),
        ("mentor@example.org", "mentor"),
        ("reformer@example.org", "reformer"),
    ):
        lines.append(f"  {role:<12} {email}")
    return "\n".join(lines)
