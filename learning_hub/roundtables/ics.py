"""A roundtable as an iCalendar file (RFC 5545), written by hand because the format is small and exact:

- lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character), continuation lines start with a
  space (3.1);
- TEXT values escape backslash, semicolon, comma and newlines (3.3.11); other control characters are dropped;
- times are UTC ("Z" form, 3.3.5), so no VTIMEZONE is needed; the organiser's zone is named in the description;
- UID is stable per roundtable and site, DTSTAMP is when the file was made, SEQUENCE grows when the date or place
  change, so calendars update the event they already hold instead of adding a second one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

from learning_hub.models import Roundtable, utcnow
from learning_hub.roundtables import times

PRODID = "-//Learning Hub//Roundtables 1.0//EN"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch == "\n" or ch == "\t" or (ord(ch) >= 32 and ord(ch) != 127))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, joined by CRLF + space."""
    chunks, current, size = [], "", 0
    limit = MAX_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1  # the leading space of a continuation counts
        current += ch
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def uid(roundtable: Roundtable) -> str:
    host = urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "learninghub.invalid"
    return f"roundtable-{roundtable.id}@{host}"


def _description(roundtable: Roundtable) -> str:
    when = times.when(roundtable.starts_at, roundtable.time_zone)
    lines = [
        roundtable.topic.strip(),
        "",
        _("Local time: %(local)s", local=when["local"]),
        _("In UTC: %(utc)s", utc=when["utc"]),
    ]
    if roundtable.format == "virtual":
        lines.append(_("A virtual roundtable."))
    return "\n".join(lines)


def calendar(roundtable: Roundtable, now: datetime | None = None) -> bytes:
    """The .ics file for one roundtable (METHOD:PUBLISH: a file to add, not a meeting request to answer)."""
    end = roundtable.starts_at + timedelta(minutes=roundtable.duration_minutes)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid(roundtable)}",
        f"DTSTAMP:{stamp(now or utcnow())}",
        f"DTSTART:{stamp(roundtable.starts_at)}",
        f"DTEND:{stamp(end)}",
        f"SEQUENCE:{int(roundtable.sequence)}",
        f"SUMMARY:{escape_text(roundtable.title)}",
        f"DESCRIPTION:{escape_text(_description(roundtable))}",
    ]
    if roundtable.location:
        lines.append(f"LOCATION:{escape_text(roundtable.location)}")
    lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
    return ("".join(fold(line) + "\r\n" for line in lines)).encode("utf-8")


def filename(roundtable: Roundtable) -> str:
    return f"roundtable-{roundtable.id}.ics"
