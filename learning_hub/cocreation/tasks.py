"""Background job: embed a saved draft (the whole text, its sentences and its problem) so the precedents panel can
rank the library against the current text without embedding at request time."""

from __future__ import annotations

from learning_hub import engine
from learning_hub.cocreation.precedents import draft_texts
from learning_hub.extensions import db
from learning_hub.jobs import enqueue
from learning_hub.models import CommitmentDraft


def embed_draft(job, progress, draft_id: int) -> dict:
    draft = db.session.get(CommitmentDraft, draft_id)
    if draft is None:
        return {"texts": 0}
    texts = draft_texts(draft)
    db.session.rollback()  # no transaction stays open while the model runs
    engine.embed_texts(texts)
    return {"texts": len(texts)}


def schedule_embedding(draft: CommitmentDraft, actor=None) -> None:
    """After a save has committed: embed the draft's current text (cached texts cost nothing)."""
    enqueue("cocreation.embed_draft", subject=f"cocreation.draft:{draft.id}", actor=actor, draft_id=draft.id)
