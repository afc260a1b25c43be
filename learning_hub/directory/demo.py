"""The directory's demo step: the demo people themselves come from learning_hub/seed (demo_profiles.yaml)."""

from __future__ import annotations


def embed_demo_profiles(echo) -> str:
    """Embed the demo people's texts so that semantic search and suggestions work on a fresh `make run`."""
    from learning_hub.directory.tasks import embed_all

    count = embed_all(echo_progress=True)
    return f"{count} profiles embedded (unchanged texts come from the cache)"
