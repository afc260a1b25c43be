"""Invitation and reminder emails, written by a background job. Each person is handled in one short transaction:
mark them invited (or reminded) and write their email to the outbox (with a per-recipient sent marker), commit; the
outbox's sender delivers it after the commit and retries failures, which the organiser sees on their emails page. A
job killed half-way is re-queued by the reaper and only writes the rest (those marked are skipped). No database lock
is held while talking to the mail server.

Every email carries the accept and decline links (each opens a confirmation page; only its POST answers) and the
roundtable as a calendar file.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from learning_hub.email import Attachment, send_email
from learning_hub.email import absolute_url as link
from learning_hub.extensions import db
from learning_hub.models import Roundtable, RoundtableInvitee, utcnow
from learning_hub.models.roundtable import Rsvp
from learning_hub.roundtables import ics, times
from learning_hub.roundtables.rsvp import invitee_profile, new_nonce, token_for

KINDS = ("invite", "remind")


def _rows(roundtable_id: int, kind: str, invitee_ids) -> list[int]:
    query = db.select(RoundtableInvitee.id).where(
        RoundtableInvitee.roundtable_id == roundtable_id, RoundtableInvitee.list_role == "invitee"
    )
    query = query.where(RoundtableInvitee.rsvp == (Rsvp.NONE if kind == "invite" else Rsvp.PENDING))
    if invitee_ids is not None:
        query = query.where(RoundtableInvitee.id.in_([int(i) for i in invitee_ids]))
    return list(
        db.session.scalars(
            query.order_by(RoundtableInvitee.promoted_at.is_not(None), RoundtableInvitee.rank, RoundtableInvitee.id)
        )
    )


def _mark(invitee_id: int, kind: str, now) -> bool:
    if kind == "invite":
        done = db.session.execute(
            db.update(RoundtableInvitee)
            .where(
                RoundtableInvitee.id == invitee_id,
                RoundtableInvitee.rsvp == Rsvp.NONE,
                RoundtableInvitee.list_role == "invitee",
            )
            .values(rsvp="pending", rsvp_nonce=new_nonce(), invited_at=now)
            .execution_options(synchronize_session=False)
        )
    else:
        done = db.session.execute(
            db.update(RoundtableInvitee)
            .where(RoundtableInvitee.id == invitee_id, RoundtableInvitee.rsvp == Rsvp.PENDING)
            .values(reminded_at=now, reminder_count=RoundtableInvitee.reminder_count + 1)
            .execution_options(synchronize_session=False)
        )
    return done.rowcount == 1


def send_one(roundtable: Roundtable, invitee: RoundtableInvitee, kind: str, dedupe_key: str | None = None) -> bool:
    """Write one person's email (in their language) to the outbox; False when they have no active account any more
    or this marker was written before."""
    profile = invitee_profile(invitee)
    user = profile.user if profile is not None else None
    if user is None or not user.active:
        return False
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    token = token_for(invitee)
    with force_locale(locale):
        subject = (
            _("Invitation: %(title)s", title=roundtable.title)
            if kind == "invite"
            else _("Reminder: please answer the invitation to %(title)s", title=roundtable.title)
        )
        context = {
            "name": profile.display_name,
            "roundtable": roundtable,
            "kind": kind,
            "when": times.when(roundtable.starts_at, roundtable.time_zone, reader_zone=times.zone_of(profile)),
            "deadline": times.when(
                roundtable.invitation_deadline, roundtable.time_zone, reader_zone=times.zone_of(profile)
            ),
            "accept_url": link("roundtables.rsvp", token=token, answer="accept"),
            "decline_url": link("roundtables.rsvp", token=token, answer="decline"),
            "page_url": link("roundtables.rsvp", token=token),
        }
        calendar = Attachment(ics.filename(roundtable), "text/calendar", ics.calendar(roundtable))
    queued = send_email(
        user.email,
        subject,
        "roundtable_invitation",
        locale=locale,
        attachments=[calendar],
        dedupe_key=dedupe_key,
        **context,
    )
    return queued is not None


def _marker(invitee: RoundtableInvitee, kind: str) -> str:
    """The per-recipient sent marker: one invitation per invitee, one email per reminder."""
    if kind == "invite":
        return f"roundtable:{invitee.roundtable_id}:invite:{invitee.id}"
    return f"roundtable:{invitee.roundtable_id}:remind:{invitee.id}:{invitee.reminder_count}"


REMIND_BEFORE = timedelta(days=2)


def auto_remind(now=None) -> dict:
    """The scheduler's "roundtables.remind" task: once, REMIND_BEFORE the answer deadline, remind each invitee who
    has not answered and was never reminded. Idempotent: a reminded invitee has reminded_at set, and the marker
    refuses a second email."""
    now = now or utcnow()
    rows = list(
        db.session.scalars(
            db.select(RoundtableInvitee)
            .join(Roundtable, Roundtable.id == RoundtableInvitee.roundtable_id)
            .where(
                RoundtableInvitee.list_role == "invitee",
                RoundtableInvitee.rsvp == Rsvp.PENDING,
                RoundtableInvitee.reminded_at.is_(None),
                RoundtableInvitee.invited_at < now - REMIND_BEFORE,
                Roundtable.invitation_deadline > now,
                Roundtable.invitation_deadline <= now + REMIND_BEFORE,
            )
            .order_by(RoundtableInvitee.id)
        )
    )
    sent = 0
    for invitee in rows:
        roundtable = db.session.get(Roundtable, invitee.roundtable_id)
        key = f"roundtable:{roundtable.id}:auto-remind:{invitee.id}"
        if not _mark(invitee.id, "remind", now):
            db.session.rollback()
            continue
        if send_one(roundtable, invitee, "remind", dedupe_key=key):
            db.session.commit()
            sent += 1
        else:
            db.session.rollback()
    return {"candidates": len(rows), "reminded": sent}


def _notify_in_app(roundtable: Roundtable, invitee: RoundtableInvitee) -> None:
    """The invitation in /notifications too (the email with its answer links has told the person already)."""
    from learning_hub.notifications import services as notifications

    profile = invitee_profile(invitee)
    if profile is None:
        return
    with current_app.test_request_context():
        path = url_for("roundtables.invitation", invitee_id=invitee.id)
    notifications.notify(profile, "roundtable_invitation", {"title": roundtable.title}, path, told_by_email=True)


def send_task(job, progress, roundtable_id: int, mode: str, invitee_ids: list[int] | None = None) -> dict:
    """Invite everyone on the list not invited yet (or these people), or remind these pending invitees."""
    kind = mode
    if kind not in KINDS:
        raise ValueError(f"unknown mode {kind!r}")
    roundtable = db.session.get(Roundtable, roundtable_id)
    if roundtable is None:
        return {"sent": 0, "skipped": 0}
    ids = _rows(roundtable_id, kind, invitee_ids)
    sent = skipped = 0
    for done, invitee_id in enumerate(ids, start=1):
        roundtable = db.session.get(Roundtable, roundtable_id)
        if roundtable.deadline_passed():
            skipped += len(ids) - done + 1
            break
        if not _mark(invitee_id, kind, utcnow()):
            db.session.rollback()
            skipped += 1
            continue
        invitee = db.session.get(RoundtableInvitee, invitee_id)
        db.session.refresh(invitee)
        try:
            delivered = send_one(roundtable, invitee, kind, dedupe_key=_marker(invitee, kind))
        except Exception:
            db.session.rollback()  # neither the mark nor the email
            raise
        if not delivered:
            db.session.rollback()
            skipped += 1
        else:
            db.session.commit()  # the mark and the outbox row together
            sent += 1
            if kind == "invite":
                _notify_in_app(roundtable, invitee)
        progress(int(100 * done / len(ids)), f"{done}/{len(ids)}")
    return {"sent": sent, "skipped": skipped}
