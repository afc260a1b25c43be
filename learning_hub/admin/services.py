"""Admin queries (role and activation changes live in auth.services, beside the account rules)."""

from __future__ import annotations

from sqlalchemy import or_

from learning_hub.extensions import db
from learning_hub.models import Profile, User, UserRole


def list_users(query: str = "", role: str = "", page: int = 1, per_page: int = 50):
    stmt = db.select(User).outerjoin(Profile).order_by(User.email)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(or_(User.email.like(like), Profile.display_name.ilike(like)))
    if role:
        stmt = stmt.where(User.id.in_(db.select(UserRole.user_id).where(UserRole.role == role)))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)
