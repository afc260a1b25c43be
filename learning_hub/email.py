"""Outgoing email through one configurable backend: SMTP in production, the log locally, memory in tests.

Services call `send_email(...)`; templates live in templates/email/<name>.txt (and optional .html). Files (a
calendar invitation, say) go in `attachments`, each an `Attachment(filename, mimetype, data)`.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale

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


def send_email(
    to: str,
    subject: str,
    template: str,
    locale: str | None = None,
    attachments: Sequence[Attachment] | None = None,
    headers: dict | None = None,
    **context,
) -> OutgoingEmail:
    """Render templates/email/<template>.txt (+ .html if present) in the recipient's locale and send it."""
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
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "memory":
        outbox().append(message)
    elif backend == "smtp":
        _deliver_smtp(message)
    else:
        log.info("Email to %s: %s\n%s", message.to, message.subject, message.text)
    return message
