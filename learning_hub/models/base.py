"""Column helpers shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import types
from sqlalchemy.orm import Mapped, mapped_column


def embedded_text(title: str, description: str) -> str:
    """The text a reform (a profile's or the library's) is embedded under: its title, then its description.

    The one definition: every query that selects the two columns builds the text with this function, so the vector
    stored for a reform and the text looked up at ranking time never drift apart.
    """
    return f"{title}. {description}".strip()


def utcnow() -> datetime:
    """Naive UTC: one convention for SQLite (no time zones) and PostgreSQL alike."""
    return datetime.now(UTC).replace(tzinfo=None)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StringList(types.TypeDecorator):
    """A short list of codes stored as JSON (used where no query filters on the values)."""

    impl = types.JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return list(value) if value is not None else []

    def process_result_value(self, value, dialect):
        return list(value or [])
