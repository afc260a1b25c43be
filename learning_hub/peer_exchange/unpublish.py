"""Undo a publication: for UNDO_MINUTES after publishing, and while nobody has acted on a suggestion, a coordinator
can take a run's suggestions off the participants' dashboards again.

Unpublishing puts the run back to "ready" (reviewable, publishable again), gives back the suggestions this
publication withdrew (earlier runs' replaced ones and this run's repeats), removes the in-app notifications it
created, and cancels their emails still waiting in the outbox. An email that has already left cannot be recalled:
the result says how many did, so the coordinator can tell those people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import gettext as _

from learning_hub import audit, computations
from learning_hub.computations import Status
from learning_hub.errors import Conflict
from learning_hub.extensions import db
from learning_hub.models import EmailStatus, MatchPair, MatchRun, Notification, OutgoingEmailRow, User, utcnow
from learning_hub.peer_exchange.services import get_run

UNDO_MINUTES = 10
KIND = "peer_suggestions"


@dataclass(frozen=True)
class UndoState:
    possible: bool
    reason: str  # why not, when it is not possible ("" when it is, or when the run is not published)
    minutes_left: int
    emails_gone: int  # suggestion emails (own or in a digest) that have already left and cannot be recalled


def _acted(run_id: int):
    """Someone answered one of the run's suggestions, or was introduced through it."""
    return (
        db.select(MatchPair.id)
        .where(
            MatchPair.run_id == run_id,
            MatchPair.a_response.is_not(None)
            | MatchPair.b_response.is_not(None)
            | MatchPair.introduced_at.is_not(None),
        )
        .exists()
    )


def _notifications(run_id: int) -> list[Notification]:
    """The suggestion notifications publishing this run created (each links to one of its pairs)."""
    pair_ids = db.session.scalars(db.select(MatchPair.id).where(MatchPair.run_id == run_id)).all()
    if not pair_ids:
        return []
    with current_app.test_request_context():
        links = [url_for("peer_exchange.suggestion", pair_id=pair_id) for pair_id in pair_ids]
    return list(
        db.session.scalars(db.select(Notification).where(Notification.kind == KIND, Notification.link.in_(links)))
    )


def _email_keys(notifications: list[Notification]) -> list[str]:
    from learning_hub.notifications.services import email_key

    return [email_key(n.id) for n in notifications]


def _emails_gone(notifications: list[Notification]) -> int:
    """Emails already sent (or being sent) for these notifications, counting a digest that included one."""
    keys = _email_keys(notifications)
    sent = 0
    if keys:
        sent = db.session.scalar(
            db.select(db.func.count(OutgoingEmailRow.id)).where(
                OutgoingEmailRow.dedupe_key.in_(keys),
                OutgoingEmailRow.status.in_((EmailStatus.SENT.value, EmailStatus.SENDING.value)),
            )
        )
    return int(sent or 0) + sum(1 for n in notifications if n.digested_at is not None)


def undo_state(run: MatchRun, now: datetime | None = None) -> UndoState:
    """Whether the run's publication can still be undone, and what could no longer be recalled."""
    now = now or utcnow()
    if run.status != Status.PUBLISHED or run.published_at is None:
        return UndoState(False, "", 0, 0)
    left = run.published_at + timedelta(minutes=UNDO_MINUTES) - now
    minutes_left = max(0, -(-int(left.total_seconds()) // 60))
    if left <= timedelta(0):
        return UndoState(False, _("Publishing can be undone for %(num)s minutes only.", num=UNDO_MINUTES), 0, 0)
    if db.session.scalar(db.select(_acted(run.id))):
        reason = _("Someone has already answered one of these suggestions, so publishing can no longer be undone.")
        return UndoState(False, reason, minutes_left, 0)
    later = db.session.scalar(
        db.select(MatchRun.id).where(
            MatchRun.status == Status.PUBLISHED, MatchRun.id != run.id, MatchRun.published_at > run.published_at
        )
    )
    if later is not None:
        reason = _("Another list was published after this one, so this one can no longer be unpublished.")
        return UndoState(False, reason, minutes_left, 0)
    return UndoState(True, "", minutes_left, _emails_gone(_notifications(run.id)))


@dataclass(frozen=True)
class Unpublished:
    run: MatchRun
    notifications_removed: int
    emails_cancelled: int
    emails_gone: int


def unpublish(actor: User, run_id: int, now: datetime | None = None) -> Unpublished:
    """Take the run's suggestions off the dashboards again (see the module's docstring). Atomic."""
    now = now or utcnow()
    run = get_run(actor, run_id, for_update=True)
    state = undo_state(run, now)
    if not state.possible:
        db.session.rollback()
        raise Conflict(state.reason or _("Only a published run can be unpublished."))
    # Conditional, so that an answer recorded since the check (or a second click) leaves the run published.
    if not computations.unpublish(
        MatchRun, run_id, MatchRun.published_at > now - timedelta(minutes=UNDO_MINUTES), ~_acted(run_id)
    ):
        db.session.rollback()
        raise Conflict(_("This run can no longer be unpublished: someone acted on it in the meantime."))
    db.session.execute(
        db.update(MatchPair)
        .where(MatchPair.withdrawn_by_run_id == run_id)
        .values(withdrawn_at=None, withdrawn_by_run_id=None)
        .execution_options(synchronize_session=False)
    )
    notifications = _notifications(run_id)
    keys = _email_keys(notifications)
    cancelled = 0
    if keys:
        # Only a message no sender has claimed yet is cancelled: a claimed one may be on its way already.
        cancelled = db.session.execute(
            db.delete(OutgoingEmailRow)
            .where(
                OutgoingEmailRow.dedupe_key.in_(keys),
                OutgoingEmailRow.status.in_((EmailStatus.PENDING.value, EmailStatus.FAILED.value)),
            )
            .execution_options(synchronize_session=False)
        ).rowcount
    gone = _emails_gone(notifications)
    if notifications:
        db.session.execute(
            db.delete(Notification)
            .where(Notification.id.in_([n.id for n in notifications]))
            .execution_options(synchronize_session=False)
        )
    audit.record(
        actor,
        "peer_exchange.unpublished",
        target_type="match_run",
        target_id=run_id,
        notifications=len(notifications),
        emails_cancelled=cancelled,
        emails_gone=gone,
    )
    db.session.commit()
    return Unpublished(get_run(actor, run_id), len(notifications), cancelled, gone)
