"""The participants' side: suggested peers from published runs, accept or decline, the introduction email.

A person sees a pair only when its run is published, the pair is not rejected, they are one of its two people, and
both people are still listed; anything else is "not found", so others' pairs do not leak. When both accept, the pair
is marked introduced exactly once (an atomic UPDATE ... WHERE, also under concurrent answers), remembered as held, and
an introduction email goes to both, each in their own language.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import selectinload

from learning_hub.computations import Status
from learning_hub.email import send_email
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import HeldPair, MatchPair, MatchRun, Profile, User, utcnow
from learning_hub.models.peer_exchange import ACTIVE_PAIR_STATES

ANSWERS = {"accept": "accepted", "decline": "declined"}
PANEL_SIZE = 8


@dataclass(frozen=True)
class Suggestion:
    pair: MatchPair
    me: str  # "a" or "b"
    peer: Profile

    @property
    def my_response(self) -> str | None:
        return self.pair.a_response if self.me == "a" else self.pair.b_response

    @property
    def peer_response(self) -> str | None:
        return self.pair.b_response if self.me == "a" else self.pair.a_response

    @property
    def status(self) -> str:
        """introduced | declined (by me) | closed (by the peer) | waiting_peer | open."""
        if self.pair.introduced_at:
            return "introduced"
        if self.my_response == "declined":
            return "declined"
        if self.peer_response == "declined":
            return "closed"
        return "waiting_peer" if self.my_response == "accepted" else "open"

    @property
    def answerable(self) -> bool:
        return self.pair.introduced_at is None

    @property
    def a_quote(self) -> str:
        """a's challenge sentence, as long as a still has it in a challenge (else nothing: it was edited away or
        removed, and its old words are no longer shown to anyone)."""
        return current_quote(self.pair.a_excerpt, self.pair.a_profile, "challenges")

    @property
    def b_quote(self) -> str:
        """b's reform sentence, as long as b still has it in a reform."""
        return current_quote(self.pair.b_excerpt, self.pair.b_profile, "reforms")

    @property
    def terms(self) -> list[str]:
        """The shared terms, only while both quoted texts still stand (they were found in the old words)."""
        if (self.pair.a_excerpt and not self.a_quote) or (self.pair.b_excerpt and not self.b_quote):
            return []
        return list(self.pair.terms or [])

    @property
    def my_quote(self) -> str:
        return self.a_quote if self.me == "a" else self.b_quote

    @property
    def peer_quote(self) -> str:
        return self.b_quote if self.me == "a" else self.a_quote


def _folded(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def _excerpt_core(excerpt: str) -> str:
    """The words of an excerpt without the ellipsis a shortened one ends with."""
    core = _folded(excerpt)
    return core[:-1].rstrip(" ,;:") if core.endswith("…") else core


def quoted_in(excerpt: str, text: str) -> bool:
    """Whether a stored excerpt still stands in this text."""
    core = _excerpt_core(excerpt)
    return bool(core) and core in _folded(text)


def current_quote(excerpt: str, profile: Profile | None, kind: str) -> str:
    """The excerpt if its author still has it in one of their challenges or reforms (`kind`), else ""."""
    if not excerpt or profile is None:
        return ""
    return excerpt if any(quoted_in(excerpt, item.text) for item in getattr(profile, kind)) else ""


def quoting_suggestions(profile: Profile, kind: str, old_text: str, new_text: str = "") -> int:
    """How many suggestions shown to other people quote words of `old_text` (one of this person's challenges or
    reforms) that `new_text` no longer holds: what its author is told when editing or removing it."""
    side, column = ("a", MatchPair.a_profile_id) if kind == "challenges" else ("b", MatchPair.b_profile_id)
    pairs = db.session.scalars(
        db.select(MatchPair)
        .join(MatchRun, MatchRun.id == MatchPair.run_id)
        .where(
            MatchRun.status == Status.PUBLISHED,
            MatchPair.state.in_(ACTIVE_PAIR_STATES),
            MatchPair.withdrawn_at.is_(None),
            column == profile.id,
        )
    )
    count = 0
    for pair in pairs:
        excerpt = getattr(pair, f"{side}_excerpt")
        if excerpt and quoted_in(excerpt, old_text) and not quoted_in(excerpt, new_text):
            count += 1
    return count


def _listed(profile: Profile | None) -> bool:
    return profile is not None and profile.is_listed


def _visible_query(profile_id: int):
    return (
        db.select(MatchPair)
        .join(MatchRun, MatchRun.id == MatchPair.run_id)
        .where(
            MatchRun.status == Status.PUBLISHED,
            MatchPair.state.in_(ACTIVE_PAIR_STATES),
            MatchPair.withdrawn_at.is_(None),
            (MatchPair.a_profile_id == profile_id) | (MatchPair.b_profile_id == profile_id),
        )
        .options(selectinload(MatchPair.a_profile), selectinload(MatchPair.b_profile))
        .order_by(MatchRun.published_at.desc(), MatchPair.score.desc(), MatchPair.id)
    )


def _as_suggestion(pair: MatchPair, me: Profile) -> Suggestion | None:
    side = pair.side_of(me.id)
    peer = pair.b_profile if side == "a" else pair.a_profile
    if side is None or not _listed(me) or not _listed(peer):
        return None
    return Suggestion(pair, side, peer)


def _progress(pair: MatchPair) -> int:
    """How far two people got with a suggestion: the card to keep when the same pair was suggested twice."""
    if pair.introduced_at is not None:
        return 2
    return 1 if pair.a_response or pair.b_response else 0


def suggestions_for(user: User, limit: int | None = None) -> list[Suggestion]:
    """My suggested peers, newest run first, each peer once: when two published runs suggest the same pair (runs
    published before repeats were withdrawn), the card either of us already answered wins, else the newest."""
    profile = user.profile
    if profile is None:
        return []
    chosen: dict[str, MatchPair] = {}
    order: list[str] = []
    for pair in db.session.scalars(_visible_query(profile.id)):
        key = pair.pair_key or f"pair-{pair.id}"
        if key not in chosen:
            chosen[key] = pair
            order.append(key)
        elif _progress(pair) > _progress(chosen[key]):
            chosen[key] = pair
    out = []
    for key in order:
        suggestion = _as_suggestion(chosen[key], profile)
        if suggestion is not None:
            out.append(suggestion)
            if limit and len(out) >= limit:
                break
    return out


def get_suggestion(actor: User, pair_id: int) -> Suggestion:
    profile = actor.profile
    pair = None
    if profile is not None:
        pair = db.session.scalars(_visible_query(profile.id).where(MatchPair.id == pair_id)).first()
    suggestion = _as_suggestion(pair, profile) if pair is not None else None
    if suggestion is None:
        raise NotFound(_("There is no such suggestion."))
    return suggestion


def respond(actor: User, pair_id: int, answer: str) -> Suggestion:
    """Record my answer (I may change it until we are introduced); introduce us when both have accepted."""
    if answer not in ANSWERS:
        raise ValidationError(_("Answer with accept or decline."))
    suggestion = get_suggestion(actor, pair_id)
    me = suggestion.me
    values = {f"{me}_response": ANSWERS[answer], f"{me}_responded_at": utcnow()}
    changed = db.session.execute(
        db.update(MatchPair).where(MatchPair.id == pair_id, MatchPair.introduced_at.is_(None)).values(**values)
    )
    if changed.rowcount != 1:
        db.session.rollback()
        raise Conflict(_("You have already been introduced to each other."))
    introduced = (
        db.session.execute(
            db.update(MatchPair)
            .where(
                MatchPair.id == pair_id,
                MatchPair.introduced_at.is_(None),
                MatchPair.a_response == "accepted",
                MatchPair.b_response == "accepted",
            )
            .values(introduced_at=utcnow())
        ).rowcount
        == 1
    )
    if introduced:
        _remember_held(suggestion.pair)
    from learning_hub.decisions.services import record_pair
    from learning_hub.models import ActorRole, JudgementKind

    kind = JudgementKind.SUGGESTION_ACCEPT if answer == "accept" else JudgementKind.SUGGESTION_DECLINE
    record_pair(kind, actor, ActorRole.PARTICIPANT, suggestion.pair)
    db.session.commit()
    db.session.refresh(suggestion.pair)
    if introduced:
        send_introductions(suggestion.pair)
    return suggestion


def _remember_held(pair: MatchPair) -> None:
    low, high = sorted((pair.a_profile_id, pair.b_profile_id))
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    # The same two people may be introduced through two runs: the first introduction is the one remembered.
    db.session.execute(
        insert(HeldPair)
        .values(low_profile_id=low, high_profile_id=high, pair_id=pair.id)
        .on_conflict_do_nothing(index_elements=["low_profile_id", "high_profile_id"])
    )


def send_introductions(pair: MatchPair) -> None:
    """One email to each person, in their locale, naming the other and why they were matched."""
    link_base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    with current_app.test_request_context():  # the path only; the base URL comes from the configuration
        path = url_for("peer_exchange.suggestion", pair_id=pair.id)
    sides = (("a", pair.a_profile, pair.b_profile), ("b", pair.b_profile, pair.a_profile))
    for side, me, peer in sides:
        locale = me.user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(locale):
            subject = _("Introducing you to %(name)s, your peer-exchange partner", name=peer.display_name)
        quotes = Suggestion(pair, side, peer)
        my_text, peer_text = quotes.my_quote, quotes.peer_quote
        send_email(
            me.user.email,
            subject,
            "peer_exchange_introduction",
            locale=locale,
            me=me,
            peer=peer,
            peer_email=peer.user.email,
            side=side,
            my_text=my_text,
            peer_text=peer_text,
            terms=quotes.terms,
            link=link_base + path,
            dedupe_key=f"peer-introduction:{pair.id}:{side}",
        )
    db.session.commit()  # the outbox rows; a background job sends them
