"""The engine's embedding cache, stored in the app's database (matching.EmbeddingCache protocol)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from learning_hub.extensions import db
from learning_hub.models.base import utcnow


class EmbeddingCacheEntry(db.Model):
    __tablename__ = "embedding_cache"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)  # encoder identity hash + text hash
    encoder: Mapped[str] = mapped_column(String(200), index=True)
    dim: Mapped[int]
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
