"""Dates and time zones: a roundtable is entered in its own zone, stored as naive UTC with the zone's name, and shown
in both (the local time people travel or dial in by, and UTC for those elsewhere)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import format_date, format_time
from flask_babel import get_locale
from flask_babel import gettext as _

# Region/City names only: the tz database also carries aliases (US/Eastern, EST5EDT...) nobody should have to scroll.
_AREAS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    return ("UTC", *sorted(name for name in available_timezones() if name.startswith(_AREAS)))


def is_zone(name: str | None) -> bool:
    return bool(name) and name in zone_names()


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


def when(instant: datetime | None, zone: str, fmt: str = "full") -> dict:
    """Both renderings, for templates and emails."""
    return {
        "local": local_text(instant, zone, fmt),
        "utc": utc_text(instant, fmt),
        "iso": instant.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z") if instant else "",
    }


def split_local(instant: datetime, zone: str) -> tuple[date, time]:
    """The local date and time of a stored instant (to fill the edit form)."""
    moment = to_local(instant, zone)
    return moment.date(), moment.time().replace(tzinfo=None, second=0, microsecond=0)
