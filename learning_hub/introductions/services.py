"""Introductions by double opt-in: a person asks, the other accepts or declines; only on acceptance do they learn
each other's email address.

Rules (each enforced here, for the pages and the API alike):
- a message of MESSAGE_MIN to MESSAGE_MAX characters in the sender's own words, and a purpose;
- the recipient must be listed, active, open to introductions and to that purpose;
- at most DAILY_LIMIT requests per sender in any 24 hours;
- between the same two people: one open request at a time, and none for QUIET_DAYS after a request was declined
  or withdrawn;
- a recipient who blocked the sender never sees the sender's requests; the sender is not told (to them the request
  stays "waiting for an answer").
The limits hold under concurrent requests: `_lock_people` locks both people's profile rows (PostgreSQL:
SELECT ... FOR UPDATE in id order; SQLite: every writing transaction begins IMMEDIATE, so they run one at a time)
before counting, and a partial unique index backs the one-open-request rule.

Emails: one function per event (`email_request`, `email_accepted`, `email_declined`), each called after the commit
and sending outside any transaction (`slow_work`). Nothing the sender receives before acceptance carries the
recipient's email address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError

from learning_hub.email import absolute_url as _link
from learning_hub.email import send_email
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.forms import has_control_chars
from learning_hub.models import (
    AbuseReport,
    ConversationMessage,
    Introduction,
    IntroductionBlock,
    IntroductionSettings,
    Profile,
    User,
    utcnow,
)
from learning_hub.models.introduction import OPEN_STATES, PURPOSES, IntroductionState

MESSAGE_MIN = 20
MESSAGE_MAX = 1000
REASON_MAX = 500
NOTE_MAX = 1000
DAILY_LIMIT = 10
QUIET_DAYS = 90
LINK_DAYS = 30  # how long the emailed answer link stays good (the request must still be pending too)
TOKEN_SALT = "introduction-answer"

PURPOSE_LABELS = {
    "peer_exchange": _l("Peer exchange"),
    "mentoring": _l("Mentoring"),
    "implementation_support": _l("Support implementing a reform"),
    "other": _l("Something else"),
}


def purpose_label(key: str) -> str:
    return str(PURPOSE_LABELS.get(key, key))


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class Openness:
    open: bool
    purposes: tuple[str, ...]


def openness(profile_id: int) -> Openness:
    row = db.session.get(IntroductionSettings, profile_id)
    if row is None:
        return Openness(True, PURPOSES)
    return Openness(bool(row.open), tuple(p for p in PURPOSES if p in (row.purposes or [])))


def update_settings(actor: User, *, open_: bool, purposes) -> Openness:
    profile = _own_profile(actor)
    chosen = [p for p in PURPOSES if p in set(purposes or [])]
    if open_ and not chosen:
        raise ValidationError(
            _("Choose at least one purpose, or close your profile to introductions."), field="purposes"
        )
    row = db.session.get(IntroductionSettings, profile.id) or IntroductionSettings(profile_id=profile.id)
    row.open, row.purposes, row.updated_at = bool(open_), chosen, utcnow()
    db.session.add(row)
    db.session.commit()
    return openness(profile.id)


# ---------------------------------------------------------------- asking


def _own_profile(actor: User) -> Profile:
    if actor is None or actor.profile is None:
        raise ValidationError(_("Fill in your profile first."))
    return actor.profile


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _recipient(profile_id: int) -> Profile:
    profile = db.session.get(Profile, profile_id)
    if profile is None or profile.user is None or not profile.user.active or not profile.is_listed:
        raise NotFound(_("No such profile."))
    return profile


@dataclass(frozen=True)
class AskCheck:
    """Whether the actor may ask this person now, and if not, why (shown instead of the form)."""

    allowed: bool
    reason: str | None = None
    purposes: tuple[str, ...] = PURPOSES


def check_can_ask(actor: User, recipient: Profile) -> AskCheck:
    """The reasons a request would be refused, read before showing the form (`ask` checks again, atomically)."""
    me = actor.profile if actor else None
    if me is None:
        return AskCheck(False, _("Fill in your profile first: the person you ask will want to know who you are."))
    if me.id == recipient.id:
        return AskCheck(False, _("This is your own profile."))
    settings = openness(recipient.id)
    if not settings.open or not settings.purposes:
        return AskCheck(
            False, _("%(name)s is not taking introduction requests at the moment.", name=recipient.display_name)
        )
    refusal = _pair_refusal(me.id, recipient.id)
    if refusal:
        return AskCheck(False, refusal, settings.purposes)
    if _sent_today(me.id) >= DAILY_LIMIT:
        return AskCheck(False, _daily_message(), settings.purposes)
    return AskCheck(True, None, settings.purposes)


def _daily_message() -> str:
    return _(
        "You have sent %(n)s introduction requests in the last 24 hours, the most allowed. Try again tomorrow.",
        n=DAILY_LIMIT,
    )


def _sent_today(sender_id: int) -> int:
    since = utcnow() - timedelta(days=1)
    return db.session.scalar(
        select(func.count(Introduction.id)).where(Introduction.sender_id == sender_id, Introduction.created_at >= since)
    )


def _pair_refusal(a: int, b: int) -> str | None:
    low, high = _pair(a, b)
    same_pair = and_(Introduction.low_profile_id == low, Introduction.high_profile_id == high)
    open_one = db.session.scalar(
        select(Introduction).where(same_pair, Introduction.state.in_((*OPEN_STATES, IntroductionState.MUTED))).limit(1)
    )
    if open_one is not None:
        if open_one.state == IntroductionState.ACCEPTED:
            return _("You are already introduced to each other: write in your conversation.")
        return _("A request between you two is already waiting for an answer.")
    since = utcnow() - timedelta(days=QUIET_DAYS)
    recent = db.session.scalar(
        select(func.max(Introduction.answered_at)).where(
            same_pair,
            Introduction.state.in_((IntroductionState.DECLINED, IntroductionState.WITHDRAWN)),
            Introduction.answered_at >= since,
        )
    )
    if recent is not None:
        return _(
            "An earlier request between you two ended less than %(days)s days ago. You can ask again from %(day)s.",
            days=QUIET_DAYS,
            day=(recent + timedelta(days=QUIET_DAYS)).date().isoformat(),
        )
    return None


def _lock_people(a: int, b: int) -> None:
    """Serialise requests that involve either person (see the module docstring)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Profile.id).where(Profile.id.in_(_pair(a, b))).order_by(Profile.id).with_for_update())


def clean_message(message: str | None) -> str:
    message = (message or "").strip()
    if has_control_chars(message):
        raise ValidationError(_("Remove the invisible control characters from this field."), field="message")
    if not MESSAGE_MIN <= len(message) <= MESSAGE_MAX:
        raise ValidationError(
            _("Write between %(min)s and %(max)s characters.", min=MESSAGE_MIN, max=MESSAGE_MAX), field="message"
        )
    return message


def _clean_optional(value: str | None, field: str, limit: int) -> str | None:
    value = (value or "").strip()
    if has_control_chars(value):
        raise ValidationError(_("Remove the invisible control characters from this field."), field=field)
    if len(value) > limit:
        raise ValidationError(_("Use at most %(n)s characters.", n=limit), field=field)
    return value or None


def ask(actor: User, recipient_id: int, purpose: str, message: str) -> Introduction:
    """Send a request. Refusals are ValidationError (the input) or Conflict (the limits, the pair rules)."""
    me = _own_profile(actor)
    recipient = _recipient(recipient_id)
    if recipient.id == me.id:
        raise ValidationError(_("This is your own profile."))
    if purpose not in PURPOSES:
        raise ValidationError(_("Choose a purpose."), field="purpose")
    message = clean_message(message)
    sender_id, recipient_id = me.id, recipient.id
    _lock_people(sender_id, recipient_id)
    settings = openness(recipient_id)
    if not settings.open:
        raise Conflict(_("%(name)s is not taking introduction requests at the moment.", name=recipient.display_name))
    if purpose not in settings.purposes:
        raise Conflict(
            _(
                "%(name)s takes introduction requests only for: %(purposes)s.",
                name=recipient.display_name,
                purposes=", ".join(purpose_label(p) for p in settings.purposes),
            )
        )
    refusal = _pair_refusal(sender_id, recipient_id)
    if refusal:
        raise Conflict(refusal)
    if _sent_today(sender_id) >= DAILY_LIMIT:
        raise Conflict(_daily_message())
    blocked = db.session.scalar(
        select(IntroductionBlock.id).where(
            IntroductionBlock.blocker_id == recipient_id, IntroductionBlock.blocked_id == sender_id
        )
    )
    low, high = _pair(sender_id, recipient_id)
    sender_text, sender_kind, recipient_text, recipient_kind = matched_texts(me, recipient)
    intro = Introduction(
        sender_id=sender_id,
        recipient_id=recipient_id,
        low_profile_id=low,
        high_profile_id=high,
        purpose=purpose,
        message=message,
        state=IntroductionState.MUTED.value if blocked else IntroductionState.PENDING.value,
        sender_text=sender_text,
        sender_text_kind=sender_kind,
        recipient_text=recipient_text,
        recipient_text_kind=recipient_kind,
    )
    db.session.add(intro)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("A request between you two is already waiting for an answer.")) from None
    if not blocked:
        email_request(intro.id)
    return intro


def matched_texts(sender: Profile, recipient: Profile) -> tuple[str, str | None, str, str | None]:
    """(sender's text, its kind, recipient's text, its kind): the closest challenge-reform pair between the two,
    in either direction, by the vectors already cached for their texts (nothing is embedded here). Without
    vectors: the sender's first challenge and the recipient's first reform, as they wrote them."""
    from learning_hub import engine

    best = None
    for asker, other, asker_kind in ((sender, recipient, "challenge"), (recipient, sender, "reform")):
        challenges = (
            [c.text for c in asker.challenges] if asker_kind == "challenge" else [c.text for c in other.challenges]
        )
        reforms = [r.text for r in other.reforms] if asker_kind == "challenge" else [r.text for r in asker.reforms]
        if not challenges or not reforms:
            continue
        # One owner holding the challenges, the reforms as queries: its best row and that row's best query are the
        # closest pair (ties: the earlier challenge, then the earlier reform).
        index, cp = engine.text_index(challenges, np.zeros(len(challenges)), n_owners=1, skip_missing=True)
        rv, rp = engine.cached_vectors(reforms)
        if not cp.any() or not rp.any():
            continue
        _owner, score, row, query = next(iter(index.best_per_owner(rv[rp])))
        i, j = int(np.flatnonzero(cp)[row]), int(np.flatnonzero(rp)[query])
        if best is None or score > best[0]:
            if asker_kind == "challenge":
                best = (score, challenges[i], "challenge", reforms[j], "reform")
            else:
                best = (score, reforms[j], "reform", challenges[i], "challenge")
    if best is not None:
        return best[1], best[2], best[3], best[4]
    first_challenge = sender.challenges[0].text if sender.challenges else ""
    first_reform = recipient.reforms[0].text if recipient.reforms else ""
    return (
        first_challenge,
        "challenge" if first_challenge else None,
        first_reform,
        "reform" if first_reform else None,
    )


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Box:
    received: list[Introduction]
    sent: list[Introduction]


def my_introductions(actor: User) -> Box:
    me = actor.profile if actor else None
    if me is None:
        return Box([], [])
    received = list(
        db.session.scalars(
            select(Introduction)
            .where(Introduction.recipient_id == me.id, Introduction.state != IntroductionState.MUTED)
            .order_by(Introduction.id.desc())
        )
    )
    sent = list(
        db.session.scalars(select(Introduction).where(Introduction.sender_id == me.id).order_by(Introduction.id.desc()))
    )
    return Box(received, sent)


def pending_received_count(actor: User) -> int:
    me = actor.profile if actor else None
    return 0 if me is None else pending_received_count_of(me.id)


def pending_received_count_of(profile_id: int) -> int:
    """Introductions waiting for this profile's answer (the header's badge, which knows the id only)."""
    return db.session.scalar(pending_received_query(profile_id))


def pending_received_query(profile_id: int):
    """The SELECT behind `pending_received_count_of` (the header asks it beside its other counts)."""
    return select(func.count(Introduction.id)).where(
        Introduction.recipient_id == profile_id, Introduction.state == IntroductionState.PENDING
    )


def get_introduction(actor: User, intro_id: int) -> Introduction:
    """An introduction the actor sent or received; others' (and muted ones, for the recipient) are NotFound."""
    intro = db.session.get(Introduction, intro_id)
    me = actor.profile if actor else None
    if intro is None or me is None:
        raise NotFound(_("There is no such introduction."))
    if intro.sender_id == me.id:
        return intro
    if intro.recipient_id == me.id and intro.state != IntroductionState.MUTED:
        return intro
    raise NotFound(_("There is no such introduction."))


def side_of(actor: User, intro: Introduction) -> str:
    return "sender" if actor.profile and intro.sender_id == actor.profile.id else "recipient"


def shown_state(actor: User, intro: Introduction) -> str:
    """The state as this person may see it: a muted request is "pending" to its sender."""
    if intro.state == IntroductionState.MUTED:
        return IntroductionState.PENDING
    return intro.state


def contact_email(actor: User, intro: Introduction) -> str | None:
    """The other person's email address: only once both agreed (the one gate every page, the API and exports use)."""
    if intro.state != IntroductionState.ACCEPTED:
        return None
    other = intro.recipient if side_of(actor, intro) == "sender" else intro.sender
    return other.user.email if other is not None and other.user is not None else None


# ---------------------------------------------------------------- answering


def _pending_for_recipient(actor: User, intro_id: int) -> Introduction:
    intro = get_introduction(actor, intro_id)
    if intro.recipient_id != actor.profile.id:
        raise NotFound(_("There is no such introduction."))
    if intro.state != IntroductionState.PENDING:
        raise Conflict(_("This request was already answered or withdrawn."))
    return intro


def _move(intro_id: int, to: str, **values) -> bool:
    """Pending -> `to`, atomically: False when someone else answered first."""
    result = db.session.execute(
        db.update(Introduction)
        .where(Introduction.id == intro_id, Introduction.state == IntroductionState.PENDING)
        .values(state=to, answered_at=utcnow(), **values)
    )
    return result.rowcount == 1


def _judge(intro_id: int, accepted: bool) -> None:
    """The recipient's answer as a judgement: no score was shown with a request, so none is recorded (the re-ranker
    learns only from judgements with a score); the sender's message is the text the recipient read."""
    from learning_hub.decisions.services import record
    from learning_hub.models import ActorRole, JudgementKind

    intro = db.session.get(Introduction, intro_id)
    recipient = db.session.get(Profile, intro.recipient_id) if intro.recipient_id else None
    record(
        JudgementKind.INTRO_ACCEPT if accepted else JudgementKind.INTRO_DECLINE,
        recipient.user if recipient is not None else None,
        ActorRole.PARTICIPANT,
        source_id=intro.id,
        list_key=f"introduction:{intro.id}",
        a_profile_id=intro.sender_id,
        b_profile_id=intro.recipient_id,
        a_text=intro.message,
    )


def _accept(intro_id: int) -> Introduction:
    if not _move(intro_id, IntroductionState.ACCEPTED):
        db.session.rollback()
        raise Conflict(_("This request was already answered or withdrawn."))
    _judge(intro_id, accepted=True)
    db.session.commit()
    email_accepted(intro_id)
    return db.session.get(Introduction, intro_id)


def _decline(intro_id: int, reason: str | None) -> Introduction:
    reason = _clean_optional(reason, "reason", REASON_MAX)
    if not _move(intro_id, IntroductionState.DECLINED, decline_reason=reason):
        db.session.rollback()
        raise Conflict(_("This request was already answered or withdrawn."))
    _judge(intro_id, accepted=False)
    db.session.commit()
    email_declined(intro_id)
    return db.session.get(Introduction, intro_id)


def accept(actor: User, intro_id: int) -> Introduction:
    return _accept(_pending_for_recipient(actor, intro_id).id)


def decline(actor: User, intro_id: int, reason: str | None = None) -> Introduction:
    return _decline(_pending_for_recipient(actor, intro_id).id, reason)


def withdraw(actor: User, intro_id: int) -> Introduction:
    intro = get_introduction(actor, intro_id)
    if intro.sender_id != actor.profile.id:
        raise NotFound(_("There is no such introduction."))
    result = db.session.execute(
        db.update(Introduction)
        .where(
            Introduction.id == intro.id, Introduction.state.in_((IntroductionState.PENDING, IntroductionState.MUTED))
        )
        .values(state=IntroductionState.WITHDRAWN.value, answered_at=utcnow())
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict(_("This request was already answered or withdrawn."))
    db.session.commit()
    return db.session.get(Introduction, intro.id)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def answer_token(intro: Introduction) -> str:
    return _serializer().dumps({"i": intro.id, "r": intro.recipient_id})


def introduction_for_token(token: str) -> Introduction:
    """The pending request an emailed link answers; a wrong, expired or answered link is NotFound."""
    gone = NotFound(_("This link is not valid any more: the request was answered or withdrawn."))
    if not token or len(token) > 300:
        raise gone
    try:
        data = _serializer().loads(token, max_age=LINK_DAYS * 86400)
    except (BadSignature, SignatureExpired):
        raise gone from None
    intro = db.session.get(Introduction, data.get("i")) if isinstance(data, dict) else None
    if intro is None or intro.recipient_id != data.get("r") or intro.state != IntroductionState.PENDING:
        raise gone
    return intro


def answer_by_token(token: str, answer: str, reason: str | None = None) -> Introduction:
    """Accept or decline through the emailed link (POST only): the signed token is the credential for this one
    request, while it is pending."""
    intro = introduction_for_token(token)
    if answer == "accept":
        return _accept(intro.id)
    if answer == "decline":
        return _decline(intro.id, reason)
    raise ValidationError(_("Answer with accept or decline."))


# ---------------------------------------------------------------- blocking and reporting


def block_sender(actor: User, intro_id: int) -> None:
    """Block the sender of a request I received: it is declined without an email, and later requests from them are
    kept from me. The sender is not told."""
    intro = get_introduction(actor, intro_id)
    me = actor.profile
    if intro.recipient_id != me.id or intro.sender_id is None:
        raise NotFound(_("There is no such introduction."))
    exists = db.session.scalar(
        select(IntroductionBlock.id).where(
            IntroductionBlock.blocker_id == me.id, IntroductionBlock.blocked_id == intro.sender_id
        )
    )
    if not exists:
        db.session.add(IntroductionBlock(blocker_id=me.id, blocked_id=intro.sender_id))
    if intro.state == IntroductionState.PENDING:
        # Silently: to the sender it still reads "waiting for an answer"; no email is sent.
        db.session.execute(
            db.update(Introduction).where(Introduction.id == intro.id).values(state=IntroductionState.MUTED.value)
        )
    db.session.commit()


def unblock(actor: User, profile_id: int) -> None:
    me = _own_profile(actor)
    db.session.execute(
        db.delete(IntroductionBlock).where(
            IntroductionBlock.blocker_id == me.id, IntroductionBlock.blocked_id == profile_id
        )
    )
    db.session.commit()


def my_blocks(actor: User) -> list[IntroductionBlock]:
    me = actor.profile if actor else None
    if me is None:
        return []
    return list(db.session.scalars(select(IntroductionBlock).where(IntroductionBlock.blocker_id == me.id)))


def report_introduction(actor: User, intro_id: int, note: str | None) -> AbuseReport:
    """Report a request I received to the coordinators: they see its words, nothing else."""
    intro = get_introduction(actor, intro_id)
    if intro.recipient_id != actor.profile.id:
        raise NotFound(_("There is no such introduction."))
    report = AbuseReport(
        reporter_id=actor.profile.id,
        reported_id=intro.sender_id,
        introduction_id=intro.id,
        reported_text=intro.message,
        note=_clean_optional(note, "note", NOTE_MAX),
    )
    db.session.add(report)
    db.session.commit()
    return report


def report_message(actor: User, message: ConversationMessage, note: str | None) -> AbuseReport:
    """Report a message someone else wrote in one of my threads (the conversations module checks membership)."""
    report = AbuseReport(
        reporter_id=actor.profile.id,
        reported_id=message.sender_id,
        message_id=message.id,
        reported_text=message.body,
        note=_clean_optional(note, "note", NOTE_MAX),
    )
    db.session.add(report)
    db.session.commit()
    return report


def abuse_reports(actor: User) -> list[AbuseReport]:
    """Coordinators' list: open reports first. (The route's policy admits coordinators only.)"""
    return list(db.session.scalars(select(AbuseReport).order_by(AbuseReport.state.desc(), AbuseReport.id.desc())))


def close_report(actor: User, report_id: int) -> AbuseReport:
    report = db.session.get(AbuseReport, report_id)
    if report is None:
        raise NotFound(_("There is no such report."))
    report.state, report.closed_at = "closed", utcnow()
    db.session.commit()
    return report


# ---------------------------------------------------------------- emails (one function per event)


def _path(endpoint: str, intro_id: int) -> str:
    with current_app.test_request_context():
        return url_for(endpoint, intro_id=intro_id)


def _person(profile: Profile) -> dict:
    """What an email says about a person (no email address: callers add it only where both agreed)."""
    return {
        "name": profile.display_name,
        "organisation": profile.organisation or "",
        "country": profile.country or "",
        "languages": list(profile.languages),
    }


def _deliver(mails: list[dict]) -> None:
    """Write prepared emails to the outbox, each in its recipient's language; they leave after the commit."""
    for mail in mails:
        with force_locale(mail["locale"]):
            subject = str(mail["subject"])
        send_email(mail["to"], subject, mail["template"], locale=mail["locale"], **mail["context"])
    db.session.commit()


def _in_app(recipient: Profile | None, kind: str, name: str, path: str) -> None:
    """The same event in /notifications (the email above already told the person)."""
    from learning_hub.notifications import services as notifications

    if recipient is not None and recipient.user is not None and recipient.user.active:
        notifications.notify(recipient, kind, {"name": name}, path, told_by_email=True)


def _addressee(profile: Profile | None) -> tuple[str, str] | None:
    if profile is None or profile.user is None or not profile.user.active:
        return None
    return profile.user.email, profile.user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def email_request(intro_id: int) -> None:
    """To the recipient: who asks, why, in their words, with links to answer (the sender's address is not in it)."""
    intro = db.session.get(Introduction, intro_id)
    to = _addressee(intro.recipient)
    if intro.sender is None or to is None or intro.state != IntroductionState.PENDING:
        return
    token = answer_token(intro)
    mail = {
        "to": to[0],
        "locale": to[1],
        "subject": _l("%(name)s would like to be introduced to you", name=intro.sender.display_name),
        "template": "introduction_request",
        "context": {
            "name": intro.recipient.display_name,
            "sender": _person(intro.sender),
            "purpose": intro.purpose,
            "message": intro.message,
            "accept_link": _link("introductions.respond_link", token=token, answer="accept"),
            "decline_link": _link("introductions.respond_link", token=token, answer="decline"),
            "page_link": _link("introductions.detail", intro_id=intro.id),
            "profile_link": _link("directory.profile", profile_id=intro.sender.id),
        },
    }
    _deliver([mail])
    _in_app(intro.recipient, "introduction_request", intro.sender.display_name, _path("introductions.detail", intro.id))


def email_accepted(intro_id: int) -> None:
    """To both: the introduction, each in their own language, with the other's details and email address."""
    intro = db.session.get(Introduction, intro_id)
    if intro.state != IntroductionState.ACCEPTED or intro.sender is None or intro.recipient is None:
        return
    thread = _link("introductions.conversation", kind="introduction", source_id=intro.id)
    mails = []
    for me, other, my_text, my_kind, other_text, other_kind in (
        (
            intro.sender,
            intro.recipient,
            intro.sender_text,
            intro.sender_text_kind,
            intro.recipient_text,
            intro.recipient_text_kind,
        ),
        (
            intro.recipient,
            intro.sender,
            intro.recipient_text,
            intro.recipient_text_kind,
            intro.sender_text,
            intro.sender_text_kind,
        ),
    ):
        to = _addressee(me)
        if to is None or other.user is None:
            continue
        mails.append(
            {
                "to": to[0],
                "locale": to[1],
                "subject": _l("Introduction: %(name)s", name=other.display_name),
                "template": "introduction_accepted",
                "context": {
                    "name": me.display_name,
                    "other": _person(other),
                    "other_email": other.user.email,
                    "purpose": intro.purpose,
                    "my_text": my_text,
                    "my_kind": my_kind,
                    "other_text": other_text,
                    "other_kind": other_kind,
                    "conversation_link": thread,
                },
            }
        )
    _deliver(mails)
    if intro.recipient is not None:
        _in_app(
            intro.sender, "introduction_answer", intro.recipient.display_name, _path("introductions.detail", intro.id)
        )


def email_declined(intro_id: int) -> None:
    """To the sender, kindly, with the optional reason (never the recipient's address)."""
    intro = db.session.get(Introduction, intro_id)
    to = _addressee(intro.sender)
    if to is None or intro.recipient is None or intro.state != IntroductionState.DECLINED:
        return
    mail = {
        "to": to[0],
        "locale": to[1],
        "subject": _l("About your introduction request to %(name)s", name=intro.recipient.display_name),
        "template": "introduction_declined",
        "context": {
            "name": intro.sender.display_name,
            "other": intro.recipient.display_name,
            "reason": intro.decline_reason or "",
            "directory_link": _link("directory.index"),
        },
    }
    _deliver([mail])
    if intro.recipient is not None:
        _in_app(
            intro.sender, "introduction_answer", intro.recipient.display_name, _path("introductions.detail", intro.id)
        )


def pairs_with(profile_id: int):
    """Accepted introductions that involve this profile (for conversations and profile access)."""
    return select(Introduction).where(
        Introduction.state == IntroductionState.ACCEPTED,
        or_(Introduction.sender_id == profile_id, Introduction.recipient_id == profile_id),
    )
