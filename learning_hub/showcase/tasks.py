"""Background job: embed a published story's texts, so that "similar reforms elsewhere" ranks from cached vectors
without embedding at request time."""

from __future__ import annotations

from learning_hub import engine
from learning_hub.extensions import db
from learning_hub.jobs import enqueue
from learning_hub.models import ShowcaseStory
from learning_hub.showcase.similar import story_texts


def embed_story(job, progress, story_id: int) -> dict:
    story = db.session.get(ShowcaseStory, story_id)
    if story is None:
        return {"texts": 0}
    texts = story_texts(story)
    db.session.rollback()  # no transaction stays open while the model runs
    engine.embed_texts(texts)
    return {"texts": len(texts)}


def schedule_embedding(story: ShowcaseStory, actor=None) -> None:
    """After a publish has committed: embed the story's current text (cached texts cost nothing)."""
    enqueue("showcase.embed_story", subject=f"showcase.story:{story.id}", actor=actor, story_id=story.id)
