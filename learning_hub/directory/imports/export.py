"""Directory export for coordinators: CSV with or without personal data, every cell safe in a spreadsheet.

Only listed profiles (consented, not private) are exported. Gender is never exported. "Without personal data" keeps
what describes the programme (country, sector, languages, policy areas, mentoring, counts) and drops names, emails,
organisations, job titles and free texts, which can identify a person or reveal opinions.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sqlalchemy import select

from learning_hub.extensions import db
from learning_hub.models import Challenge, Profile, ProfileLanguage, ProfilePolicyArea, Reform, User
from learning_hub.spreadsheets import neutralise

ANONYMOUS_COLUMNS = [
    "country",
    "sector",
    "languages",
    "policy_areas",
    "mentor_available",
    "mentor_capacity",
    "challenges",
    "reforms",
]
PERSONAL_COLUMNS = [
    "profile_id",
    "display_name",
    "email",
    "organisation",
    "role_title",
    "country",
    "sector",
    "languages",
    "policy_areas",
    "mentor_available",
    "mentor_capacity",
    "visibility",
    "consented_at",
    "challenges",
    "reforms",
]
_CHUNK = 500


def _grouped(query) -> dict[int, list]:
    out: dict[int, list] = {}
    for owner, value in db.session.execute(query):
        out.setdefault(owner, []).append(value)
    return out


def _rows(personal: bool) -> Iterator[list]:
    """Plain column reads in chunks (no ORM objects pile up in the session over 10,000 profiles)."""
    profiles = db.session.execute(
        select(
            Profile.id,
            Profile.display_name,
            User.email,
            Profile.organisation,
            Profile.role_title,
            Profile.country,
            Profile.sector,
            Profile.mentor_available,
            Profile.mentor_capacity,
            Profile.visibility,
            Profile.consented_at,
        )
        .join(User, User.id == Profile.user_id)
        .where(Profile.is_listed)
        .order_by(Profile.country, Profile.id)
    ).all()
    for start in range(0, len(profiles), _CHUNK):
        chunk = profiles[start : start + _CHUNK]
        ids = [p.id for p in chunk]
        languages = _grouped(
            select(ProfileLanguage.profile_id, ProfileLanguage.code)
            .where(ProfileLanguage.profile_id.in_(ids))
            .order_by(ProfileLanguage.position)
        )
        areas = _grouped(
            select(ProfilePolicyArea.profile_id, ProfilePolicyArea.area)
            .where(ProfilePolicyArea.profile_id.in_(ids))
            .order_by(ProfilePolicyArea.area)
        )
        challenges = _grouped(
            select(Challenge.profile_id, Challenge.text).where(Challenge.profile_id.in_(ids)).order_by(Challenge.id)
        )
        reforms = _grouped(
            select(Reform.profile_id, Reform.title).where(Reform.profile_id.in_(ids)).order_by(Reform.id)
        )
        for p in chunk:
            common = {
                "country": p.country,
                "sector": p.sector,
                "languages": "|".join(languages.get(p.id, [])),
                "policy_areas": "|".join(areas.get(p.id, [])),
                "mentor_available": int(p.mentor_available),
                "mentor_capacity": p.mentor_capacity,
            }
            if personal:
                row = dict(
                    common,
                    profile_id=p.id,
                    display_name=p.display_name,
                    email=p.email,
                    organisation=p.organisation,
                    role_title=p.role_title,
                    visibility=p.visibility,
                    consented_at=p.consented_at.isoformat(timespec="seconds") + "Z",
                    challenges=" | ".join(challenges.get(p.id, [])),
                    reforms=" | ".join(reforms.get(p.id, [])),
                )
                yield [neutralise(row[c]) for c in PERSONAL_COLUMNS]
            else:
                row = dict(common, challenges=len(challenges.get(p.id, [])), reforms=len(reforms.get(p.id, [])))
                yield [neutralise(row[c]) for c in ANONYMOUS_COLUMNS]


def export_csv(actor, personal: bool) -> Iterator[str]:
    """The CSV, streamed line by line (UTF-8 with a byte-order mark so that spreadsheets read accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    writer.writerow(PERSONAL_COLUMNS if personal else ANONYMOUS_COLUMNS)
    yield "\ufeff" + flush()
    for row in _rows(personal):
        writer.writerow(row)
        yield flush()
