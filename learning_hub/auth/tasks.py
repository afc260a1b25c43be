"""Account emails sent from background jobs, so that the request that asked for them answers in the same time and
the same words whether or not the email has an account (nothing about the address is looked up in the request)."""

from __future__ import annotations

from types import SimpleNamespace

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from learning_hub.email import absolute_url as absolute_link
from learning_hub.email import send_email
from learning_hub.extensions import db


def _person(user) -> SimpleNamespace:
    """What the templates read of an account, copied before the session's objects expire for the slow part."""
    return SimpleNamespace(display_name=user.display_name, email=user.email)


def _send(to: str, subject: str, template: str, locale: str | None, **context) -> None:
    """Write the message to the email outbox and commit: it leaves after the commit, with no transaction open while
    the mail server answers."""
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = str(_(subject))
    send_email(to, subject, template, locale=locale, **context)
    db.session.commit()


def password_reset_email(job, progress, email: str) -> dict:
    from learning_hub.auth.services import find_user_by_email, issue_token

    user = find_user_by_email(email)
    if user is None or not user.active:
        return {"sent": 0}
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    token = issue_token(user, "reset", max_age)
    db.session.commit()
    _send(
        str(user.email),
        RESET_SUBJECT,
        "reset_password",
        user.locale,
        user=_person(user),
        link=absolute_link("auth.reset_password", token=token),
        hours=int(max_age.total_seconds() // 3600),
    )
    return {"sent": 1}


def registration_email(job, progress, email: str, pending_id: int | None = None) -> dict:
    """Either the confirmation link of a new registration, or, when the email already has an account (its owner's
    or an imported person's), a note to the owner that someone tried to register with it."""
    from learning_hub.auth.services import find_user_by_email, prepare_registration

    user = find_user_by_email(email)
    if user is not None:
        from learning_hub.auth.services import discard_pending_registration

        discard_pending_registration(pending_id)
        db.session.commit()
        if not user.active:
            return {"sent": 0}
        _send(
            user.email,
            EXISTS_SUBJECT,
            "registration_exists",
            user.locale,
            user=_person(user),
            login_link=absolute_link("auth.login"),
            reset_link=absolute_link("auth.forgot_password"),
        )
        return {"sent": 1, "existing": True}
    prepared = prepare_registration(pending_id)
    db.session.commit()
    if prepared is None:
        return {"sent": 0}
    token, pending = prepared
    _send(
        pending.email,
        CONFIRM_SUBJECT,
        "registration_confirm",
        pending.locale,
        name=pending.display_name,
        link=absolute_link("auth.confirm_registration", token=token),
        hours=int(current_app.config["REGISTRATION_MAX_AGE"].total_seconds() // 3600),
    )
    return {"sent": 1, "existing": False}


# Subjects, marked for extraction here and translated in the recipient's language when sent.
def _l(text: str) -> str:
    return text


RESET_SUBJECT = _l("Reset your Learning Hub password")
EXISTS_SUBJECT = _l("Someone tried to create a Learning Hub account with your email")
CONFIRM_SUBJECT = _l("Confirm your Learning Hub account")


def login_failures_email(job, progress, email: str, failures: int) -> dict:
    """Tell an account's owner that someone typed wrong passwords for it, and what to do if it was not them."""
    from learning_hub.auth.services import find_user_by_email

    user = find_user_by_email(email)
    if user is None or not user.active or not user.password_hash:
        return {"sent": 0}
    db.session.commit()
    _send(
        str(user.email),
        FAILURES_SUBJECT,
        "login_failures",
        user.locale,
        user=_person(user),
        failures=failures,
        reset_link=absolute_link("auth.forgot_password"),
    )
    return {"sent": 1}


FAILURES_SUBJECT = _l("Wrong passwords were typed for your Learning Hub account")
