"""The one definition of what the public may see of the showcase, used by every public surface (pages, feed,
sitemap, the home page, "similar reforms elsewhere").

- A public name: a person on a story who confirmed their consent themselves and has not withdrawn it, whose account
  is active. Only their display name, country, organisation and role on the story are ever shown.
- A public story: published, with at least one public name. When the last named person withdraws, the story leaves
  every public surface.

Nothing here is cached: each request reads the current consent rows, so a withdrawal shows on the next request.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, select

from learning_hub.extensions import db
from learning_hub.models import Profile, ShowcaseStory, StoryPerson, User
from learning_hub.models.showcase import StoryState


def _public_person_clause():
    return and_(
        StoryPerson.consent == "confirmed",
        StoryPerson.confirmed_at.is_not(None),
        exists().where(Profile.id == StoryPerson.profile_id, User.id == Profile.user_id, User.active.is_(True)),
    )


def public_story_clause():
    """SQL: the story is public (use in a where on ShowcaseStory)."""
    return and_(
        ShowcaseStory.state == StoryState.PUBLISHED,
        ShowcaseStory.published_at.is_not(None),
        exists().where(StoryPerson.story_id == ShowcaseStory.id, _public_person_clause()),
    )


def public_stories(
    *, area=None, country=None, level=None, language=None, featured=None, limit=None
) -> list[ShowcaseStory]:
    """Public stories, newest first, filtered. Area filtering is done in Python (areas are a short JSON list)."""
    query = select(ShowcaseStory).where(public_story_clause())
    if featured is not None:
        query = query.where(ShowcaseStory.featured.is_(bool(featured)))
    if country:
        query = query.where(ShowcaseStory.country == country.upper())
    if level:
        query = query.where(ShowcaseStory.level == level)
    if language:
        query = query.where(ShowcaseStory.language == language)
    query = query.order_by(ShowcaseStory.published_at.desc(), ShowcaseStory.id.desc())
    stories = list(db.session.scalars(query))
    if area:
        stories = [s for s in stories if area in s.areas]
    return stories[:limit] if limit else stories


def public_story(slug: str) -> ShowcaseStory | None:
    return db.session.scalar(select(ShowcaseStory).where(ShowcaseStory.slug == slug, public_story_clause()))


@dataclass(frozen=True)
class PublicName:
    """Everything a public surface may show of a person: never an email, gender or private profile field."""

    profile_id: int
    name: str
    country: str | None
    organisation: str | None
    role: str | None


def public_names(stories) -> dict[int, list[PublicName]]:
    """story id -> its public names, in the story's order."""
    ids = [s.id for s in stories]
    names: dict[int, list[PublicName]] = {i: [] for i in ids}
    if not ids:
        return names
    rows = db.session.execute(
        select(StoryPerson.story_id, StoryPerson.role, Profile.id, Profile.display_name, Profile.country)
        .add_columns(Profile.organisation)
        .join(Profile, Profile.id == StoryPerson.profile_id)
        .where(StoryPerson.story_id.in_(ids), _public_person_clause())
        .order_by(StoryPerson.story_id, StoryPerson.position, StoryPerson.id)
    )
    for story_id, role, profile_id, name, country, organisation in rows:
        names[story_id].append(PublicName(profile_id, name, country, organisation, role))
    return names


def last_change():
    """The latest change to any story, consent or translation (a page's Last-Modified). The ETag, a hash of the
    body, stays the authority: an erased account or a deactivated one changes pages without a timestamp here."""
    from sqlalchemy import func

    from learning_hub.models import StoryTranslation

    times = [
        db.session.scalar(select(func.max(ShowcaseStory.updated_at))),
        db.session.scalar(select(func.max(StoryPerson.confirmed_at))),
        db.session.scalar(select(func.max(StoryPerson.withdrawn_at))),
        db.session.scalar(select(func.max(StoryTranslation.updated_at))),
    ]
    found = [t for t in times if t is not None]
    return max(found) if found else None


def public_countries() -> list[str]:
    return sorted(set(db.session.scalars(select(ShowcaseStory.country).where(public_story_clause()))))


def public_areas() -> list[str]:
    found: set[str] = set()
    for areas in db.session.scalars(select(ShowcaseStory.areas).where(public_story_clause())):
        found.update(areas)
    return sorted(found)
