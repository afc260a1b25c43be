"""Admin queries (role and activation changes live in auth.services, beside the account rules)."""

from __future__ import annotations

from sqlalchemy import or_

from learning_hub.extensions import db
from learning_hub.models import Profile, User, UserRole


def list_users(query: str = "", role: str = "", page: int = 1, per_page: int = 50):
    stmt = db.select(User).outerjoin(Profile).order_by(User.email)
    if query:
        term = query.strip()  # autoescape: % and _ are searched for, not wildcards
        stmt = stmt.where(
            or_(User.email.icontains(term, autoescape=True), Profile.display_name.icontains(term, autoescape=True))
        )
    if role:
        stmt = stmt.where(User.id.in_(db.select(UserRole.user_id).where(UserRole.role == role)))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)
