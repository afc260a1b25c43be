"""Dates and time zones: a roundtable is entered in its own zone, stored as naive UTC with the zone's name, and shown
in both (the local time people travel or dial in by, and UTC for those elsewhere)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from babel.core import get_global
from babel.dates import format_date, format_time, get_timezone_location
from flask_babel import get_locale
from flask_babel import gettext as _

# The zone where most of a country's people live, for countries spanning several zones (the rest have one, or
# take the first of theirs): a person's own zone until they choose another.
_MAIN_ZONE = {
    "AR": "America/Argentina/Buenos_Aires",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CD": "Africa/Kinshasa",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "ID": "Asia/Jakarta",
    "KZ": "Asia/Almaty",
    "MX": "America/Mexico_City",
    "MY": "Asia/Kuala_Lumpur",
    "NZ": "Pacific/Auckland",
    "PG": "Pacific/Port_Moresby",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "US": "America/New_York",
}


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """Each current tz database zone with its country, from CLDR (through Babel). Deprecated names (US/Eastern,
    Asia/Calcutta, Europe/Kiev...) are not among them: they are CLDR's aliases of a current name."""
    aliases = get_global("zone_aliases")
    present = available_timezones()
    return {
        zone: country
        for zone, country in get_global("zone_territories").items()
        if zone in present and zone not in aliases and country != "001"
    }


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    return ("UTC", *sorted(_zone_countries()))


def canonical(name: str | None) -> str | None:
    """The current name of a zone given by a deprecated one (Asia/Calcutta: Asia/Kolkata), else the name itself."""
    return get_global("zone_aliases").get(name, name) if name else name


def is_zone(name: str | None) -> bool:
    return bool(name) and name in zone_names()


def default_zone(country: str | None) -> str:
    """A person's zone until they choose one: their country's (its most populous one), else UTC."""
    if not country:
        return "UTC"
    country = country.upper()
    if country in _MAIN_ZONE:
        return _MAIN_ZONE[country]
    zones = sorted(zone for zone, where in _zone_countries().items() if where == country)
    return zones[0] if zones else "UTC"


def zone_of(profile) -> str:
    """The zone a person sees times in: the one they chose, else their country's."""
    if profile is None:
        return "UTC"
    chosen = canonical(profile.time_zone)
    return chosen if is_zone(chosen) else default_zone(profile.country)


def zone_label(zone: str) -> str:
    """The zone's main city in the reader's language, with the zone's name ("Yakarta (Asia/Jakarta)")."""
    if zone == "UTC":
        return "UTC"
    city = get_timezone_location(zone, locale=_locale(), return_city=True)
    return f"{city} ({zone})"


def zone_choices() -> dict[str, list[tuple[str, str]]]:
    """Zones grouped by country, countries in the reader's alphabetical order (for <optgroup>s); UTC first."""
    return _zone_choices(str(_locale()))


@lru_cache(maxsize=8)
def _zone_choices(_locale_name: str) -> dict[str, list[tuple[str, str]]]:
    from learning_hub import vocab
    from learning_hub.forms import collation_key

    groups: dict[str, list[tuple[str, str]]] = {}
    by_country: dict[str, list[str]] = {}
    for zone, country in _zone_countries().items():
        by_country.setdefault(country, []).append(zone)
    named = sorted(
        ((vocab.country_name(code), zones) for code, zones in by_country.items()), key=lambda c: collation_key(c[0])
    )
    groups["UTC"] = [("UTC", "UTC")]
    for name, zones in named:
        groups.setdefault(name, []).extend(
            sorted(((z, zone_label(z)) for z in zones), key=lambda c: collation_key(c[1]))
        )
    return groups


class TimeProblem(ValueError):
    """A local time that does not exist in the zone (the clocks jump forward over it), or a date at the very edge
    of the calendar that the zone's offset pushes out of it."""


def to_utc(day: date, at: time, zone: str) -> datetime:
    """The naive UTC instant of a wall-clock time in `zone`. An ambiguous time (the clocks go back) means its first
    occurrence; a time skipped by a clock change is refused rather than silently moved."""
    tz = ZoneInfo(zone)
    local = datetime.combine(day, at.replace(tzinfo=None, second=0, microsecond=0)).replace(tzinfo=tz)
    try:
        instant = local.astimezone(UTC)
        back = instant.astimezone(tz)
    except OverflowError:  # within a day of year 1 or 9999, the zone's offset leaves the calendar
        raise TimeProblem(_("Choose a date between the years 2 and 9998.")) from None
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise TimeProblem(
            _(
                "%(time)s does not exist on %(day)s in %(zone)s: the clocks change then. Choose another time.",
                time=at.strftime("%H:%M"),
                day=day.isoformat(),
                zone=zone,
            )
        )
    return instant.replace(tzinfo=None)


def to_local(instant: datetime, zone: str) -> datetime:
    """The aware local time of a naive UTC instant."""
    return instant.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))


def _locale():
    try:
        return get_locale() or "en"
    except RuntimeError:  # an app context without a request or a forced locale: English
        return "en"


def _render(moment: datetime, fmt: str, zone) -> str:
    """The locale's own date pattern (full or medium) and its short time pattern."""
    locale = _locale()
    day = format_date(moment.date(), "full" if fmt == "full" else "medium", locale=locale)
    return f"{day}, {format_time(moment, 'short', tzinfo=zone, locale=locale)}"


def local_text(instant: datetime | None, zone: str, fmt: str = "full") -> str:
    """'Tuesday, 14 May 2030, 14:00 (Africa/Nairobi)', in the reader's language."""
    if instant is None:
        return ""
    return f"{_render(to_local(instant, zone), fmt, ZoneInfo(zone))} ({zone})"


def utc_text(instant: datetime | None, fmt: str = "medium") -> str:
    if instant is None:
        return ""
    return f"{_render(instant.replace(tzinfo=UTC), fmt, UTC)} UTC"


def when(instant: datetime | None, zone: str, fmt: str = "full", reader_zone: str | None = None) -> dict:
    """The renderings for templates and emails: in the event's zone, in UTC, and ("mine") in the reader's own zone
    when that differs from the event's (empty otherwise)."""
    reader_zone = canonical(reader_zone)
    mine = local_text(instant, reader_zone, fmt) if is_zone(reader_zone) and reader_zone != canonical(zone) else ""
    return {
        "local": local_text(instant, zone, fmt),
        "utc": utc_text(instant, fmt),
        "mine": mine,
        "iso": instant.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z") if instant else "",
    }


def split_local(instant: datetime, zone: str) -> tuple[date, time]:
    """The local date and time of a stored instant (to fill the edit form)."""
    moment = to_local(instant, zone)
    return moment.date(), moment.time().replace(tzinfo=None, second=0, microsecond=0)
