"""Accounts and roles."""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from learning_hub.extensions import db

if TYPE_CHECKING:
    from learning_hub.models.profile import Profile
from learning_hub.models.base import TimestampMixin, utcnow


class Role(enum.StrEnum):
    REFORMER = "reformer"
    MENTOR = "mentor"
    COORDINATOR = "coordinator"
    ORGANISER = "organiser"
    ADMIN = "admin"
    PARTNER = "partner"  # staff of a technical or financial assistance provider


# Roles an admin may grant or remove; "mentor" follows the profile's mentoring switch and "reformer" is everyone's.
GRANTABLE_ROLES = (Role.COORDINATOR, Role.ORGANISER, Role.ADMIN, Role.PARTNER)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None until an imported person claims the account
    locale: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None]
    invited_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    profile: Mapped[Profile | None] = relationship(
        back_populates="user",
        uselist=False,
        cascade="all, delete-orphan",
    )

    sessions: Mapped[list[UserSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # Flask-Login's "alternative id" is the token of the sign-in session in use, never the user id: deleting the
    # session row ends that session and its remember cookie, even when a copy of the cookie is replayed
    # (docs/SECURITY.md §1). auth.services opens and closes these sessions.
    current_session_token = None  # set per request by the user loader; not a column

    def get_id(self) -> str:
        if not self.current_session_token:
            raise RuntimeError("Open a session (auth.services.open_session) before logging a user in.")
        return self.current_session_token

    @property
    def is_active(self) -> bool:
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset({Role.REFORMER.value} | {row.role for row in self.role_rows})

    def has_role(self, *names: str | Role) -> bool:
        wanted = {Role(n).value for n in names}
        return bool(self.roles & wanted)

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN.value in self.roles

    def grant(self, role: Role | str) -> None:
        role = Role(role).value
        if role != Role.REFORMER.value and role not in self.roles:
            self.role_rows.append(UserRole(role=role))

    def revoke(self, role: Role | str) -> None:
        role = Role(role).value
        self.role_rows = [row for row in self.role_rows if row.role != role]

    @property
    def display_name(self) -> str:
        return self.profile.display_name if self.profile and self.profile.display_name else self.email

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(db.Model):
    __tablename__ = "user_role"
    __table_args__ = (
        UniqueConstraint("user_id", "role", name="uq_user_role_user_id_role"),
        CheckConstraint("role IN ('mentor', 'coordinator', 'organiser', 'admin', 'partner')", name="known_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_rows")


class UserSession(db.Model):
    """One signed-in browser. Only the token's sha256 is stored."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_agent: Mapped[str | None] = mapped_column(String(200))
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship(back_populates="sessions")


class PasswordResetToken(db.Model):
    """Single-use: only the sha256 of the emailed token is stored, and `used_at` is set in the same transaction."""

    __tablename__ = "password_reset_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20), default="reset")  # reset | invitation
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class PendingRegistration(db.Model):
    """A registration waiting for its emailed confirmation link: the account exists only once the link is used, so
    that the registration form answers the same whether or not the email already has an account. Only the sha256 of
    the emailed token is stored; the password is stored hashed, as on an account."""

    __tablename__ = "pending_registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    consent_listed: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class LoginThrottle(db.Model):
    """Wrong passwords typed for one email address since its last successful sign-in (auth.throttle). Keyed by the
    sha256 of the normalised address, whether or not an account uses it, so that the slow-down does not tell which
    addresses have accounts."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
