"""Directory data beside the profiles: import batches kept between a dry run and its confirmation, and the
per-country reform library (OGP commitments) that matching can use."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learning_hub.extensions import db
from learning_hub.models.base import TimestampMixin, embedded_text, utcnow

IMPORT_KINDS = ("profiles", "commitments")


class ImportStatus(enum.StrEnum):
    PENDING = "pending"  # checked (dry run), stored, waiting for the coordinator's confirmation
    APPLIED = "applied"
    DISCARDED = "discarded"


IMPORT_STATES = tuple(status.value for status in ImportStatus)


class ImportBatch(db.Model):
    """A validated CSV, stored server-side by the dry run so that the confirmation never trusts a re-posted file.

    `rows` holds the normalised rows until the batch is applied or discarded, then it is emptied: only the counts in
    `summary` stay (no personal data is kept after the import).
    """

    __tablename__ = "import_batch"
    __table_args__ = (
        CheckConstraint("kind IN ('profiles', 'commitments')", name="known_kind"),
        CheckConstraint("status IN ('pending', 'applied', 'discarded')", name="known_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    filename: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(default=0)
    rows: Mapped[list] = mapped_column(JSON, default=list)
    notices: Mapped[list] = mapped_column(JSON, default=list)  # warnings shown with the dry run: [row, column, text]
    summary: Mapped[dict] = mapped_column(JSON, default=dict)  # counts after applying: created, updated, unchanged
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None]


class LibraryReform(TimestampMixin, db.Model):
    """A public reform from another source (an OGP action-plan commitment), filed under its country."""

    __tablename__ = "library_reform"
    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_library_reform_source_external_id"),
        Index("ix_library_reform_country", "country"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20), default="ogp")
    external_id: Mapped[str] = mapped_column(String(64))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2 (XK for Kosovo, as CLDR)
    title: Mapped[str] = mapped_column(String(1000))  # real OGP titles reach 600 characters
    description: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(500))
    language: Mapped[str | None] = mapped_column(String(8))
    year: Mapped[int | None]  # the action plan's year, when the source gives it
    completion: Mapped[str | None] = mapped_column(String(20))  # e.g. substantial, complete, limited
    assessment: Mapped[str | None] = mapped_column(Text)  # the source's assessment, in its words
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id", ondelete="SET NULL"))

    @property
    def text(self) -> str:
        """What the engine embeds, as for Reform: the title carries much of the meaning."""
        return embedded_text(self.title, self.description)
