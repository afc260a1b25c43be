"""Recognition rounds: a coordinator opens a round with criteria, weights and a panel of reviewers; signed-in people
nominate published stories; reviewers score blind; the coordinator reads the aggregate with its spread and names the
winners, which the showcase then features.

Blindness: a reviewer is only ever given a `BlindNomination`, built here, with the story's substance and the
statement but no title, slug, nominator or person, and with the names of everyone involved withheld from the text.
Conflicts of interest are detected, never left to the reviewer: same country as the story or anyone behind it, same
organisation as anyone behind it, or being behind the story, its proposer or its nominator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased

from learning_hub import reviewing
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import (
    Nomination,
    PanelKind,
    Profile,
    RecognitionRound,
    RoundState,
    ShowcaseStory,
    StoryPerson,
    User,
    utcnow,
)
from learning_hub.showcase import public
from learning_hub.showcase import vocab as showcase_vocab

WITHHELD = "[…]"


def is_coordinator(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and (actor.is_admin or actor.has_role("coordinator"))


@dataclass
class RoundInput:
    name: str
    areas: list[str]
    opens_on: date
    closes_on: date
    criteria: list[tuple[str, int]]
    reviewer_ids: list[int]
    per_item: int = 2


def open_round(actor: User, data: RoundInput) -> RecognitionRound:
    if not is_coordinator(actor):
        raise NotFound(_("No such page."))
    if not data.name.strip():
        raise ValidationError(_("Fill in this field."), field="name")
    if not data.areas or any(a not in showcase_vocab.PROGRAMME_AREAS for a in data.areas):
        raise ValidationError(_("Choose at least one programme area."), field="areas")
    if data.closes_on < data.opens_on:
        raise ValidationError(_("The end date comes before the start date."), field="closes_on")
    panel = reviewing.new_panel(PanelKind.RECOGNITION, data.criteria, data.reviewer_ids, data.per_item)
    found = RecognitionRound(
        panel=panel,
        name=data.name.strip(),
        areas=list(data.areas),
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        state=RoundState.NOMINATING,
        created_by_id=actor.id,
    )
    db.session.add(found)
    db.session.commit()
    return found


def rounds() -> list[RecognitionRound]:
    return list(db.session.scalars(select(RecognitionRound).order_by(RecognitionRound.opens_on.desc())))


def get_round(round_id: int) -> RecognitionRound:
    found = db.session.get(RecognitionRound, round_id)
    if found is None:
        raise NotFound(_("No such round."))
    return found


def is_open_for_nominations(found: RecognitionRound, today: date | None = None) -> bool:
    today = today or utcnow().date()
    return found.state == RoundState.NOMINATING and found.opens_on <= today <= found.closes_on


def nominable_stories(found: RecognitionRound) -> list[ShowcaseStory]:
    """Public stories in the round's areas that nobody has nominated in this round yet."""
    taken = {n.story_id for n in found.nominations}
    return [s for s in public.public_stories() if s.id not in taken and set(s.areas) & set(found.areas)]


def nominate(actor: User, round_id: int, story_id: int, statement: str) -> Nomination:
    found = get_round(round_id)
    if not is_open_for_nominations(found):
        raise Conflict(_("This round is not taking nominations."))
    statement = (statement or "").strip()
    if len(statement) < 20:
        raise ValidationError(_("Say in a few sentences why this reform deserves recognition."), field="statement")
    story = db.session.get(ShowcaseStory, story_id)
    if story is None or public.public_story(story.slug) is None:
        raise ValidationError(_("Choose a published story."), field="story")
    if not set(story.areas) & set(found.areas):
        raise ValidationError(_("This story is outside the round's programme areas."), field="story")
    if any(n.story_id == story_id for n in found.nominations):
        raise Conflict(_("This story is already nominated in this round."))
    item = reviewing.new_item(found.panel, "N")
    nomination = Nomination(
        round_id=found.id, story_id=story.id, item_id=item.id, nominated_by_id=actor.id, statement=statement[:4000]
    )
    db.session.add(nomination)
    db.session.commit()
    return nomination


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "")).strip().casefold()


def _people_behind(story: ShowcaseStory) -> list[Profile]:
    """Everyone named on the story, whatever their consent: a conflict of interest does not depend on it."""
    return [row.profile for row in story.people]


def detected_conflicts(found: RecognitionRound) -> set[tuple[int, int]]:
    """(item id, reviewer user id) pairs a reviewer must never get."""
    reviewers = {r.user_id: r.user.profile for r in found.panel.reviewers}
    barred = set()
    for nomination in found.nominations:
        story = nomination.story
        people = _people_behind(story)
        countries = {story.country} | {p.country for p in people if p.country}
        organisations = {_norm(p.organisation) for p in people if _norm(p.organisation)}
        parties = {p.user_id for p in people}
        if story.proposer is not None:
            parties.add(story.proposer.user_id)
        if nomination.nominated_by_id:
            parties.add(nomination.nominated_by_id)
        for user_id, profile in reviewers.items():
            same_country = profile is not None and profile.country in countries
            same_org = profile is not None and _norm(profile.organisation) in organisations
            if user_id in parties or same_country or same_org:
                barred.add((nomination.item_id, user_id))
    return barred


def start_review(actor: User, round_id: int) -> dict[int, int]:
    """Close nominations and assign the reviewers; refused (Conflict, with the reason) when the conflicts of
    interest leave a nomination too few reviewers."""
    found = get_round(round_id)
    if not is_coordinator(actor):
        raise NotFound(_("No such round."))
    if found.state != RoundState.NOMINATING:
        raise Conflict(_("Nominations are already closed."))
    try:
        loads = reviewing.assign(found.panel, detected_conflicts(found))
    except Conflict:
        db.session.rollback()
        raise
    found.state = RoundState.REVIEWING
    db.session.commit()
    return loads


# --- reviewers: the blind view


@dataclass(frozen=True)
class BlindNomination:
    """All a reviewer is shown of a nomination."""

    code: str
    country: str
    level: str
    areas: list[str]
    summary: str
    problem: str
    actions: str
    results: str
    evidence: list[tuple[str, str, str]]  # kind, label, url
    statement: str


def _names_of(nomination: Nomination) -> list[str]:
    story = nomination.story
    names = [p.display_name for p in _people_behind(story)]
    if story.proposer is not None:
        names.append(story.proposer.display_name)
    nominator = db.session.get(User, nomination.nominated_by_id) if nomination.nominated_by_id else None
    if nominator is not None and nominator.profile is not None:
        names.append(nominator.profile.display_name)
    # Whole names first, then each part of a name (a first or family name alone also identifies someone).
    parts = [part for name in names for part in re.split(r"\s+", name) if len(part) >= 3]
    return sorted({n for n in names + parts if n.strip()}, key=len, reverse=True)


def _withhold(text: str, names: list[str]) -> str:
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", WITHHELD, text, flags=re.IGNORECASE)
    return text


def blind(nomination: Nomination) -> BlindNomination:
    story = nomination.story
    names = _names_of(nomination)
    return BlindNomination(
        code=nomination.item.code,
        country=story.country,
        level=story.level,
        areas=list(story.areas),
        summary=_withhold(story.summary, names),
        problem=_withhold(story.problem, names),
        actions=_withhold(story.actions, names),
        results=_withhold(story.results, names),
        evidence=[(e.kind, _withhold(e.label, names), e.url) for e in story.evidence],
        statement=_withhold(nomination.statement, names),
    )


def _nomination_of_item(item_id: int) -> Nomination:
    return db.session.scalar(select(Nomination).where(Nomination.item_id == item_id))


def my_reviews(actor: User, round_id: int):
    """The actor's assignments in a round with the blind view of each; 404 for anyone not on the panel."""
    found = get_round(round_id)
    if not reviewing.is_reviewer(actor, found.panel):
        raise NotFound(_("No such round."))
    return found, [
        (row, blind(_nomination_of_item(row.item_id))) for row in reviewing.my_assignments(actor, found.panel)
    ]


def review(actor: User, assignment_id: int):
    """One of the actor's own assignments in a recognition round, with its blind nomination."""
    row = reviewing.assignment_of(actor, assignment_id)
    nomination = _nomination_of_item(row.item_id)
    if nomination is None:
        raise NotFound(_("No such review."))
    return nomination.round, row, blind(nomination)


def submit_review(actor: User, assignment_id: int, scores: dict[int, int], comment: str) -> None:
    found, row, _blind = review(actor, assignment_id)
    if found.state != RoundState.REVIEWING:
        raise Conflict(_("This round is not being reviewed."))
    reviewing.record_scores(row, found.panel, scores, comment)
    db.session.commit()


# --- coordinators: results and winners


def can_see_results(actor, found: RecognitionRound) -> bool:
    """Coordinators who are not on the round's panel (a reviewer sees no names, even as a coordinator)."""
    return is_coordinator(actor) and not reviewing.is_reviewer(actor, found.panel)


def results(actor: User, round_id: int):
    found = get_round(round_id)
    if not can_see_results(actor, found):
        raise NotFound(_("No such round."))
    ranked, unscored = reviewing.results(found.panel)
    by_item = {n.item_id: n for n in found.nominations}
    return found, [(r, by_item[r.item.id]) for r in ranked], [by_item[i.id] for i in unscored]


def decide(actor: User, round_id: int, winner_ids: list[int]) -> RecognitionRound:
    found = get_round(round_id)
    if not can_see_results(actor, found):
        raise NotFound(_("No such round."))
    if found.state != RoundState.REVIEWING:
        raise Conflict(_("This round is not being reviewed."))
    chosen = {n.id: n for n in found.nominations if n.id in set(winner_ids)}
    if not chosen:
        raise ValidationError(_("Choose at least one winner."), field="winners")
    for nomination in found.nominations:
        nomination.winner = nomination.id in chosen
    found.state = RoundState.DECIDED
    found.decided_at = utcnow()
    db.session.commit()
    return found


# --- what the showcase shows (public: only public stories)


def recognised_reforms(limit: int = 6) -> list[tuple[ShowcaseStory, RecognitionRound]]:
    """The latest winning stories that are public right now, with their round."""
    rows = db.session.execute(
        select(ShowcaseStory, RecognitionRound)
        .join(Nomination, Nomination.story_id == ShowcaseStory.id)
        .join(RecognitionRound, RecognitionRound.id == Nomination.round_id)
        .where(
            Nomination.winner.is_(True),
            RecognitionRound.state == RoundState.DECIDED,
            public.public_story_clause(),
        )
        .order_by(RecognitionRound.decided_at.desc(), Nomination.id)
        .limit(limit)
    )
    return [(story, found) for story, found in rows]


def story_badges(story_id: int) -> list[RecognitionRound]:
    return list(
        db.session.scalars(
            select(RecognitionRound)
            .join(Nomination, Nomination.round_id == RecognitionRound.id)
            .where(
                Nomination.story_id == story_id,
                Nomination.winner.is_(True),
                RecognitionRound.state == RoundState.DECIDED,
            )
            .order_by(RecognitionRound.decided_at.desc())
        )
    )


def profile_badges(profile_id: int) -> list[tuple[ShowcaseStory, RecognitionRound]]:
    """Recognised public stories on which this person confirmed being named (their consent on that story)."""
    person = aliased(StoryPerson)  # the exists() of the public clause correlates StoryPerson itself
    rows = db.session.execute(
        select(ShowcaseStory, RecognitionRound)
        .join(Nomination, Nomination.story_id == ShowcaseStory.id)
        .join(RecognitionRound, RecognitionRound.id == Nomination.round_id)
        .join(person, person.story_id == ShowcaseStory.id)
        .where(
            person.profile_id == profile_id,
            person.consent == "confirmed",
            person.confirmed_at.is_not(None),
            Nomination.winner.is_(True),
            RecognitionRound.state == RoundState.DECIDED,
            public.public_story_clause(),
        )
        .order_by(RecognitionRound.decided_at.desc())
    )
    return [(story, found) for story, found in rows]


def coordinator_names(found: RecognitionRound) -> dict[int, str]:
    """Story titles by nomination, for coordinators' pages only."""
    return {n.id: n.story.title for n in found.nominations}
