"""Fixed vocabularies, each in one place: sectors, OGP policy areas, genders, languages, countries.

Keys are stored in the database and in CSV files; labels are what people read (translated at render time).
"""

from __future__ import annotations

from functools import lru_cache

import pycountry
from flask_babel import lazy_gettext as _l

SECTORS = {
    "national_government": _l("National government"),
    "subnational_government": _l("Subnational government"),
    "legislature": _l("Legislature"),
    "oversight_audit": _l("Oversight or audit institution"),
    "judiciary": _l("Judiciary"),
    "civil_society": _l("Civil society"),
    "academia": _l("Academia"),
    "media": _l("Media"),
    "private_sector": _l("Private sector"),
    "technical_financial_partner": _l("Technical or financial partner"),
}
GOVERNMENT_SECTORS = frozenset(
    {"national_government", "subnational_government", "legislature", "oversight_audit", "judiciary"}
)
PARTNER_SECTOR = "technical_financial_partner"

# The OGP themes used by the labelled data in ../shared/data (README there).
POLICY_AREAS = {
    "anti_corruption": _l("Anti-corruption"),
    "access_to_information": _l("Access to information"),
    "fiscal_openness": _l("Fiscal openness"),
    "beneficial_ownership": _l("Beneficial ownership"),
    "open_contracting": _l("Open contracting"),
    "civic_space": _l("Civic space"),
    "gender_inclusion": _l("Gender and inclusion"),
    "justice": _l("Justice"),
    "digital_governance": _l("Digital governance"),
    "open_data": _l("Open data"),
    "extractives": _l("Extractive industries"),
    "public_participation": _l("Public participation"),
    "open_parliament": _l("Open parliament"),
    "regulatory_governance": _l("Regulatory governance"),
    "public_service_delivery": _l("Public service delivery"),
    "environment_climate": _l("Environment and climate"),
}

GENDERS = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "non_binary": _l("Non-binary"),
    "prefer_not_to_say": _l("Prefer not to say"),
}

VISIBILITIES = {
    "private": _l("Private: only me"),
    "members": _l("Members: people signed in to Learning Hub"),
    "public": _l("Public: anyone"),
}

REFORM_STATUSES = {
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "stalled": _l("Stalled"),
}

# Languages people may list on a profile (ISO 639-1). The interface itself speaks config LANGUAGES.
PROFILE_LANGUAGES = (
    "en",
    "es",
    "fr",
    "id",
    "pt",
    "ar",
    "sw",
    "tl",
    "ha",
    "yo",
    "ig",
    "tw",
    "ru",
    "uk",
    "ka",
    "mn",
    "de",
    "it",
    "nl",
    "ceb",
    "ilo",
    "jv",
    "su",
    "qu",
    "gn",
)

# The seven focus countries of the programme, listed first in country pickers.
FOCUS_COUNTRIES = ("CO", "GH", "HN", "ID", "KE", "NG", "PH")


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English short name, sorted by name."""
    pairs = sorted(
        ((c.alpha_2, getattr(c, "common_name", None) or c.name) for c in pycountry.countries), key=lambda item: item[1]
    )
    return dict(pairs)


def _locale():
    try:
        from flask_babel import get_locale

        return get_locale()
    except Exception:  # outside a request or app context: English names
        return None


def country_name(code: str | None) -> str:
    """The country's name in the reader's language (Babel's CLDR data), falling back to English."""
    code = (code or "").upper()
    locale = _locale()
    if locale is not None and code in locale.territories:
        return locale.territories[code]
    return countries().get(code, code)


def language_name(code: str | None) -> str:
    if not code:
        return ""
    locale = _locale()
    if locale is not None and code in locale.languages:
        return locale.languages[code]
    lang = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
    return lang.name if lang else code


def is_country(code: str | None) -> bool:
    return bool(code) and code.upper() in countries()


def choices(mapping: dict) -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in mapping.items()]
