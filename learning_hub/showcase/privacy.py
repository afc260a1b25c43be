"""What the showcase holds about a person, for "download my data" and account deletion.

Export: the stories they proposed and every story naming them, with their consent record. Deletion: their rows on
stories go (so their name leaves every story at once, and a story left without a confirmed name leaves the public
pages); stories they proposed stay, without a proposer; the editorial history keeps what was done, without them.
"""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import ShowcaseStory, StoryEvent, StoryPerson
from learning_hub.showcase import services


def _iso(value):
    return value.isoformat(timespec="seconds") + "Z" if value else None


def export_showcase(user) -> dict:
    proposed, named = services.my_stories(user)
    return {
        "proposed": [{"title": s.title, "state": s.state, "created_at": _iso(s.created_at)} for s in proposed],
        "named": [
            {
                "story": row.story.title,
                "role": row.role,
                "consent": row.consent,
                "confirmed_at": _iso(row.confirmed_at),
                "withdrawn_at": _iso(row.withdrawn_at),
            }
            for row in named
        ],
    }


def erase_showcase(user) -> None:
    db.session.execute(db.update(StoryEvent).where(StoryEvent.actor_id == user.id).values(actor_id=None))
    profile = user.profile
    if profile is None:
        return
    db.session.execute(db.delete(StoryPerson).where(StoryPerson.profile_id == profile.id))
    db.session.execute(db.update(ShowcaseStory).where(ShowcaseStory.proposer_id == profile.id).values(proposer_id=None))
