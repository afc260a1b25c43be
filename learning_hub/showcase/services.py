"""Reform stories: proposing, editing, the coordinators' editorial actions and each named person's consent. Every
function takes the acting user, raises domain errors and commits once; every change leaves a StoryEvent (the
editorial history)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from learning_hub import vocab
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import (
    Profile,
    ShowcaseStory,
    StoryEvent,
    StoryEvidence,
    StoryPerson,
    StoryTranslation,
    User,
    utcnow,
)
from learning_hub.models.showcase import StoryState
from learning_hub.showcase import vocab as showcase_vocab

EDITABLE_BY_PROPOSER = ("submitted", "changes_requested")


@dataclass
class StoryInput:
    title: str
    summary: str
    problem: str
    actions: str
    results: str
    country: str
    level: str
    language: str
    areas: list[str]
    policy_areas: list[str] = field(default_factory=list)
    started_on: date | None = None
    ended_on: date | None = None
    evidence: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, label, url)
    people: list[tuple[int, str]] = field(default_factory=list)  # (profile id, role) besides the proposer


def is_coordinator(actor) -> bool:
    return bool(actor is not None and (actor.is_admin or actor.has_role("coordinator")))


def _check(data: StoryInput) -> None:
    for name in ("title", "summary", "problem", "actions", "results"):
        if not (getattr(data, name) or "").strip():
            raise ValidationError(_("Fill in this field."), field=name)
    if not vocab.is_country(data.country):
        raise ValidationError(_("Choose a country."), field="country")
    if data.level not in showcase_vocab.LEVELS:
        raise ValidationError(_("Choose one of the options."), field="level")
    if data.language not in showcase_vocab.STORY_LANGUAGES:
        raise ValidationError(_("Choose one of the options."), field="language")
    if not data.areas or any(a not in showcase_vocab.PROGRAMME_AREAS for a in data.areas):
        raise ValidationError(_("Choose at least one programme area."), field="areas")
    if any(a not in vocab.POLICY_AREAS for a in data.policy_areas):
        raise ValidationError(_("Choose among the options."), field="policy_areas")
    if data.started_on and data.ended_on and data.ended_on < data.started_on:
        raise ValidationError(_("The end date comes before the start date."), field="ended_on")
    for kind, label, url in data.evidence:
        if kind not in showcase_vocab.EVIDENCE_KINDS:
            raise ValidationError(_("Choose one of the options."), field="evidence")
        if not label.strip() or not url.startswith(("https://", "http://")):
            raise ValidationError(_("Give each evidence link a title and a web address."), field="evidence")


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:80] or "story"


RESERVED_SLUGS = frozenset({"propose", "mine", "editorial", "stories", "areas", "countries", "feed.atom"})


def _unique_slug(title: str) -> str:
    base = slugify(title)
    if base in RESERVED_SLUGS:
        base = f"{base}-story"
    taken = set(db.session.scalars(select(ShowcaseStory.slug).where(ShowcaseStory.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(story: ShowcaseStory, data: StoryInput) -> None:
    story.title = data.title.strip()
    story.summary, story.problem = data.summary.strip(), data.problem.strip()
    story.actions, story.results = data.actions.strip(), data.results.strip()
    story.country, story.level, story.language = data.country.upper(), data.level, data.language
    story.areas = list(dict.fromkeys(data.areas))
    story.policy_areas = list(dict.fromkeys(data.policy_areas))
    story.started_on, story.ended_on = data.started_on, data.ended_on
    story.evidence = [
        StoryEvidence(kind=kind, label=label.strip(), url=url.strip(), position=i)
        for i, (kind, label, url) in enumerate(data.evidence)
    ]


def _listed_profile(profile_id: int) -> Profile:
    profile = db.session.scalar(select(Profile).where(Profile.id == profile_id, Profile.is_listed))
    if profile is None:
        raise ValidationError(_("Name only people listed in the directory."), field="people")
    return profile


def _set_people(story: ShowcaseStory, people: list[tuple[int, str]], keep: set[int]) -> list[StoryPerson]:
    """Add the named people not on the story yet (their consent pending) and drop those no longer named, except the
    profiles in `keep` (the proposer). A person already on the story keeps their consent record. Returns the rows
    added (the people to tell)."""
    wanted = {pid: role for pid, role in people}
    for person in list(story.people):
        if person.profile_id not in wanted and person.profile_id not in keep:
            story.people.remove(person)
        elif wanted.get(person.profile_id):
            person.role = wanted[person.profile_id]
    present = {p.profile_id for p in story.people}
    position = max((p.position for p in story.people), default=-1) + 1
    added = []
    for pid, role in people:
        if pid in present:
            continue
        _listed_profile(pid)
        row = StoryPerson(profile_id=pid, role=role or None, position=position, consent="pending")
        story.people.append(row)
        added.append(row)
        present.add(pid)
        position += 1
    return added


def _tell_named(actor, story: ShowcaseStory, rows: list[StoryPerson]) -> list:
    """Add (in the caller's transaction) a notification to each newly named person, with the link to answer. The
    caller commits, then passes the result to _deliver: any email is written after the story's commit."""
    from learning_hub.notifications.services import add

    proposer = getattr(getattr(actor, "profile", None), "display_name", None) or ""
    found = []
    for row in rows:
        profile = row.profile or db.session.get(Profile, row.profile_id)
        if profile is None or profile.user_id is None:
            continue
        note = add(profile.user_id, "showcase_named", {"name": proposer, "title": story.title}, "/showcase/mine")
        if note is not None:
            found.append(note)
    return found


def _deliver(notes: list) -> None:
    """After the commit: email the notifications of people whose channel for this kind is email (no transaction of
    the story is open any more)."""
    if notes:
        from learning_hub.notifications.services import deliver

        deliver([note.id for note in notes])


def _event(story: ShowcaseStory, actor, action: str, note: str | None = None) -> None:
    story.events.append(StoryEvent(actor_id=getattr(actor, "id", None), action=action, note=note, created_at=utcnow()))


def propose(actor: User, data: StoryInput, *, my_role: str = "", name_me: bool = True) -> ShowcaseStory:
    """A reformer proposes a story. They are on it themselves; ticking `name_me` is their own consent to be named."""
    if actor.profile is None:
        raise ValidationError(_("Create your profile before proposing a story."))
    _check(data)
    story = ShowcaseStory(slug=_unique_slug(data.title), state="submitted", proposer_id=actor.profile.id)
    _apply(story, data)
    now = utcnow()
    story.people = [
        StoryPerson(
            profile_id=actor.profile.id,
            role=my_role.strip() or None,
            position=0,
            consent="confirmed" if name_me else "pending",
            confirmed_at=now if name_me else None,
        )
    ]
    added = _set_people(
        story, [(pid, role) for pid, role in data.people if pid != actor.profile.id], {actor.profile.id}
    )
    _event(story, actor, "proposed")
    if name_me:
        _event(story, actor, "consent_confirmed")
    db.session.add(story)
    db.session.flush()
    notes = _tell_named(actor, story, added)
    db.session.commit()
    _deliver(notes)
    return story


def _story(story_id: int) -> ShowcaseStory:
    story = db.session.get(ShowcaseStory, story_id)
    if story is None:
        raise NotFound(_("No such story."))
    return story


def _is_named(actor, story: ShowcaseStory) -> bool:
    profile = getattr(actor, "profile", None)
    return profile is not None and any(p.profile_id == profile.id for p in story.people)


def editorial_story(actor, story_id: int) -> ShowcaseStory:
    """The story with its history, for coordinators, its proposer and the people named on it (others: 404)."""
    story = _story(story_id)
    profile = getattr(actor, "profile", None)
    if is_coordinator(actor) or (profile and story.proposer_id == profile.id) or _is_named(actor, story):
        return story
    raise NotFound(_("No such story."))


def can_edit(actor, story: ShowcaseStory) -> bool:
    if is_coordinator(actor):
        return True
    profile = getattr(actor, "profile", None)
    return bool(profile and story.proposer_id == profile.id and story.state in EDITABLE_BY_PROPOSER)


def editable_story(actor, story_id: int) -> ShowcaseStory:
    story = editorial_story(actor, story_id)
    if not can_edit(actor, story):
        raise NotFound(_("No such story."))
    return story


def update(actor, story_id: int, data: StoryInput) -> ShowcaseStory:
    story = editable_story(actor, story_id)
    _check(data)
    _apply(story, data)
    keep = {story.proposer_id} if story.proposer_id else set()
    added = _set_people(story, data.people, keep)
    _event(story, actor, "edited")
    db.session.flush()
    notes = _tell_named(actor, story, added)
    db.session.commit()
    _deliver(notes)
    if story.state == StoryState.PUBLISHED:
        from learning_hub.showcase.tasks import schedule_embedding

        schedule_embedding(story, actor)
    return story


def _coordinated_story(actor, story_id: int) -> ShowcaseStory:
    if not is_coordinator(actor):
        raise NotFound(_("No such story."))
    return _story(story_id)


def _require_published(story: ShowcaseStory, published: bool, refusal: str) -> None:
    """The one state rule of request_changes (the story must not be published) and unpublish (it must be)."""
    if (story.state == StoryState.PUBLISHED) != published:
        raise Conflict(refusal)


def request_changes(actor, story_id: int, note: str) -> ShowcaseStory:
    story = _coordinated_story(actor, story_id)
    if not note.strip():
        raise ValidationError(_("Say what should change."), field="note")
    _require_published(story, False, _("Unpublish the story before asking for changes."))
    story.state, story.change_request = "changes_requested", note.strip()
    _event(story, actor, "changes_requested", note.strip())
    db.session.commit()
    return story


def resubmit(actor, story_id: int) -> ShowcaseStory:
    story = editable_story(actor, story_id)
    if story.state != StoryState.CHANGES_REQUESTED:
        raise Conflict(_("This story is not waiting for changes."))
    story.state = "submitted"
    _event(story, actor, "resubmitted")
    db.session.commit()
    return story


def publish(actor, story_id: int) -> ShowcaseStory:
    """Publish: the story becomes public as soon as one named person has confirmed (public.py). Its texts are then
    embedded by a background job, for "similar reforms elsewhere"."""
    story = _coordinated_story(actor, story_id)
    if story.state == StoryState.PUBLISHED:
        raise Conflict(_("This story is already published."))
    if not any(p.consent == "confirmed" for p in story.people):
        raise Conflict(_("Nobody named on this story has confirmed yet: it cannot be published."))
    story.state = "published"
    story.published_at = story.published_at or utcnow()
    story.change_request = None
    _event(story, actor, "published")
    db.session.commit()
    from learning_hub.showcase.tasks import schedule_embedding

    schedule_embedding(story, actor)
    return story


def unpublish(actor, story_id: int) -> ShowcaseStory:
    story = _coordinated_story(actor, story_id)
    _require_published(story, True, _("This story is not published."))
    story.state = "unpublished"
    _event(story, actor, "unpublished")
    db.session.commit()
    return story


def set_featured(actor, story_id: int, featured: bool) -> ShowcaseStory:
    """Coordinators feature a story on the showcase home (shown before the latest while it is public)."""
    story = _coordinated_story(actor, story_id)
    if story.featured != featured:
        story.featured = featured
        _event(story, actor, "featured" if featured else "unfeatured")
        db.session.commit()
    return story


@dataclass
class TranslationInput:
    language: str
    title: str
    summary: str
    problem: str
    actions: str
    results: str


def can_translate(actor, story: ShowcaseStory) -> bool:
    """A coordinator, or the story's proposer (its author), adds or corrects a translation, in any state."""
    profile = getattr(actor, "profile", None)
    return is_coordinator(actor) or bool(profile and story.proposer_id == profile.id)


def translation_languages(story: ShowcaseStory) -> list[str]:
    return [code for code in showcase_vocab.STORY_LANGUAGES if code != story.language]


def save_translation(actor, story_id: int, data: TranslationInput) -> StoryTranslation:
    """Add the story's texts in another language, or replace that language's translation."""
    story = editorial_story(actor, story_id)
    if not can_translate(actor, story):
        raise NotFound(_("No such story."))
    if data.language not in translation_languages(story):
        raise ValidationError(_("Choose a language other than the story's own."), field="language")
    for name in ("title", "summary", "problem", "actions", "results"):
        if not (getattr(data, name) or "").strip():
            raise ValidationError(_("Fill in this field."), field=name)
    row = next((t for t in story.translations if t.language == data.language), None)
    if row is None:
        row = StoryTranslation(language=data.language)
        story.translations.append(row)
    for name in ("title", "summary", "problem", "actions", "results"):
        setattr(row, name, getattr(data, name).strip())
    row.translator_id = actor.id
    _event(story, actor, "translated", data.language)
    db.session.commit()
    if story.state == StoryState.PUBLISHED:
        from learning_hub.showcase.tasks import schedule_embedding

        schedule_embedding(story, actor)
    return row


def _my_row(actor, story_id: int) -> StoryPerson:
    profile = getattr(actor, "profile", None)
    row = None
    if profile is not None:
        row = db.session.scalar(
            select(StoryPerson).where(StoryPerson.story_id == story_id, StoryPerson.profile_id == profile.id)
        )
    if row is None:
        raise NotFound(_("No such story."))
    return row


def confirm_consent(actor, story_id: int) -> StoryPerson:
    """The named person, and only they, agrees to be named on the story."""
    row = _my_row(actor, story_id)
    if row.consent == "confirmed":
        return row
    row.consent, row.confirmed_at, row.withdrawn_at = "confirmed", utcnow(), None
    _event(row.story, actor, "consent_confirmed")
    db.session.commit()
    return row


def withdraw_consent(actor, story_id: int) -> StoryPerson:
    """Withdraw at any time: the name leaves every public surface at once (and the story, if no other name is left)."""
    row = _my_row(actor, story_id)
    if row.consent == "withdrawn":
        return row
    row.consent, row.withdrawn_at = "withdrawn", utcnow()
    _event(row.story, actor, "consent_withdrawn")
    db.session.commit()
    return row


def my_stories(actor) -> tuple[list[ShowcaseStory], list[StoryPerson]]:
    """(stories I proposed, my rows on stories that name me)."""
    profile = getattr(actor, "profile", None)
    if profile is None:
        return [], []
    proposed = list(
        db.session.scalars(
            select(ShowcaseStory).where(ShowcaseStory.proposer_id == profile.id).order_by(ShowcaseStory.id.desc())
        )
    )
    named = list(
        db.session.scalars(
            select(StoryPerson).where(StoryPerson.profile_id == profile.id).order_by(StoryPerson.story_id.desc())
        )
    )
    return proposed, named


def editorial_queue(actor) -> list[ShowcaseStory]:
    if not is_coordinator(actor):
        raise NotFound(_("No such story."))
    order = {"submitted": 0, "changes_requested": 1, "unpublished": 2, "published": 3}
    stories = list(db.session.scalars(select(ShowcaseStory).order_by(ShowcaseStory.updated_at.desc())))
    return sorted(stories, key=lambda s: order.get(s.state, 9))


def people_choices(actor, story: ShowcaseStory | None = None) -> list[tuple[int, str]]:
    """Listed profiles a story may name besides its proposer (the actor, when proposing), by name."""
    own = story.proposer_id if story is not None else getattr(getattr(actor, "profile", None), "id", None)
    query = select(Profile.id, Profile.display_name, Profile.country).where(Profile.is_listed)
    if own is not None:
        query = query.where(Profile.id != own)
    rows = db.session.execute(query.order_by(Profile.display_name))
    return [(pid, f"{name} ({country})" if country else name) for pid, name, country in rows]


def checkin_draft(actor, checkin_id: int) -> dict:
    """A story's first draft from the actor's own outcome check-in: what they wrote there becomes the summary, the
    artefact its first evidence link, their country the story's (others' check-ins are 404)."""
    from learning_hub.notifications.followup import get_checkin

    checkin = get_checkin(actor, checkin_id)
    return {
        "summary": checkin.story or "",
        "evidence_url": checkin.artefact_url or "",
        "country": actor.profile.country or "",
        "language": actor.locale if actor.locale in showcase_vocab.STORY_LANGUAGES else "en",
    }
