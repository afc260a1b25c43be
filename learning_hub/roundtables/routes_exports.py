"""Organisers' downloads: the attendee list (CSV, with or without personal data), the sign-in sheet (a printable page
and a PDF) and the calendar file."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_login import current_user

from learning_hub import audit
from learning_hub.roundtables import bp, exports, ics, services, times


def _download(body, mimetype: str, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(body, mimetype=mimetype, headers=headers)


def _record(roundtable, what: str, fmt: str) -> None:
    audit.record_read(
        current_user, "export.personal_data", target_type="roundtable", target_id=roundtable.id, what=what, format=fmt
    )


@bp.route("/<id:roundtable_id>/attendees.csv")
def export_csv(roundtable_id: int):
    roundtable = services.get(current_user, roundtable_id)
    personal = request.args.get("personal") == "1"
    everyone = request.args.get("list") == "all"  # the whole invitation list, with each person's answer
    kind = "invitation-list" if everyone else "attendees"
    name = f"roundtable-{roundtable.id}-{kind}-{'personal' if personal else 'anonymous'}.csv"
    if personal:
        _record(roundtable, kind, "csv")
    return _download(exports.to_csv(roundtable, personal, everyone), "text/csv", name)


@bp.route("/<id:roundtable_id>/sign-in")
def sign_in_sheet(roundtable_id: int):
    roundtable = services.get(current_user, roundtable_id)
    _record(roundtable, "sign-in sheet", "html")
    return render_template(
        "roundtables/sign_in.html",
        rt=roundtable,
        rows=exports.sheet_rows(roundtable),
        blank_rows=exports.BLANK_ROWS,
        when=times.when(roundtable.starts_at, roundtable.time_zone),
    )


@bp.route("/<id:roundtable_id>/sign-in.pdf")
def sign_in_pdf(roundtable_id: int):
    roundtable = services.get(current_user, roundtable_id)
    _record(roundtable, "sign-in sheet", "pdf")
    return _download(exports.sign_in_pdf(roundtable), "application/pdf", f"roundtable-{roundtable.id}-sign-in.pdf")


@bp.route("/<id:roundtable_id>/event.ics")
def calendar(roundtable_id: int):
    roundtable = services.get(current_user, roundtable_id)
    return _download(ics.calendar(roundtable), "text/calendar", ics.filename(roundtable))
