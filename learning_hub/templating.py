"""Template helpers: navigation by role, vocabulary labels, locale-aware dates and numbers."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import format_date, format_decimal, format_percent, format_time, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learning_hub import vocab
from learning_hub.authz import POLICY
from learning_hub.security import page_to_return_to

# (endpoint, label). Shown when the endpoint exists and the current user passes its policy.
NAV = [
    ("main.dashboard", _l("Dashboard")),
    ("learning.catalogue", _l("Courses")),
    ("directory.index", _l("Directory")),
    ("mentoring.index", _l("Mentoring")),
    ("peer_exchange.runs", _l("Peer exchange")),
    ("roundtables.index", _l("Roundtables")),
    ("cocreation.index", _l("Co-creation")),
    ("admin.users", _l("Admin")),
]

LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "id": "Bahasa Indonesia"}


def nav_items() -> list[tuple[str, str, bool]]:
    endpoints = current_app.view_functions
    items = []
    for endpoint, label in NAV:
        policy = POLICY.get(endpoint)
        if (
            endpoint in endpoints
            and policy is not None
            and policy.allows(current_user)
            and (endpoint == "main.dashboard" or current_user.is_authenticated or policy.kind == "public")
        ):
            items.append(
                (
                    endpoint,
                    str(label),
                    request.endpoint is not None and request.endpoint.split(".")[0] == endpoint.split(".")[0],
                )
            )
    return items


def _datetime(value) -> str:
    """An unambiguous moment in the reader's language: "27 nov 2026, 05:24 UTC" (never 11/27/26)."""
    if not value:
        return ""
    return f"{format_date(value, 'medium')}, {format_time(value, 'short')} UTC"


def register_template_helpers(app) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _globals():
        return {
            "nav_items": nav_items,
            "current_locale": str(get_locale() or "en"),
            "language_names": LANGUAGE_NAMES,
            "vocab": vocab,
        }

    filters = {
        "country_name": vocab.country_name,
        "language_name": vocab.language_name,
        "sector_label": lambda key: str(vocab.SECTORS.get(key, key or "")),
        "area_label": lambda key: str(vocab.POLICY_AREAS.get(key, key or "")),
        "status_label": lambda key: str(vocab.REFORM_STATUSES.get(key, key or "")),
        "gender_label": lambda key: str(vocab.GENDERS.get(key, key or "")),
        "date": lambda value, fmt="medium": format_date(value, fmt) if value else "",
        "datetime": _datetime,
        "number": lambda value: format_decimal(value) if value is not None else "",
        "percent": lambda value: format_percent(value) if value is not None else "",
    }
    app.jinja_env.filters.update(filters)
    app.jinja_env.globals["page_to_return_to"] = page_to_return_to  # a global: imported macros use it too
