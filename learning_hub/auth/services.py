"""Account operations. Services take the actor explicitly, raise domain errors, and commit."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from learning_hub import audit, jobs
from learning_hub.api.tokens import revoke_all_tokens
from learning_hub.auth import throttle
from learning_hub.database import slow_work
from learning_hub.errors import Conflict, Forbidden, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import (
    GRANTABLE_ROLES,
    PasswordResetToken,
    PendingRegistration,
    Profile,
    Role,
    User,
    UserSession,
    hash_token,
    new_session_token,
    utcnow,
)
from learning_hub.privacy import erase_user_data, export_user_data

# A hash to compare against when the email is unknown, so that timing does not reveal which emails exist.
_DUMMY_HASH = None


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


def request_registration(
    *,
    email: str,
    password: str,
    display_name: str,
    country: str | None,
    consent_listed: bool,
    locale: str | None = None,
) -> None:
    """Record a registration to confirm and hand the email to a job. The request does the same work and answers the
    same whether or not the address has an account: the job either sends the confirmation link or tells the
    owner that someone tried to register with their address."""
    email = normalise_email(email)
    check_new_password(password, email=email, name=display_name)
    now = utcnow()
    db.session.execute(db.delete(PendingRegistration).where(PendingRegistration.expires_at <= now))
    pending = PendingRegistration(
        email=email,
        token_hash=hash_token(secrets.token_urlsafe(32)),  # unusable until the job issues the emailed token
        password_hash=generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"]),
        display_name=display_name.strip(),
        country=country or None,
        consent_listed=bool(consent_listed),
        locale=locale,
        expires_at=now + current_app.config["REGISTRATION_MAX_AGE"],
    )
    db.session.add(pending)
    db.session.flush()
    jobs.enqueue("auth.registration_email", subject=f"registration:{pending.id}", email=email, pending_id=pending.id)


def prepare_registration(pending_id: int | None) -> tuple[str, PendingRegistration] | None:
    """Issue the emailed token of a pending registration (the job's part); the caller commits."""
    pending = db.session.get(PendingRegistration, pending_id) if pending_id else None
    if pending is None or pending.expires_at <= utcnow():
        return None
    token = secrets.token_urlsafe(32)
    pending.token_hash = hash_token(token)
    return token, pending


def discard_pending_registration(pending_id: int | None) -> None:
    if pending_id:
        db.session.execute(db.delete(PendingRegistration).where(PendingRegistration.id == pending_id))


def pending_registration(token: str) -> PendingRegistration:
    """The registration an emailed link confirms (NotFound when unknown, used or expired)."""
    row = db.session.scalar(
        db.select(PendingRegistration).where(PendingRegistration.token_hash == hash_token(token or ""))
    )
    if row is None or row.expires_at <= utcnow():
        raise NotFound(_("This link has expired or was already used. Ask for a new one."))
    return row


def confirm_registration(token: str) -> User:
    """Create the account of a confirmed registration (the link works once); if the address got an account
    meanwhile, nobody is created twice and the link is spent."""
    pending = pending_registration(token)
    email = pending.email
    if find_user_by_email(email):
        db.session.execute(db.delete(PendingRegistration).where(PendingRegistration.email == email))
        db.session.commit()
        raise Conflict(_("An account with this email already exists. Sign in or reset your password."))
    user = User(email=email, locale=pending.locale, password_hash=pending.password_hash)
    now = utcnow()
    user.profile = Profile(
        display_name=pending.display_name,
        country=pending.country,
        visibility="members" if pending.consent_listed else "private",
        consented_at=now if pending.consent_listed else None,
    )
    db.session.add(user)
    db.session.execute(db.delete(PendingRegistration).where(PendingRegistration.email == email))
    try:
        db.session.commit()
    except IntegrityError:  # the same email confirmed at the same moment
        db.session.rollback()
        raise NotFound(_("This link has expired or was already used. Ask for a new one.")) from None
    return user


def _dummy_hash() -> str:
    """A hash of a random password in the configured method, made once per process."""
    global _DUMMY_HASH
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if _DUMMY_HASH is None or not _DUMMY_HASH.startswith(method + "$"):
        _DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16), method=method)
    return _DUMMY_HASH


def authenticate(email: str, password: str) -> User | None:
    """The user if the credentials are right and the account active; None otherwise (same cost either way).

    The password hash (deliberately slow) runs with no database transaction open: the account's row is read first,
    the read transaction ends, and nothing holds a connection or a lock while the hash is computed. Wrong passwords
    are counted for the address (auth.throttle); a success clears the count."""
    row = db.session.execute(
        db.select(User.id, User.password_hash, User.active).where(User.email == normalise_email(email))
    ).first()
    with slow_work("password hash"):
        if row is None or not row.password_hash:
            check_password_hash(_dummy_hash(), password)
            right = False
        else:
            right = check_password_hash(row.password_hash, password) and row.active
    if not right:
        _failed(email)
        return None
    throttle.record_success(email)
    db.session.commit()
    return db.session.get(User, row.id)


def _failed(email: str) -> None:
    failures = throttle.record_failure(email)
    db.session.commit()
    if failures == current_app.config["LOGIN_NOTICE_AFTER"]:
        # The job looks the address up, so the request is the same whether or not it has an account.
        jobs.enqueue("auth.login_failures_email", email=normalise_email(email), failures=failures)


def open_session(user: User, *, remember: bool = False, user_agent: str | None = None) -> str:
    """Record a signed-in browser and make it the user's current session, and when the user last signed in: one
    short write transaction. Returns the token for Flask-Login."""
    now = utcnow()
    db.session.execute(db.delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now))
    user.last_login_at = now
    token = new_session_token()
    lifetime = (
        current_app.config["REMEMBER_COOKIE_DURATION"] if remember else current_app.config["SESSION_ABSOLUTE_LIFETIME"]
    )
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=hash_token(token),
            remember=remember,
            user_agent=(user_agent or "")[:200] or None,
            expires_at=now + lifetime,
        )
    )
    db.session.commit()
    user.current_session_token = token
    return token


@cache
def _session_user_statement():
    """The user loader's query, built once with bound parameters (every request runs it; building it cost about as
    much as running it)."""
    return (
        db.select(User, Profile.id)
        .join(UserSession, UserSession.user_id == User.id)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(
            UserSession.token_hash == bindparam("token_hash"),
            UserSession.expires_at > bindparam("now"),
            User.active.is_(True),
        )
        .options(joinedload(User.role_rows))
    )


def load_session_user(token: str) -> User | None:
    """Flask-Login's user loader: the active user of a live session, or None. Runs on every request, so one query
    brings the session row's user, their roles (a few rows, joined) and their profile's id (every signed-in page's
    header needs the id; loading the profile itself would load its languages and areas too), kept as
    `user.session_profile_id` for this request (not a column)."""
    row = (
        db.session.execute(_session_user_statement(), {"token_hash": hash_token(token), "now": utcnow()})
        .unique()
        .first()
    )
    if row is None:
        return None
    user, user.session_profile_id = row
    user.current_session_token = token
    return user


def close_session(token: str | None) -> None:
    """Sign one browser out: its session and remember cookies stop working, even if copied."""
    if token:
        db.session.execute(db.delete(UserSession).where(UserSession.token_hash == hash_token(token)))
        db.session.commit()


def close_other_sessions(user: User, keep_token: str | None = None) -> int:
    stmt = db.delete(UserSession).where(UserSession.user_id == user.id)
    if keep_token:
        stmt = stmt.where(UserSession.token_hash != hash_token(keep_token))
    count = db.session.execute(stmt).rowcount
    db.session.commit()
    return count


def list_sessions(user: User) -> list[UserSession]:
    return list(
        db.session.scalars(
            db.select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.expires_at > utcnow())
            .order_by(UserSession.created_at.desc())
        )
    )


# zxcvbn's score: 3 means at least 10^8 guesses against its lists of common passwords, words, names, keyboard
# patterns, repeats and sequences (and the person's own details); lower scores are guessable online.
MIN_PASSWORD_SCORE = 3


def check_new_password(password: str, *, email: str, name: str | None) -> None:
    """Refuse a guessable password, after NIST SP 800-63B: no composition rules (length is checked by the forms),
    but no common, repetitive or sequential passwords and none built from the person's own email or name."""
    email = normalise_email(email)
    local = email.split("@")[0]
    details = [email, local, *re.split(r"[\W_]+", local), *(name or "").split(), (name or "").replace(" ", "")]
    details = [item.lower() for item in details if len(item) >= 3]
    result = zxcvbn(password[:128], user_inputs=details)
    if any(match.get("dictionary_name") == "user_inputs" for match in result["sequence"]) and result["score"] < 4:
        raise ValidationError(_("Do not build your password from your email address or your name."), field="password")
    if result["score"] < MIN_PASSWORD_SCORE:
        raise ValidationError(
            _(
                "This password is too easy to guess: it is common, or made of repeats, sequences or keyboard "
                "patterns. Try a passphrase of several unrelated words."
            ),
            field="password",
        )


def _set_password(user: User, password: str) -> None:
    """A new password spends every emailed link that could still set one (older reset links, an unused
    invitation): a link belongs to the password it was sent for. The caller commits."""
    user.set_password(password)
    db.session.execute(
        db.update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )


def change_password(actor: User, current_password: str, new_password: str) -> int:
    """Every other session and remember cookie ends here, and every personal access token is revoked; the current
    session continues. Returns how many live tokens were revoked."""
    if not actor.check_password(current_password):
        raise ValidationError(_("The current password is not right."), field="current_password")
    check_new_password(new_password, email=actor.email, name=actor.display_name)
    _set_password(actor, new_password)
    revoked = revoke_all_tokens(actor)
    close_other_sessions(actor, keep_token=actor.current_session_token)  # commits the password and the tokens too
    return revoked


def logout_everywhere(actor: User) -> int:
    """Every session and every personal access token ends; returns how many live tokens were revoked."""
    revoked = revoke_all_tokens(actor)
    close_other_sessions(actor)
    return revoked


def issue_token(user: User, purpose: str, max_age: timedelta) -> str:
    """A single-use emailed token; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordResetToken(
            user_id=user.id, token_hash=hash_token(token), purpose=purpose, expires_at=utcnow() + max_age
        )
    )
    return token


def request_password_reset(email: str) -> None:
    """Hand the address to a job that emails a reset link if an account uses it. The request does the same work
    either way (no lookup here), and the caller shows the same message."""
    jobs.enqueue("auth.password_reset_email", email=normalise_email(email))


def purge_expired_tokens(now=None) -> dict:
    """The scheduler's "auth.purge_tokens" task: delete emailed links (reset, invitation) that expired or were used
    more than a day ago, and personal access tokens expired or revoked more than 90 days ago. Idempotent."""
    from learning_hub.models import PersonalAccessToken

    now = now or utcnow()
    day_ago, quarter_ago = now - timedelta(days=1), now - timedelta(days=90)
    links = db.session.execute(
        db.delete(PasswordResetToken).where(
            db.or_(PasswordResetToken.expires_at < day_ago, PasswordResetToken.used_at < day_ago)
        )
    ).rowcount
    tokens = db.session.execute(
        db.delete(PersonalAccessToken).where(
            db.or_(PersonalAccessToken.expires_at < quarter_ago, PersonalAccessToken.revoked_at < quarter_ago)
        )
    ).rowcount
    db.session.commit()
    return {"links_deleted": links, "access_tokens_deleted": tokens}


def token_user(token: str, purpose: str = "reset") -> tuple[PasswordResetToken, User]:
    row = db.session.scalar(
        db.select(PasswordResetToken).where(
            PasswordResetToken.token_hash == hash_token(token or ""), PasswordResetToken.purpose == purpose
        )
    )
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        raise NotFound(_("This link has expired or was already used. Ask for a new one."))
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        raise NotFound(_("This link has expired or was already used. Ask for a new one."))
    return row, user


def reset_password(token: str, new_password: str, purpose: str = "reset") -> User:
    """Set a new password from an emailed token; the token is spent in the same transaction (single use). Every
    session and personal access token of the account ends with the old password."""
    row, user = token_user(token, purpose)
    check_new_password(new_password, email=user.email, name=user.display_name)  # a refusal leaves the link usable
    # Atomic spend: of two concurrent uses of one token, only one updates the row.
    spent = db.session.execute(
        db.update(PasswordResetToken)
        .where(PasswordResetToken.id == row.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if spent.rowcount != 1:
        db.session.rollback()
        raise NotFound(_("This link has expired or was already used. Ask for a new one."))
    _set_password(user, new_password)
    db.session.execute(db.delete(UserSession).where(UserSession.user_id == user.id))
    revoke_all_tokens(user)
    if purpose == "invitation" and user.claimed_at is None:
        user.claimed_at = utcnow()
    db.session.commit()
    return user


def set_locale(actor: User, locale: str) -> User:
    if locale not in current_app.config["LANGUAGES"]:
        raise ValidationError(
            _("Choose one of: %(codes)s.", codes=", ".join(current_app.config["LANGUAGES"])), field="locale"
        )
    actor.locale = locale
    db.session.commit()
    return actor


def create_admin(email: str, password: str) -> User:
    user = find_user_by_email(email)
    check_new_password(password, email=email, name=user.display_name if user else None)
    if user is None:
        user = User(email=normalise_email(email))
        user.profile = Profile(display_name=email.split("@")[0], visibility="private")
        db.session.add(user)
        db.session.flush()
    _set_password(user, password)
    user.grant(Role.ADMIN)
    db.session.commit()
    return user


def set_roles(actor: User, user_id: int, roles: set[str]) -> User:
    """Admins grant or remove coordinator, organiser, admin and partner; an admin cannot remove their own admin role."""
    if not actor.is_admin:
        raise Forbidden(_("Only administrators manage roles."))
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such user."))
    unknown = set(roles) - {r.value for r in GRANTABLE_ROLES}
    if unknown:
        raise ValidationError(_("Unknown role: %(role)s", role=", ".join(sorted(unknown))))
    if user.id == actor.id and Role.ADMIN.value not in roles:
        raise ValidationError(_("You cannot remove your own administrator role."))
    before = sorted(user.roles)
    for role in GRANTABLE_ROLES:
        if role.value in roles:
            user.grant(role)
        else:
            user.revoke(role)
    after = sorted(user.roles)
    if after != before:
        audit.record(
            actor,
            "user.roles_changed",
            target_type="user",
            target_id=user.id,
            email=user.email,
            before=before,
            after=after,
        )
    db.session.commit()
    return user


def set_active(actor: User, user_id: int, active: bool) -> User:
    if not actor.is_admin:
        raise Forbidden(_("Only administrators can deactivate accounts."))
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such user."))
    if user.id == actor.id:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.active != active:
        audit.record(
            actor,
            "user.reactivated" if active else "user.deactivated",
            target_type="user",
            target_id=user.id,
            email=user.email,
        )
    user.active = active
    if not active:
        db.session.execute(db.delete(UserSession).where(UserSession.user_id == user.id))
    db.session.commit()
    return user


def export_my_data(actor: User) -> dict:
    data = {
        "account": {
            "email": actor.email,
            "locale": actor.locale,
            "roles": sorted(actor.roles),
            "created_at": actor.created_at.isoformat() + "Z",
            "last_login_at": actor.last_login_at.isoformat() + "Z" if actor.last_login_at else None,
        },
    }
    data.update(export_user_data(actor))
    return data


def delete_account(actor: User, password: str) -> None:
    """Delete the account and everything personal, atomically (features anonymise what others keep)."""
    if not actor.check_password(password):
        raise ValidationError(_("The password is not right."), field="password")
    erase_user_data(actor)
    db.session.delete(actor)
    db.session.commit()
