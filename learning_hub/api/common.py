"""Small pieces the resource modules share: list pages, action bodies, documented refusals, the actor."""

from __future__ import annotations

import math

import marshmallow as ma
from flask_login import current_user

from learning_hub.api.core import ErrorSchema

# Refusals a service can raise beyond the request rules (core.standard_errors documents those).
CONFLICT = "The object's state does not allow this now (`conflict`)."
INVALID = "A field is missing or invalid, or a business rule refused the values (`validation_error`)."
RATE_LIMITED = "Too many anonymous semantic searches from this address (`rate_limited`); sign in or wait."


class EmptySchema(ma.Schema):
    """The body of an action that needs no input: `{}` (writes are always JSON)."""


class Strict(ma.Schema):
    """Request bodies reject fields they do not know (422), so protected fields cannot be smuggled in."""

    class Meta:
        unknown = ma.RAISE


def page_dict(items, page: int, per_page: int, total: int) -> dict:
    """The body of page_schema(): items plus page, per_page, total and pages (at least 1)."""
    return {
        "items": list(items),
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": max(1, math.ceil(total / per_page)),
    }


def slice_page(items: list, page: int, per_page: int) -> dict:
    """One page of a list a service returns whole (lists that stay short: courses, a person's own items)."""
    start = (page - 1) * per_page
    return page_dict(items[start : start + per_page], page, per_page, len(items))


def paginated(pagination) -> dict:
    """One page of a Flask-SQLAlchemy pagination from a service."""
    return page_dict(pagination.items, pagination.page, pagination.per_page, pagination.total)


def refusal(blp, status: int, description: str):
    """Document a domain error a service may raise on this operation."""
    return blp.alt_response(status, schema=ErrorSchema, description=description)


def actor():
    """The caller as services expect it: the signed-in user, or None for an anonymous visitor."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def viewer():
    """The caller for services that take a viewer and ask `is_authenticated` themselves (anonymous included)."""
    return current_user._get_current_object()
