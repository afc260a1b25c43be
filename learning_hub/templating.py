"""Template helpers: navigation by role, vocabulary labels, locale-aware dates and numbers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, g, request, url_for
from flask_babel import format_date, format_decimal, format_percent, format_time, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from learning_hub import vocab
from learning_hub.authz import POLICY
from learning_hub.security import page_to_return_to

# (endpoint, label). Shown when the endpoint exists and the current user passes its policy.
NAV = [
    ("main.dashboard", _l("Dashboard")),
    ("learning.catalogue", _l("Courses")),
    ("showcase.index", _l("Showcase")),
    ("directory.index", _l("Directory")),
    ("mentoring.index", _l("Mentoring")),
    ("peer_exchange.runs", _l("Peer exchange")),
    ("roundtables.index", _l("Roundtables")),
    ("notifications.outcomes", _l("Outcomes")),
    ("introductions.reports", _l("Abuse reports")),
    ("cocreation.index", _l("Co-creation")),
    ("support.index", _l("Support")),
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


NAV_CACHE_SIZE = 512


def nav_links() -> list[tuple[str, str, bool]]:
    """`nav_items()` as (address, label, active), computed once per language, kind of reader (signed in or not, and
    their roles, which are all the policies read) and section, and kept in this process: the header's eleven policy
    checks, address builds and lazy labels were a visible share of every page."""
    user = current_user._get_current_object()
    signed_in = bool(user.is_authenticated)
    section = request.endpoint.split(".")[0] if request.endpoint else None
    key = (str(get_locale()), request.script_root, signed_in, user.roles if signed_in else None, section)
    cache = current_app.extensions.setdefault("nav_links", {})
    links = cache.get(key)
    if links is None:
        links = [(url_for(endpoint), label, active) for endpoint, label, active in nav_items()]
        if len(cache) >= NAV_CACHE_SIZE:
            cache.clear()
        cache[key] = links
    return links


def _datetime(value) -> str:
    """An unambiguous moment in the reader's language: "27 nov 2026, 05:24 UTC" (never 11/27/26)."""
    if not value:
        return ""
    return f"{format_date(value, 'medium')}, {format_time(value, 'short')} UTC"


ROLE_LABELS = {
    "reformer": _l("Reformer"),
    "mentor": _l("Mentor"),
    "coordinator": _l("Coordinator"),
    "organiser": _l("Roundtable organiser"),
    "admin": _l("Administrator"),
    "partner": _l("Partner organisation staff"),
}


def number(value, digits: int | None = None, signed: bool = False) -> str:
    """A number in the reader's locale ("23,497" in French, "23.497" in English); `digits` fixes the decimals,
    `signed` writes "+" before a positive change."""
    if value is None:
        return ""
    if digits is None and not signed:
        return format_decimal(value)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=f"+{pattern};-{pattern}" if signed else pattern)


def percent(value, digits: int = 0) -> str:
    """A share (0.65) as a percentage in the reader's locale ("65 %" in French, "65%" in English)."""
    if value is None:
        return ""
    if not digits:
        return format_percent(value)
    pattern = get_locale().percent_formats[None].pattern  # the locale's own ("#,##0\u00a0%" in French)
    return format_percent(value, format=pattern.replace("#,##0", "#,##0." + "0" * digits, 1))


def fit(value) -> str:
    """A match score on the one scale people see everywhere: the engine's calibrated relevance, the estimated chance
    that a coordinator keeps the match (`matching.MatchChance`), as a percentage. An encoder without a calibration
    shows its similarity clipped to 0-100 %."""
    if value is None:
        return "–"
    from learning_hub import engine

    return percent(float(engine.match_chance().probability(float(value))))


def meeting_link(text: str | None) -> Markup:
    """A meeting address as a link when it is a plain web address (http or https, with a host); anything else
    (a venue, a dial-in number, a javascript: address) stays text. Escaped either way; opened without giving the
    meeting site this page's address or a handle on it."""
    if not text:
        return Markup("")
    value = text.strip()
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc and not any(ch.isspace() or ch in "<>\"'`" for ch in value):
        return Markup('<a href="{0}" rel="noopener noreferrer nofollow">{0}</a>').format(value)
    return Markup("{0}").format(text)


def _translations():
    """Flask-Babel's translations for the locale in force, looked up once per locale and request: a page calls
    `_()` some eighty times, and Flask-Babel resolves the context, the domain, the locale and the catalogue's key on
    every call. The catalogue is remembered beside the locale object it was found for, so `force_locale` (which
    swaps that object) and `refresh` (which removes it) are followed exactly as before."""
    try:
        state = g._flask_babel
    except (AttributeError, RuntimeError):  # the first lookup of the request, or no app context: Flask-Babel's own
        return get_translations()
    locale = getattr(state, "babel_locale", None)
    cached = getattr(state, "lh_translations", None)
    if locale is not None and cached is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    state.lh_translations = (getattr(state, "babel_locale", None), translations)
    return translations


def register_template_helpers(app) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    # The same callables Flask-Babel installs (newstyle: escaped and %-formatted), on the cached catalogue.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

    @app.context_processor
    def _globals():
        return {
            "nav_items": nav_items,
            "nav_links": nav_links,
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
        "number": number,
        "percent": percent,
        "fit": fit,
        "meeting_link": meeting_link,
        "role_label": lambda key: str(ROLE_LABELS.get(str(key), key)),
    }
    app.jinja_env.filters.update(filters)
    app.jinja_env.globals["page_to_return_to"] = page_to_return_to  # a global: imported macros use it too
