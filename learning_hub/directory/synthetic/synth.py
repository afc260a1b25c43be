"""Synthetic profiles for load tests: `flask directory synthesize N`.

Realistic-looking and varied (16 countries, 10 sectors, the working languages of each country, 1-3 policy areas,
1-3 challenges and 0-3 reforms composed from templates, some in Spanish, French or Indonesian), deterministic for a
given seed, and inserted with bulk statements (an ORM flush of 60,000 objects takes minutes). Accounts have no
password (nobody can sign in as them) and emails under the reserved domain synthetic.example.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sqlalchemy import func, insert, select

from learning_hub import vocab
from learning_hub.directory.synthetic import synth_data as data
from learning_hub.extensions import db
from learning_hub.models import Challenge, Profile, ProfileLanguage, ProfilePolicyArea, Reform, User, utcnow

DOMAIN = "synthetic.example"
_BATCH = 1000


def _fill(template: str, rng: random.Random) -> str:
    values = {key: rng.choice(options) for key, options in data.SLOTS.items()}
    values.update(year=rng.randint(2012, 2024), n=rng.randint(3, 60))
    return template.format(**values)


def _person(rng: random.Random, number: int) -> dict:
    country = rng.choice(list(data.PEOPLE))
    languages, first, last = data.PEOPLE[country]
    sector = rng.choice(list(vocab.SECTORS))
    areas = rng.sample(list(vocab.POLICY_AREAS), rng.randint(1, 3))
    langs = languages.split("|")
    if "en" not in langs and rng.random() < 0.5:
        langs.append("en")
    foreign = data.LANGUAGE_OF_TEXTS.get(country)
    challenges = []
    for _ in range(rng.randint(1, 3)):
        if foreign in data.FOREIGN_CHALLENGES and rng.random() < 0.6:
            challenges.append(rng.choice(data.FOREIGN_CHALLENGES[foreign]))
        else:
            area = rng.choice(areas)
            text = _fill(rng.choice(data.CHALLENGES[area]), rng)
            if rng.random() < 0.7:
                text += " " + rng.choice(data.CONSEQUENCES)
            challenges.append(text)
    reforms = []
    for area in rng.sample(list(vocab.POLICY_AREAS), rng.randint(0, 3)):
        title, description = data.REFORMS[area]
        values = {key: rng.choice(options) for key, options in data.SLOTS.items()}
        values.update(year=rng.randint(2010, 2023), n=rng.randint(3, 90))
        reforms.append(
            {
                "title": title.format(**values),
                "description": description.format(**values),
                "status": rng.choice(list(vocab.REFORM_STATUSES)),
                "start_year": values["year"],
            }
        )
    organisation = rng.choice(data.ORGANISATIONS[sector]).format(city=rng.choice(data.CITIES))
    roll = rng.random()
    return {
        "email": f"synthetic-{number}@{DOMAIN}",
        "display_name": f"{rng.choice(first.split())} {rng.choice(last.split())}",
        "country": country,
        "sector": sector,
        "organisation": organisation,
        "role_title": rng.choice(data.ROLES),
        "visibility": "public" if roll < 0.3 else "members" if roll < 0.95 else "private",
        "mentor_capacity": rng.choice([0, 0, 0, 1, 2, 3]),
        "languages": list(dict.fromkeys(langs)),
        "areas": areas,
        "challenges": challenges,
        "reforms": reforms,
        "gender": rng.choice(list(vocab.GENDERS)),
    }


def synthesize(count: int, seed: int = 0, echo: Callable = print) -> list[int]:
    """Insert `count` synthetic people (numbered after the ones already there); returns their profile ids."""
    start = db.session.scalar(select(func.count(User.id)).where(User.email.like(f"%@{DOMAIN}"))) or 0
    rng = random.Random(seed * 1_000_003 + start)
    profile_ids: list[int] = []
    for first in range(0, count, _BATCH):
        people = [_person(rng, start + first + i + 1) for i in range(min(_BATCH, count - first))]
        now = utcnow()
        user_ids = db.session.scalars(
            insert(User).returning(User.id, sort_by_parameter_order=True),
            [{"email": p["email"], "locale": "en", "active": True, "claimed_at": now} for p in people],
        ).all()
        ids = db.session.scalars(
            insert(Profile).returning(Profile.id, sort_by_parameter_order=True),
            [
                {
                    "user_id": uid,
                    "display_name": p["display_name"],
                    "country": p["country"],
                    "sector": p["sector"],
                    "organisation": p["organisation"],
                    "role_title": p["role_title"],
                    "gender": p["gender"],
                    "visibility": p["visibility"],
                    "consented_at": now,
                    "mentor_available": p["mentor_capacity"] > 0,
                    "mentor_capacity": p["mentor_capacity"],
                }
                for uid, p in zip(user_ids, people, strict=False)
            ],
        ).all()
        rows = {"lang": [], "area": [], "challenge": [], "reform": []}
        for pid, p in zip(ids, people, strict=False):
            rows["lang"] += [{"profile_id": pid, "code": c, "position": i} for i, c in enumerate(p["languages"])]
            rows["area"] += [{"profile_id": pid, "area": a} for a in p["areas"]]
            rows["challenge"] += [{"profile_id": pid, "text": t} for t in p["challenges"]]
            rows["reform"] += [dict(r, profile_id=pid) for r in p["reforms"]]
        for model, key in (
            (ProfileLanguage, "lang"),
            (ProfilePolicyArea, "area"),
            (Challenge, "challenge"),
            (Reform, "reform"),
        ):
            if rows[key]:
                db.session.execute(insert(model), rows[key])
        mentors = [uid for uid, p in zip(user_ids, people, strict=False) if p["mentor_capacity"] > 0]
        if mentors:
            from learning_hub.models import UserRole

            db.session.execute(insert(UserRole), [{"user_id": uid, "role": "mentor"} for uid in mentors])
        db.session.commit()
        profile_ids += ids
        echo(f"  {len(profile_ids)}/{count} profiles")
    return profile_ids
