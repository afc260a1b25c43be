"""Emails at every step. Services collect `Mail`s while they work and write them to the email outbox after their
commit, so nobody is told about a change that was rolled back; a background job sends them, retries failures, and
shows what could not be sent to the person who acted. Each email is rendered in its recipient's language."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale

from learning_hub.email import send_email
from learning_hub.extensions import db
from learning_hub.models import Profile, hash_token


@dataclass
class Mail:
    profile_id: int | None
    template: str  # templates/email/mentoring_<template>.txt
    subject: object  # a lazy_gettext string, translated in the recipient's locale
    context: dict = field(default_factory=dict)


def new_token() -> tuple[str, str]:
    """(token for the email, its sha256 for the database)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def send_all(mails: list[Mail]) -> int:
    """Queue after the action's commit (one commit for the messages); people without an account any more (erased)
    are skipped. Returns how many were queued."""
    sent = 0
    for mail in mails:
        profile = db.session.get(Profile, mail.profile_id) if mail.profile_id else None
        if profile is None or profile.user is None or not profile.user.active:
            continue
        locale = profile.user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(locale):
            subject = str(mail.subject)
        send_email(
            profile.user.email,
            subject,
            f"mentoring_{mail.template}",
            locale=locale,
            name=profile.display_name,
            **mail.context,
        )
        sent += 1
    db.session.commit()
    _notify_in_app(mails)
    return sent


# Mentoring emails that are also notifications: template -> (kind, the title's "what" code, the name in the context).
IN_APP = {
    "offer": ("mentoring_request", None, "requester"),
    "accepted": ("mentoring_answer", "accepted", "mentor"),
    "passed_on": ("mentoring_answer", "passed_on", "former"),
}


def _notify_in_app(mails: list[Mail]) -> None:
    """The requests and answers in /notifications too; the email above already told the person."""
    from learning_hub.notifications import services as notifications

    links = {"offer": "inbox_link", "accepted": "link"}
    added = False
    for mail in mails:
        if mail.template not in IN_APP or not mail.profile_id:
            continue
        kind, what, name_key = IN_APP[mail.template]
        link_value = mail.context.get(links.get(mail.template, ""), "") or ""
        base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
        path = link_value[len(base) :] if link_value.startswith(base) else None
        params = {"name": mail.context.get(name_key) or "", "what": what}
        added |= (
            notifications.add(db.session.get(Profile, mail.profile_id), kind, params, path, told_by_email=True)
            is not None
        )
    if added:
        db.session.commit()
