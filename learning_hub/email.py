"""Outgoing email through an outbox and one configurable backend: SMTP in production, the log locally, memory in tests.

Services call `send_email(...)`; templates live in templates/email/<name>.txt (and optional .html). Files (a
calendar invitation, say) go in `attachments`, each an `Attachment(filename, mimetype, data)`.

`send_email` never talks to a mail server: it renders the message and writes it to the `email_outbox` table in the
caller's transaction. When that transaction commits, the messages are sent by a background job (inline with the
"sync" jobs backend, a thread with "thread", an RQ job with "rq"); a rolled-back action sends nothing. A message
that cannot be sent is retried with growing delays (the scheduler's "email.retry" task) up to EMAIL_MAX_ATTEMPTS
times, then marked failed and shown to the person whose action wrote it (`/emails`), who can send it again. A
`dedupe_key` is a per-recipient sent marker: a second message with the same key is not written, so a job run twice
emails nobody twice.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from sqlalchemy import event

from learning_hub.extensions import db
from learning_hub.models import EmailStatus, OutgoingEmailRow, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str  # "text/calendar", "application/pdf"...
    data: bytes


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str | None = None
    headers: dict = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()


def _deliver_smtp(message: OutgoingEmail) -> None:
    cfg = current_app.config
    msg = EmailMessage()
    msg["From"] = cfg["MAIL_DEFAULT_SENDER"]
    msg["To"] = message.to
    msg["Subject"] = message.subject
    for name, value in message.headers.items():
        msg[name] = value
    msg.set_content(message.text)
    if message.html:
        msg.add_alternative(message.html, subtype="html")
    for item in message.attachments:
        maintype, _sep, subtype = item.mimetype.partition("/")
        msg.add_attachment(item.data, maintype=maintype, subtype=subtype or "octet-stream", filename=item.filename)
    with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=20) as smtp:
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls()
        if cfg["MAIL_USERNAME"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.send_message(msg)


def outbox() -> list[OutgoingEmail]:
    """Messages captured by the memory backend (tests)."""
    return current_app.extensions.setdefault("outbox", [])


# Whose action writes the emails when no request says (a background job's starter); set by the jobs module.
email_actor: ContextVar[int | None] = ContextVar("email_actor", default=None)
_DUE = "learning_hub.email_due"
SENDING_STALE = timedelta(minutes=10)


def _actor_id() -> int | None:
    if email_actor.get() is not None:
        return email_actor.get()
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user.id
    return None


def absolute_url(endpoint: str, **values) -> str:
    """PUBLIC_BASE_URL + the route's path: the links emails carry, built in a request, a job or a command alike."""
    from flask import url_for

    with current_app.test_request_context():
        path = url_for(endpoint, **values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def send_email(
    to: str,
    subject: str,
    template: str,
    locale: str | None = None,
    attachments: Sequence[Attachment] | None = None,
    headers: dict | None = None,
    dedupe_key: str | None = None,
    **context,
) -> OutgoingEmail | None:
    """Render templates/email/<template>.txt (+ .html if present) in the recipient's locale and write it to the outbox
    in the current transaction; it is sent once that transaction commits. None when `dedupe_key` was written before
    (the message was already queued or sent)."""
    if dedupe_key is not None and db.session.scalar(
        db.select(OutgoingEmailRow.id).where(OutgoingEmailRow.dedupe_key == dedupe_key)
    ):
        return None
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = render_template(f"email/{template}.txt", **context)
        try:
            html = render_template(f"email/{template}.html", **context)
        except Exception as exc:  # most emails are plain text only
            if exc.__class__.__name__ != "TemplateNotFound":
                raise
            html = None
    message = OutgoingEmail(
        to=to,
        subject=str(subject),
        text=text,
        html=html,
        headers=dict(headers or {}),
        attachments=tuple(attachments or ()),
    )
    # A header cannot hold a line break (it would end the header): refuse before anything is recorded.
    if any(ch in message.subject for ch in "\r\n") or any(ch in to for ch in "\r\n"):
        raise ValueError("An email subject or address cannot contain a line break.")
    db.session.add(
        OutgoingEmailRow(
            dedupe_key=dedupe_key,
            to_address=message.to,
            subject=message.subject[:500],
            text_body=message.text,
            html_body=message.html,
            headers=dict(message.headers),
            attachments=[
                {"filename": a.filename, "mimetype": a.mimetype, "data": base64.b64encode(a.data).decode("ascii")}
                for a in message.attachments
            ],
            template=template[:80],
            created_by_id=_actor_id(),
        )
    )
    db.session.flush()
    db.session.info[_DUE] = True
    return message


def _message_of(row: OutgoingEmailRow) -> OutgoingEmail:
    return OutgoingEmail(
        to=row.to_address,
        subject=row.subject,
        text=row.text_body,
        html=row.html_body,
        headers=dict(row.headers or {}),
        attachments=tuple(
            Attachment(a["filename"], a["mimetype"], base64.b64decode(a["data"])) for a in row.attachments or []
        ),
    )


def deliver(message: OutgoingEmail) -> None:
    """Hand one message to the configured mail backend (raises on failure)."""
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "memory":
        outbox().append(message)
    elif backend == "smtp":
        _deliver_smtp(message)
    else:
        log.info("Email to %s: %s\n%s", message.to, message.subject, message.text)


def deliver_pending(limit: int = 500, now=None) -> dict:
    """Send the outbox's due messages, each claimed by a conditional update (two senders never send one message),
    with no transaction open while the mail server is talked to. Returns the figures."""
    from learning_hub.database import slow_work

    now = now or utcnow()
    figures = {"sent": 0, "retry_later": 0, "failed": 0}
    ids = list(
        db.session.scalars(
            db.select(OutgoingEmailRow.id)
            .where(
                OutgoingEmailRow.status == EmailStatus.PENDING.value,
                db.or_(OutgoingEmailRow.next_attempt_at.is_(None), OutgoingEmailRow.next_attempt_at <= now),
            )
            .order_by(OutgoingEmailRow.id)
            .limit(limit)
        )
    )
    db.session.commit()
    max_attempts = current_app.config["EMAIL_MAX_ATTEMPTS"]
    for row_id in ids:
        claimed = db.session.execute(
            db.update(OutgoingEmailRow)
            .where(OutgoingEmailRow.id == row_id, OutgoingEmailRow.status == EmailStatus.PENDING.value)
            .values(status=EmailStatus.SENDING.value, claimed_at=utcnow(), attempts=OutgoingEmailRow.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            db.session.rollback()
            continue
        row = db.session.get(OutgoingEmailRow, row_id)
        db.session.refresh(row)
        message, attempts = _message_of(row), row.attempts
        db.session.commit()
        error = None
        with slow_work("sending email"):
            try:
                deliver(message)
            except Exception as exc:  # SMTP refused, unreachable, a malformed header
                log.warning("Email %s to %s failed (attempt %s): %s", row_id, message.to, attempts, exc)
                error = f"{type(exc).__name__}: {exc}"[:2000]
        if error is None:
            # The body (reset and claim links, names) is not kept once sent: the page of the person who acted needs
            # only the address, the subject and the status.
            values = {
                "status": EmailStatus.SENT.value,
                "sent_at": utcnow(),
                "last_error": None,
                "text_body": "",
                "html_body": None,
                "attachments": [],
            }
            figures["sent"] += 1
        elif attempts >= max_attempts:
            values = {"status": EmailStatus.FAILED.value, "last_error": error}
            figures["failed"] += 1
        else:
            delay = timedelta(minutes=2 ** (attempts - 1))  # 1, 2, 4, 8... minutes
            values = {"status": EmailStatus.PENDING.value, "last_error": error, "next_attempt_at": utcnow() + delay}
            figures["retry_later"] += 1
        db.session.execute(
            db.update(OutgoingEmailRow)
            .where(OutgoingEmailRow.id == row_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    return figures


def release_interrupted(now=None) -> int:
    """Messages left "sending" by a killed sender: they may or may not have gone out, so they are not sent again on
    their own (no email twice); they are marked failed, which the person who acted sees and can resend."""
    now = now or utcnow()
    done = db.session.execute(
        db.update(OutgoingEmailRow)
        .where(OutgoingEmailRow.status == EmailStatus.SENDING.value, OutgoingEmailRow.claimed_at < now - SENDING_STALE)
        .values(status=EmailStatus.FAILED.value, last_error="Interrupted while sending: it may not have arrived.")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return done.rowcount


KEEP_SENT = timedelta(days=30)


def retry_task_run() -> dict:
    """The scheduler's "email.retry" task: mark interrupted sends, send what is due, and forget sent messages older
    than KEEP_SENT (idempotent)."""
    interrupted = release_interrupted()
    figures = deliver_pending()
    forgotten = db.session.execute(
        db.delete(OutgoingEmailRow).where(
            OutgoingEmailRow.status == EmailStatus.SENT.value, OutgoingEmailRow.sent_at < utcnow() - KEEP_SENT
        )
    ).rowcount
    db.session.commit()
    return dict(figures, interrupted=interrupted, forgotten=forgotten)


def erase_outgoing_email(user) -> None:
    """An erased person's address and the messages to them leave the outbox (messages they caused stay, unnamed)."""
    db.session.execute(db.delete(OutgoingEmailRow).where(OutgoingEmailRow.to_address == user.email))


def resend(actor, email_id: int) -> bool:
    """The person who acted sends a failed message again."""
    done = db.session.execute(
        db.update(OutgoingEmailRow)
        .where(
            OutgoingEmailRow.id == email_id,
            OutgoingEmailRow.created_by_id == actor.id,
            OutgoingEmailRow.status == EmailStatus.FAILED.value,
        )
        .values(status=EmailStatus.PENDING.value, attempts=0, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount == 1:
        db.session.info[_DUE] = True
    db.session.commit()
    return done.rowcount == 1


def my_emails(actor, limit: int = 100) -> list[OutgoingEmailRow]:
    return list(
        db.session.scalars(
            db.select(OutgoingEmailRow)
            .where(OutgoingEmailRow.created_by_id == actor.id)
            .order_by(OutgoingEmailRow.id.desc())
            .limit(limit)
        )
    )


def failed_count(actor) -> int:
    return (
        db.session.scalar(
            db.select(db.func.count(OutgoingEmailRow.id)).where(
                OutgoingEmailRow.created_by_id == actor.id, OutgoingEmailRow.status == EmailStatus.FAILED.value
            )
        )
        or 0
    )


# -- after commit: start the sender ----------------------------------------------------------------------------------

_mail_executor: ThreadPoolExecutor | None = None
_mail_lock = threading.Lock()


def _deliver_in_context(app) -> None:
    with app.app_context():
        try:
            deliver_pending()
        except Exception:
            log.exception("The email outbox could not be sent; the scheduler's email.retry task will try again")
        finally:
            db.session.remove()


def deliver_in_app() -> None:
    """RQ entry point."""
    from learning_hub import create_app

    _deliver_in_context(create_app())


def _start_sender() -> None:
    app = current_app._get_current_object()
    backend = app.config["JOBS_BACKEND"]
    if backend == "sync":
        _deliver_in_context(app)  # its own app context, so its own session: the committed one is left alone
    elif backend == "rq":
        from learning_hub.jobs import _rq_queue

        try:
            _rq_queue().enqueue("learning_hub.email.deliver_in_app", job_timeout=600)
        except Exception as exc:
            log.warning("The email sender could not be queued (%s); the scheduler's email.retry task will retry", exc)
    else:
        global _mail_executor
        with _mail_lock:
            if _mail_executor is None:
                _mail_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="learning-hub-mail")
        _mail_executor.submit(_deliver_in_context, app)


def _after_commit(session) -> None:
    if session.info.pop(_DUE, False):
        try:
            _start_sender()
        except Exception:  # never turn a committed action into an error
            log.exception("The email sender could not be started")


def _after_rollback(session) -> None:
    session.info.pop(_DUE, None)


def init_email(app) -> None:
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_rollback", _after_rollback)
