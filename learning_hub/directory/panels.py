"""The directory's dashboard panels."""

from __future__ import annotations

from learning_hub.directory.browse import search
from learning_hub.directory.profiles import services as profiles
from learning_hub.extensions import db
from learning_hub.models import ImportBatch
from learning_hub.models.directory import ImportStatus


def directory_panel(user) -> dict | None:
    """Listing status, the embedding job, and the three closest reformers abroad."""
    profile = user.profile
    if profile is None:
        return None
    return {
        "profile": profile,
        "job": profiles.latest_embed_job(profile),
        "similar": search.abroad(user, profile, k=3)["similar"],
    }


def directory_imports(user):
    """Coordinators: imports checked but not yet confirmed, and the directory's tools."""
    pending = (
        db.session.scalar(db.select(db.func.count(ImportBatch.id)).where(ImportBatch.status == ImportStatus.PENDING))
        or 0
    )
    return {"pending": pending}
