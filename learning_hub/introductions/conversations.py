"""Plain-text threads between two people who agreed to talk: an accepted introduction, a mentorship (active or
finished), a peer pair both accepted. A thread is addressed by its source (`kind`, `source_id`); its row is made by
the first message, so reading never writes. Unread counts come from each person's read mark, which only a POST
moves. Coordinators never read threads: every function here checks that the actor is one of the two people.

New messages send no email here: notification of messages (and its digests) belongs to the notifications feature.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError

from learning_hub.errors import NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.forms import has_control_chars
from learning_hub.models import (
    Conversation,
    ConversationMessage,
    ConversationRead,
    Introduction,
    MatchPair,
    MentoringRequest,
    Profile,
    User,
    utcnow,
)
from learning_hub.models.introduction import IntroductionState

BODY_MAX = 4000
PAGE = 200  # the latest messages shown on a thread page
MENTORSHIP_STATES = ("active", "completed")


@dataclass(frozen=True)
class Thread:
    kind: str
    source_id: int
    other: Profile | None
    conversation: Conversation | None
    unread: int
    last_at: datetime | None


def _me(actor: User) -> Profile:
    if actor is None or actor.profile is None:
        raise NotFound(_("There is no such conversation."))
    return actor.profile


def _source_people(kind: str, source_id: int) -> tuple[int | None, int | None] | None:
    """The two people of a source that allows a thread, or None."""
    if kind == "introduction":
        item = db.session.get(Introduction, source_id)
        if item is not None and item.state == IntroductionState.ACCEPTED:
            return item.sender_id, item.recipient_id
    elif kind == "mentorship":
        item = db.session.get(MentoringRequest, source_id)
        if item is not None and item.state in MENTORSHIP_STATES and item.accepted_at is not None:
            return item.requester_id, item.mentor_id
    elif kind == "peer_pair":
        item = db.session.get(MatchPair, source_id)
        if item is not None and item.introduced_at is not None:
            return item.a_profile_id, item.b_profile_id
    return None


def _other_of(people: tuple[int | None, int | None], me_id: int) -> int | None:
    a, b = people
    return b if a == me_id else a


def _check_member(actor: User, kind: str, source_id: int) -> tuple[Profile, int | None]:
    me = _me(actor)
    people = _source_people(kind, source_id)
    if people is None or me.id not in people:
        raise NotFound(_("There is no such conversation."))
    return me, _other_of(people, me.id)


def _conversation(kind: str, source_id: int) -> Conversation | None:
    return db.session.scalar(select(Conversation).where(Conversation.kind == kind, Conversation.source_id == source_id))


def _unread_counts(me_id: int, conversation_ids: list[int]) -> dict[int, int]:
    if not conversation_ids:
        return {}
    read = (
        select(ConversationRead.last_read_message_id)
        .where(
            ConversationRead.conversation_id == ConversationMessage.conversation_id,
            ConversationRead.profile_id == me_id,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(ConversationMessage.conversation_id, func.count(ConversationMessage.id))
        .where(
            ConversationMessage.conversation_id.in_(conversation_ids),
            or_(ConversationMessage.sender_id.is_(None), ConversationMessage.sender_id != me_id),
            ConversationMessage.id > func.coalesce(read, 0),
        )
        .group_by(ConversationMessage.conversation_id)
    )
    return dict(rows.all())


def unread_total(actor: User) -> int:
    """Messages from others I have not read, across all my threads: one query."""
    me = actor.profile if actor is not None and getattr(actor, "is_authenticated", False) else None
    return 0 if me is None else unread_total_of(me.id)


def unread_total_of(profile_id: int) -> int:
    """`unread_total` for a profile id (the header's badge, which knows the id without loading the profile)."""
    return db.session.scalar(unread_total_query(profile_id)) or 0


def unread_total_query(profile_id: int):
    """The SELECT behind `unread_total_of` (the header asks it beside its other counts)."""
    read = (
        select(ConversationRead.last_read_message_id)
        .where(
            ConversationRead.conversation_id == ConversationMessage.conversation_id,
            ConversationRead.profile_id == profile_id,
        )
        .scalar_subquery()
    )
    return (
        select(func.count(ConversationMessage.id))
        .join(Conversation, Conversation.id == ConversationMessage.conversation_id)
        .where(
            or_(Conversation.a_profile_id == profile_id, Conversation.b_profile_id == profile_id),
            or_(ConversationMessage.sender_id.is_(None), ConversationMessage.sender_id != profile_id),
            ConversationMessage.id > func.coalesce(read, 0),
        )
    )


def my_threads(actor: User) -> list[Thread]:
    """Every thread I may write in, with or without messages yet: most recent activity first."""
    me = actor.profile if actor else None
    if me is None:
        return []
    sources: list[tuple[str, int, int | None, datetime | None]] = []
    for item in db.session.scalars(
        select(Introduction).where(
            Introduction.state == IntroductionState.ACCEPTED,
            or_(Introduction.sender_id == me.id, Introduction.recipient_id == me.id),
        )
    ):
        sources.append(
            ("introduction", item.id, _other_of((item.sender_id, item.recipient_id), me.id), item.answered_at)
        )
    for item in db.session.scalars(
        select(MentoringRequest).where(
            MentoringRequest.state.in_(MENTORSHIP_STATES),
            MentoringRequest.accepted_at.is_not(None),
            or_(MentoringRequest.requester_id == me.id, MentoringRequest.mentor_id == me.id),
        )
    ):
        sources.append(("mentorship", item.id, _other_of((item.requester_id, item.mentor_id), me.id), item.accepted_at))
    for item in db.session.scalars(
        select(MatchPair).where(
            MatchPair.introduced_at.is_not(None), or_(MatchPair.a_profile_id == me.id, MatchPair.b_profile_id == me.id)
        )
    ):
        sources.append(
            ("peer_pair", item.id, _other_of((item.a_profile_id, item.b_profile_id), me.id), item.introduced_at)
        )
    conversations = {
        (c.kind, c.source_id): c
        for c in db.session.scalars(
            select(Conversation).where(or_(Conversation.a_profile_id == me.id, Conversation.b_profile_id == me.id))
        )
    }
    unread = _unread_counts(me.id, [c.id for c in conversations.values()])
    threads = []
    for kind, source_id, other_id, since in sources:
        conversation = conversations.get((kind, source_id))
        threads.append(
            Thread(
                kind,
                source_id,
                db.session.get(Profile, other_id) if other_id else None,
                conversation,
                unread.get(conversation.id, 0) if conversation else 0,
                conversation.last_message_at if conversation else since,
            )
        )
    threads.sort(key=lambda t: t.last_at or datetime.min, reverse=True)
    return threads


@dataclass(frozen=True)
class ThreadPage:
    kind: str
    source_id: int
    other: Profile | None
    other_email: str | None
    messages: list[ConversationMessage]
    unread: int
    last_message_id: int


def thread(actor: User, kind: str, source_id: int) -> ThreadPage:
    me, other_id = _check_member(actor, kind, source_id)
    other = db.session.get(Profile, other_id) if other_id else None
    conversation = _conversation(kind, source_id)
    messages: list[ConversationMessage] = []
    unread = 0
    if conversation is not None:
        messages = list(
            db.session.scalars(
                select(ConversationMessage)
                .where(ConversationMessage.conversation_id == conversation.id)
                .order_by(ConversationMessage.id.desc())
                .limit(PAGE)
            )
        )[::-1]
        unread = _unread_counts(me.id, [conversation.id]).get(conversation.id, 0)
    other_email = other.user.email if other is not None and other.user is not None else None
    return ThreadPage(kind, source_id, other, other_email, messages, unread, messages[-1].id if messages else 0)


def clean_body(body: str | None) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if has_control_chars(body):
        raise ValidationError(_("Remove the invisible control characters from this field."), field="body")
    if not body:
        raise ValidationError(_("Write a message first."), field="body")
    if len(body) > BODY_MAX:
        raise ValidationError(_("Use at most %(n)s characters.", n=BODY_MAX), field="body")
    return body


def _get_or_create(kind: str, source_id: int, me_id: int, other_id: int | None) -> Conversation:
    conversation = _conversation(kind, source_id)
    if conversation is not None:
        return conversation
    conversation = Conversation(kind=kind, source_id=source_id, a_profile_id=me_id, b_profile_id=other_id)
    try:
        with db.session.begin_nested():
            db.session.add(conversation)
    except IntegrityError:  # the other person's first message made it a moment ago
        conversation = _conversation(kind, source_id)
    return conversation


def _mark(conversation_id: int, me_id: int, message_id: int) -> None:
    row = db.session.get(ConversationRead, (conversation_id, me_id))
    if row is None:
        db.session.add(
            ConversationRead(conversation_id=conversation_id, profile_id=me_id, last_read_message_id=message_id)
        )
    elif message_id > row.last_read_message_id:
        row.last_read_message_id = message_id


def post(actor: User, kind: str, source_id: int, body: str) -> ConversationMessage:
    me, other_id = _check_member(actor, kind, source_id)
    body = clean_body(body)
    conversation = _get_or_create(kind, source_id, me.id, other_id)
    message = ConversationMessage(conversation_id=conversation.id, sender_id=me.id, body=body, created_at=utcnow())
    db.session.add(message)
    conversation.last_message_at = message.created_at
    db.session.flush()
    _mark(conversation.id, me.id, message.id)  # writing means I read what came before
    db.session.commit()
    _notify_other(me, other_id, kind, source_id)
    return message


def _notify_other(me: Profile, other_id: int, kind: str, source_id: int) -> None:
    """Tell the other person in /notifications; their channel for "message" decides whether (and when) an email
    goes: a daily digest by default, never one email per message."""
    from flask import current_app, url_for

    from learning_hub.notifications import services as notifications

    other = db.session.get(Profile, other_id)
    if other is None or other.user is None or not other.user.active:
        return
    with current_app.test_request_context():  # also outside a request (the demo, the API's tests)
        path = url_for("introductions.conversation", kind=kind, source_id=source_id)
    notifications.notify(other, "message", {"name": me.display_name}, path)


def mark_read(actor: User, kind: str, source_id: int, up_to: int | None = None) -> int:
    """Move my read mark to `up_to` (or the latest message); returns my unread count left in this thread."""
    me, _other = _check_member(actor, kind, source_id)
    conversation = _conversation(kind, source_id)
    if conversation is None:
        return 0
    latest = (
        db.session.scalar(
            select(func.max(ConversationMessage.id)).where(ConversationMessage.conversation_id == conversation.id)
        )
        or 0
    )
    target = min(int(up_to), latest) if up_to else latest
    _mark(conversation.id, me.id, target)
    db.session.commit()
    return _unread_counts(me.id, [conversation.id]).get(conversation.id, 0)


def get_message(actor: User, message_id: int) -> ConversationMessage:
    """A message in one of my threads written by the other person (what can be reported)."""
    me = _me(actor)
    message = db.session.get(ConversationMessage, message_id)
    if message is None or message.sender_id == me.id:
        raise NotFound(_("There is no such message."))
    conversation = message.conversation
    _check_member(actor, conversation.kind, conversation.source_id)
    return message


def thread_for(kind: str, source_id: int):
    """Condition selecting a source's conversation (used by erasure)."""
    return and_(Conversation.kind == kind, Conversation.source_id == source_id)
