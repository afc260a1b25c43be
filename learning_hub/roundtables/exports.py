"""Attendee exports: a CSV with or without personal data, and the sign-in sheet as a PDF.

Attendees are the people who accepted. Without personal data a row keeps what an analyst needs (country, sector,
languages, relevance, when they answered) under a pseudonym keyed on the app's secret and the roundtable, stable
within one export and not joinable across roundtables. Gender is in neither. Every text cell is neutralised against
formula injection (docs/SECURITY.md §6); numbers stay numbers.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from learning_hub import vocab
from learning_hub.extensions import db
from learning_hub.models import Profile, Roundtable, RoundtableInvitee
from learning_hub.models.roundtable import Rsvp
from learning_hub.pdf import new_document
from learning_hub.roundtables import times
from learning_hub.spreadsheets import csv_text

BLANK_ROWS = 5  # for people who come without having answered
PERSONAL_COLUMNS = (
    "number",
    "name",
    "email",
    "organisation",
    "role_title",
    "country",
    "sector",
    "languages",
    "relevance",
    "answered_at",
)
ANONYMOUS_COLUMNS = ("number", "person", "country", "sector", "languages", "relevance", "answered_at")


def pseudonym(roundtable_id: int, invitee_id: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return "R" + hmac.new(key, f"roundtable:{roundtable_id}:{invitee_id}".encode(), hashlib.sha256).hexdigest()[:10]


@dataclass(frozen=True)
class Attendee:
    invitee: RoundtableInvitee
    profile: Profile | None

    @property
    def name(self) -> str:
        return self.profile.display_name if self.profile else _("former member")


def attendees(roundtable: Roundtable, everyone: bool = False) -> list[Attendee]:
    """Those who accepted; with `everyone`, the whole invitation list (invitees and waiting list, any answer)."""
    query = db.select(RoundtableInvitee).where(RoundtableInvitee.roundtable_id == roundtable.id)
    if not everyone:
        query = query.where(RoundtableInvitee.list_role == "invitee", RoundtableInvitee.rsvp == Rsvp.ACCEPTED)
    rows = list(db.session.scalars(query))
    ids = [r.profile_id for r in rows if r.profile_id]
    profiles = {p.id: p for p in db.session.scalars(db.select(Profile).where(Profile.id.in_(ids)))} if ids else {}
    out = [Attendee(r, profiles.get(r.profile_id)) for r in rows]
    return sorted(out, key=lambda a: (a.name.casefold(), a.invitee.id))


def _answered(invitee: RoundtableInvitee) -> str | None:
    return invitee.responded_at.isoformat(timespec="minutes") + "Z" if invitee.responded_at else None


def rows(roundtable: Roundtable, personal: bool, everyone: bool = False) -> list[list]:
    """One row per attendee; with `everyone`, per person on the invitation list, with their list and answer."""
    out = []
    for number, attendee in enumerate(attendees(roundtable, everyone), start=1):
        inv, profile = attendee.invitee, attendee.profile
        country = (profile.country if profile else inv.country) or ""
        sector = (profile.sector if profile else inv.sector) or ""
        languages = ";".join(profile.languages) if profile else ""
        relevance = round(float(inv.relevance), 4)
        if personal:
            email = profile.user.email if profile is not None and profile.user is not None else ""
            out.append(
                [
                    number,
                    attendee.name,
                    email,
                    profile.organisation if profile else "",
                    profile.role_title if profile else "",
                    country,
                    sector,
                    languages,
                    relevance,
                    _answered(inv),
                ]
            )
        else:
            out.append(
                [number, pseudonym(roundtable.id, inv.id), country, sector, languages, relevance, _answered(inv)]
            )
        if everyone:
            out[-1] += [inv.list_role, inv.rsvp]
    return out


def to_csv(roundtable: Roundtable, personal: bool, everyone: bool = False) -> str:
    columns = PERSONAL_COLUMNS if personal else ANONYMOUS_COLUMNS
    return csv_text(columns + (("list", "answer") if everyone else ()), rows(roundtable, personal, everyone))


def sheet_rows(roundtable: Roundtable) -> list[dict]:
    return [
        {
            "number": n,
            "name": a.name,
            "organisation": (a.profile.organisation if a.profile else "") or "",
            "country": vocab.country_name((a.profile.country if a.profile else a.invitee.country) or ""),
        }
        for n, a in enumerate(attendees(roundtable), start=1)
    ]


def sign_in_pdf(roundtable: Roundtable) -> bytes:
    """An A4 sign-in sheet: one row per attendee with a box to sign, and blank rows for people who come anyway.
    DejaVu Sans is embedded when installed (names in any Latin, Cyrillic or Greek script); otherwise the core
    Helvetica font with text reduced to Latin-1."""
    from fpdf.fonts import FontFace

    pdf, family, clean = new_document("P", _("Sign-in sheet"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    when = times.when(roundtable.starts_at, roundtable.time_zone)
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 8, clean(roundtable.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    place = roundtable.location or (_("Online") if roundtable.format == "virtual" else "")
    for text in (when["local"], when["utc"], place, _("Sign-in sheet")):
        if text:
            pdf.multi_cell(0, 5, clean(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    heading = [_("No."), _("Name"), _("Organisation"), _("Country"), _("Signature")]
    entries = [[str(r["number"]), r["name"], r["organisation"], r["country"], ""] for r in sheet_rows(roundtable)]
    entries += [[""] * 5 for _blank in range(BLANK_ROWS)]
    pdf.set_font(family, "", 10)
    with pdf.table(
        col_widths=(10, 50, 50, 30, 50),
        line_height=9,
        first_row_as_headings=True,
        headings_style=FontFace(emphasis="BOLD"),
    ) as table:
        table.row([clean(h) for h in heading])
        for entry in entries:
            table.row([clean(cell) for cell in entry])
    return bytes(pdf.output())
