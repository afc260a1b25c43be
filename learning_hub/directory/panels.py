"""The directory's dashboard panel and demo step."""

from __future__ import annotations

from learning_hub.directory import profiles, search
from learning_hub.extensions import db
from learning_hub.models import ImportBatch


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


def embed_demo_profiles(echo) -> str:
    """Embed the demo people's texts so that semantic search and suggestions work on a fresh `make run`."""
    from learning_hub.directory.tasks import embed_all

    count = embed_all(echo_progress=True)
    return f"{count} profiles embedded (unchanged texts come from the cache)"


def directory_imports(user):
    """Coordinators: imports checked but not yet confirmed, and the directory's tools."""
    pending = db.session.scalar(db.select(db.func.count(ImportBatch.id)).where(ImportBatch.status == "pending")) or 0
    return {"pending": pending}
