"""notify() and everything around it: the list, read/unread, channels per kind, one-click unsubscribe, digests.

Features call `notify(recipient, kind, params, link)` after their own commit. The row is committed at once; when the
recipient's channel for the kind is "email", the email is claimed (`emailed_at` set in a conditional UPDATE) and
sent outside any transaction. Digests are claimed by their (user, period, key) marker. Running anything twice sends
nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError

from learning_hub.email import send_email
from learning_hub.errors import NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import (
    CHANNELS,
    DigestMarker,
    Notification,
    NotificationPreference,
    Profile,
    User,
    utcnow,
)
from learning_hub.notifications.kinds import CHANNEL_LABELS, KINDS, title_of

PAGE_SIZE = 30
DIGEST_LIMIT = 10  # a digest lists at most this many items (then "and N more"), short enough for a phone
DIGEST_KIND = {"daily": "digest_daily", "weekly": "digest_weekly"}  # unsubscribe "kinds" of the digests


# --- recipients, channels -------------------------------------------------------------------------------------


def _user_of(recipient) -> User | None:
    if isinstance(recipient, User):
        return recipient
    if isinstance(recipient, Profile):
        return recipient.user
    if isinstance(recipient, int):
        return db.session.get(User, recipient)
    return None


def locale_of(user: User) -> str:
    return user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def channel_for(user_id: int, kind: str) -> str:
    row = db.session.get(NotificationPreference, (user_id, kind))
    if row is not None:
        return row.channel
    entry = KINDS.get(kind)
    return entry.default if entry else "app"


@dataclass(frozen=True)
class PreferenceRow:
    kind: str
    label: str
    channel: str


def preferences(actor: User) -> list[PreferenceRow]:
    return [PreferenceRow(name, str(kind.label), channel_for(actor.id, name)) for name, kind in KINDS.items()]


def set_channels(actor: User, choices: dict[str, str]) -> None:
    """Save the actor's channel for each kind given (unknown kinds or channels are refused)."""
    for kind, channel in choices.items():
        if kind not in KINDS or channel not in CHANNELS:
            raise ValidationError(_("Choose a known kind and channel."))
    for kind, channel in choices.items():
        row = db.session.get(NotificationPreference, (actor.id, kind))
        if row is None:
            db.session.add(NotificationPreference(user_id=actor.id, kind=kind, channel=channel))
        else:
            row.channel = channel
    db.session.commit()


def channel_choices() -> list[tuple[str, str]]:
    return [(name, str(label)) for name, label in CHANNEL_LABELS.items()]


# --- notify -------------------------------------------------------------------------------------------------------


def add(recipient, kind: str, params: dict | None = None, link: str | None = None, *, told_by_email: bool = False):
    """Add a notification to the session (the caller commits). `told_by_email`: the feature's own email already
    told the person (an invitation with its answer links), so no notification email or digest repeats it."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    user = _user_of(recipient)
    if user is None or not user.active:
        return None
    notification = Notification(
        user_id=user.id,
        kind=kind,
        params=dict(params or {}),
        link=link,
        emailed_at=utcnow() if told_by_email else None,
    )
    db.session.add(notification)
    return notification


def notify(recipient, kind: str, params: dict | None = None, link: str | None = None, *, told_by_email=False):
    """Record a notification for `recipient` (a User or Profile) and email it now if that is their channel."""
    notification = add(recipient, kind, params, link, told_by_email=told_by_email)
    db.session.commit()
    if notification is not None:
        deliver([notification.id])
    return notification


def deliver(notification_ids) -> int:
    """Email the given notifications whose recipient chose "email" for their kind; each one at most once."""
    sent = 0
    for notification_id in notification_ids:
        notification = db.session.get(Notification, notification_id)
        if notification is None or notification.emailed_at is not None:
            continue
        if channel_for(notification.user_id, notification.kind) != "email":
            continue
        claimed = db.session.execute(
            db.update(Notification)
            .where(Notification.id == notification_id, Notification.emailed_at.is_(None))
            .values(emailed_at=utcnow())
        ).rowcount
        if claimed != 1:
            db.session.rollback()
            continue
        notification = db.session.get(Notification, notification_id)
        user = notification.user
        if user.active:
            # The claim and the outbox row commit together: the email leaves once, after the commit.
            send_email(**_notification_message(user, notification))
            sent += 1
        db.session.commit()
    return sent


def deliver_pending(now: datetime | None = None) -> int:
    """Email every notification still owed an email (a crash between commit and sending, or channel "email")."""
    now = now or utcnow()
    ids = db.session.scalars(
        db.select(Notification.id).where(
            Notification.emailed_at.is_(None),
            Notification.digested_at.is_(None),
            Notification.created_at <= now,
            Notification.created_at >= now - timedelta(days=2),
        )
    ).all()
    return deliver(ids)


# --- links, unsubscribe -------------------------------------------------------------------------------------------


def absolute(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def _path(endpoint: str, **values) -> str:
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="notifications-unsubscribe")


def unsubscribe_token(user_id: int, kind: str) -> str:
    return _serializer().dumps([user_id, kind])


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute(_path("notifications.unsubscribe", token=unsubscribe_token(user_id, kind)))


def read_token(token: str) -> tuple[User, str]:
    """The account and kind a signed unsubscribe token names; NotFound when the token is not ours."""
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        raise NotFound(_("This unsubscribe link is not valid.")) from None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or (kind not in KINDS and kind not in DIGEST_KIND.values()):
        raise NotFound(_("This unsubscribe link is not valid."))
    return user, kind


def kind_label(kind: str) -> str:
    if kind in KINDS:
        return str(KINDS[kind].label)
    return str(CHANNEL_LABELS["daily" if kind == "digest_daily" else "weekly"])


def unsubscribe(token: str) -> tuple[User, str]:
    """Stop emails of the token's kind (the kind stays in the app); a digest token stops that digest."""
    user, kind = read_token(token)
    if kind in DIGEST_KIND.values():
        period = "daily" if kind == "digest_daily" else "weekly"
        changes = {name: "app" for name in KINDS if channel_for(user.id, name) == period}
    else:
        changes = {kind: "app"}
    if changes:
        set_channels(user, changes)
    return user, kind


def _headers(url: str) -> dict:
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def email_key(notification_id: int) -> str:
    """The outbox marker of a notification's own email: whoever withdraws the notification finds its email."""
    return f"notification:{notification_id}"


def _notification_message(user: User, notification: Notification) -> dict:
    locale = locale_of(user)
    url = unsubscribe_url(user.id, notification.kind)
    with force_locale(locale):
        title = title_of(notification.kind, notification.params)
        kind = str(KINDS[notification.kind].label)
    return {
        "to": user.email,
        "subject": title,
        "template": "notification",
        "locale": locale,
        "headers": _headers(url),
        "dedupe_key": email_key(notification.id),
        "title": title,
        "kind_label": kind,
        "link": absolute(notification.link) if notification.link else None,
        "unsubscribe_url": url,
        "settings_url": absolute(_path("notifications.settings")),
    }


# --- the list ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    id: int
    kind: str
    title: str
    link: str | None
    created_at: datetime
    read: bool


def _shown(n: Notification) -> Shown:
    return Shown(n.id, n.kind, title_of(n.kind, n.params), n.link, n.created_at, n.read_at is not None)


def list_for(actor: User, page: int = 1, per_page: int = PAGE_SIZE, unread_only: bool = False):
    query = db.select(Notification).where(Notification.user_id == actor.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    pagination = db.paginate(
        query.order_by(Notification.created_at.desc(), Notification.id.desc()),
        page=page,
        per_page=per_page,
        error_out=False,
    )
    return pagination, [_shown(n) for n in pagination.items]


def unread_count_query(user_id: int):
    """The SELECT counting a user's unread notifications (the header asks it beside its other counts)."""
    return db.select(db.func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )


def unread_count(user: User) -> int:
    return db.session.scalar(unread_count_query(user.id))


def mark_read(actor: User, notification_id: int) -> Shown:
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != actor.id:
        raise NotFound(_("There is no such notification."))
    if notification.read_at is None:
        notification.read_at = utcnow()
    db.session.commit()
    return _shown(notification)


def mark_all_read(actor: User) -> int:
    done = db.session.execute(
        db.update(Notification)
        .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    ).rowcount
    db.session.commit()
    return done


# --- digests -------------------------------------------------------------------------------------------------------


def period_key(period: str, now: datetime) -> str:
    if period == "daily":
        return now.date().isoformat()
    year, week, _day = now.isocalendar()
    return f"{year}-W{week:02d}"


def send_digests(period: str, now: datetime | None = None) -> int:
    """One digest per person and period (day or ISO week) listing their unread, un-emailed notifications of the
    kinds they get by this digest. Returns how many were sent; a second run in the same period sends none."""
    now = now or utcnow()
    key = period_key(period, now)
    candidates = db.session.scalars(
        db.select(Notification.user_id)
        .where(
            Notification.emailed_at.is_(None),
            Notification.digested_at.is_(None),
            Notification.read_at.is_(None),
            Notification.created_at <= now,
        )
        .distinct()
    ).all()
    sent = 0
    for user_id in candidates:
        user = db.session.get(User, user_id)
        if user is None or not user.active:
            continue
        kinds = [name for name in KINDS if channel_for(user_id, name) == period]
        if not kinds:
            continue
        items = db.session.scalars(
            db.select(Notification)
            .where(
                Notification.user_id == user_id,
                Notification.kind.in_(kinds),
                Notification.emailed_at.is_(None),
                Notification.digested_at.is_(None),
                Notification.read_at.is_(None),
                Notification.created_at <= now,
            )
            .order_by(Notification.created_at.desc())
        ).all()
        if not items:
            continue
        db.session.add(DigestMarker(user_id=user_id, period=period, period_key=key, items=len(items), sent_at=now))
        for item in items:
            item.digested_at = now
        try:
            send_email(**_digest_message(user, period, items))  # to the outbox: it leaves only if this commit holds
            db.session.commit()
        except IntegrityError:  # this person's digest for this period is already out (the marker's flush)
            db.session.rollback()
            continue
        sent += 1
    return sent


def _digest_message(user: User, period: str, items: list[Notification]) -> dict:
    locale = locale_of(user)
    url = unsubscribe_url(user.id, DIGEST_KIND[period])
    with force_locale(locale):
        lines = [
            {"title": title_of(n.kind, n.params), "link": absolute(n.link) if n.link else None}
            for n in items[:DIGEST_LIMIT]
        ]
        subject = (
            _("Your daily summary: %(count)d new", count=len(items))
            if period == "daily"
            else _("Your weekly summary: %(count)d new", count=len(items))
        )
        kinds = sorted({n.kind for n in items})
        per_kind = [(str(KINDS[k].label), unsubscribe_url(user.id, k)) for k in kinds]
    return {
        "to": user.email,
        "subject": subject,
        "template": "notification_digest",
        "locale": locale,
        "headers": _headers(url),
        "lines": lines,
        "more": max(0, len(items) - DIGEST_LIMIT),
        "all_url": absolute(_path("notifications.index")),
        "unsubscribe_url": url,
        "per_kind": per_kind,
        "settings_url": absolute(_path("notifications.settings")),
    }
