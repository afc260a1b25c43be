"""The directory's part of "download my data" and "delete my account" (learning_hub/privacy.py; docs/PRIVACY.md)."""

from __future__ import annotations

from learning_hub import engine
from learning_hub.directory.tasks import texts_to_embed
from learning_hub.extensions import db
from learning_hub.models import Challenge, EmbeddingCacheEntry, ImportBatch, Job, Reform
from learning_hub.models.directory import ImportStatus


def _when(value):
    return value.isoformat(timespec="seconds") + "Z" if value else None


def export_directory(user) -> dict:
    profile = user.profile
    data = {"invitation": {"invited_at": _when(user.invited_at), "claimed_at": _when(user.claimed_at)}}
    if profile is not None:
        data["profile"] = {
            "display_name": profile.display_name,
            "country": profile.country,
            "organisation": profile.organisation,
            "sector": profile.sector,
            "role_title": profile.role_title,
            "bio": profile.bio,
            "gender": profile.gender,
            "visibility": profile.visibility,
            "consented_at": _when(profile.consented_at),
            "listed": profile.is_listed,
            "mentor_available": profile.mentor_available,
            "mentor_capacity": profile.mentor_capacity,
            "languages": profile.languages,
            "policy_areas": profile.policy_areas,
            "created_at": _when(profile.created_at),
            "updated_at": _when(profile.updated_at),
        }
        data["challenges"] = [
            {
                "text": c.text,
                "language": c.language,
                "created_at": _when(c.created_at),
                "updated_at": _when(c.updated_at),
            }
            for c in profile.challenges
        ]
        data["reforms"] = [
            {
                "title": r.title,
                "description": r.description,
                "status": r.status,
                "start_year": r.start_year,
                "link": r.link,
                "language": r.language,
                "created_at": _when(r.created_at),
            }
            for r in profile.reforms
        ]
    data["imports_uploaded"] = [
        {
            "id": b.id,
            "kind": b.kind,
            "filename": b.filename,
            "status": b.status,
            "rows": b.row_count,
            "created_at": _when(b.created_at),
        }
        for b in db.session.scalars(db.select(ImportBatch).where(ImportBatch.created_by_id == user.id))
    ]
    return data


def _private_cache_keys(profile) -> list[str]:
    """Cache keys of this profile's texts and sentences that no other profile's text shares. The vectors of hashed
    words can betray the words, so they go with the texts."""
    mine = [c.text for c in profile.challenges] + [r.text for r in profile.reforms]
    if not mine:
        return []
    titles = [r.title for r in profile.reforms]
    others = list(
        db.session.scalars(
            db.select(Challenge.text).where(Challenge.profile_id != profile.id, Challenge.text.in_(mine))
        )
    )
    others += [
        r.text
        for r in db.session.scalars(
            db.select(Reform).where(Reform.profile_id != profile.id, Reform.title.in_(titles or [""]))
        )
    ]
    shared = set(engine.cache_keys(texts_to_embed(others)))
    return sorted(set(engine.cache_keys(texts_to_embed(mine))) - shared)


def erase_directory(user) -> None:
    """Delete the cached vectors of the profile's texts and its jobs; drop pending imports this person uploaded
    (they hold other people's data that nobody confirmed); keep applied imports' counts without the uploader's
    name."""
    profile = user.profile
    if profile is not None:
        keys = _private_cache_keys(profile)
        for start in range(0, len(keys), 500):
            db.session.execute(
                db.delete(EmbeddingCacheEntry).where(EmbeddingCacheEntry.key.in_(keys[start : start + 500]))
            )
        db.session.execute(db.delete(Job).where(Job.subject == f"profile:{profile.id}"))
        # The profile row itself (with its challenges, reforms, languages and areas) goes with the user row, which
        # the caller deletes last: other features' erasers may still read it to anonymise their records.
    db.session.execute(
        db.delete(ImportBatch).where(ImportBatch.created_by_id == user.id, ImportBatch.status == ImportStatus.PENDING)
    )
    db.session.execute(db.update(ImportBatch).where(ImportBatch.created_by_id == user.id).values(created_by_id=None))
