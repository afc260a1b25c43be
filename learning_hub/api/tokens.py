"""Personal access tokens: created and revoked by their owner on the account page, used as `Authorization: Bearer`."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import gettext as _

from learning_hub.errors import NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import TOKEN_PREFIX, TOKEN_SCOPES, PersonalAccessToken, User, hash_token, utcnow

MAX_TOKENS_PER_USER = 20


def create_token(actor: User, name: str, scopes, days: int | None) -> tuple[PersonalAccessToken, str]:
    """Returns the row and the raw token, which is shown once and never stored."""
    name = (name or "").strip()
    scopes = sorted(set(scopes or ()))
    if not name or len(name) > 80:
        raise ValidationError(_("Give the token a name of 1 to 80 characters."), field="name")
    if not scopes or not set(scopes) <= set(TOKEN_SCOPES):
        raise ValidationError(_("Choose at least one scope."), field="scopes")
    if days is not None and not 1 <= days <= 366:
        raise ValidationError(_("A token lives 1 to 366 days."), field="days")
    # Lock the owner's row before counting, so that concurrent creations cannot all pass the count (PostgreSQL;
    # SQLite's writing transactions already run one at a time).
    db.session.execute(db.select(User.id).where(User.id == actor.id).with_for_update())
    live = db.session.scalar(
        db.select(db.func.count(PersonalAccessToken.id)).where(
            PersonalAccessToken.user_id == actor.id, PersonalAccessToken.revoked_at.is_(None)
        )
    )
    if live >= MAX_TOKENS_PER_USER:
        raise ValidationError(_("Revoke a token before creating another (at most %(n)s).", n=MAX_TOKENS_PER_USER))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = PersonalAccessToken(
        user_id=actor.id,
        name=name,
        token_hash=hash_token(raw),
        hint=raw[:10],
        scopes=scopes,
        expires_at=utcnow() + timedelta(days=days) if days else None,
    )
    db.session.add(row)
    db.session.commit()
    return row, raw


def list_tokens(actor: User) -> list[PersonalAccessToken]:
    return list(
        db.session.scalars(
            db.select(PersonalAccessToken)
            .where(PersonalAccessToken.user_id == actor.id, PersonalAccessToken.revoked_at.is_(None))
            .order_by(PersonalAccessToken.created_at.desc())
        )
    )


def revoke_token(actor: User, token_id: int) -> PersonalAccessToken:
    row = db.session.get(PersonalAccessToken, token_id)
    if row is None or row.user_id != actor.id or row.revoked_at is not None:
        raise NotFound(_("No such token."))
    row.revoked_at = utcnow()
    db.session.commit()
    return row


def count_live_tokens(user: User) -> int:
    """Tokens a password change, a reset or signing out everywhere would revoke (unrevoked and not expired)."""
    return sum(1 for row in list_tokens(user) if row.is_usable)


def revoke_all_tokens(user: User) -> int:
    """Revoke every token of `user` in the caller's transaction (the caller commits); returns how many were live."""
    live = count_live_tokens(user)
    db.session.execute(
        db.update(PersonalAccessToken)
        .where(PersonalAccessToken.user_id == user.id, PersonalAccessToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return live


def user_for_token(raw: str) -> tuple[User, PersonalAccessToken] | None:
    """The active owner of a usable token (read-only: nothing is written on use)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    row = db.session.scalar(db.select(PersonalAccessToken).where(PersonalAccessToken.token_hash == hash_token(raw)))
    if row is None or not row.is_usable:
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return user, row
