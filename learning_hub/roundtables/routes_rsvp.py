"""Invitees' pages: the confirmation page behind the emailed accept and decline links (GET shows, only POST answers,
so a mail scanner that follows links changes nothing), the same page for a signed-in invitee, and the calendar file."""

from __future__ import annotations

from flask import Response, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub.errors import Conflict, ValidationError
from learning_hub.extensions import db
from learning_hub.models import Roundtable
from learning_hub.roundtables import bp, ics, pages, rsvp, times
from learning_hub.roundtables.forms import RsvpForm


def _page(invitee, form: RsvpForm, action: str, calendar_url: str, status: int = 200):
    roundtable = db.session.get(Roundtable, invitee.roundtable_id)
    chosen = request.args.get("answer") if request.args.get("answer") in rsvp.ANSWERS else None
    profile = rsvp.invitee_profile(invitee)
    html = render_template(
        "roundtables/rsvp.html",
        invitee=invitee,
        rt=roundtable,
        form=form,
        action=action,
        chosen=chosen,
        calendar_url=calendar_url,
        name=profile.display_name if profile else "",
        when=times.when(roundtable.starts_at, roundtable.time_zone, reader_zone=times.zone_of(profile)),
        deadline=times.when(roundtable.invitation_deadline, roundtable.time_zone, reader_zone=times.zone_of(profile)),
        closed=roundtable.deadline_passed(),
        statement=pages.statement(roundtable, invitee),
    )
    response = make_response(html, status)
    response.headers["Cache-Control"] = "no-store"  # the page is reached with a personal link: keep it out of caches
    return response


def _answer(invitee, form: RsvpForm) -> None:
    try:
        outcome = rsvp.respond(invitee.id, form.answer.data)
    except (Conflict, ValidationError) as exc:
        flash(exc.message, "error")
        return
    if outcome.answer == "accept":
        flash(
            _("Thank you: your seat is confirmed. Add the roundtable to your calendar below.")
            if outcome.changed
            else _("You had already accepted: your seat is confirmed."),
            "success",
        )
    else:
        flash(
            _("Thank you for letting us know. You can change your answer until the deadline, while seats are free.")
            if outcome.changed
            else _("You had already declined."),
            "info",
        )


@bp.route("/rsvp/<token>", methods=["GET", "POST"], endpoint="rsvp")
def rsvp_page(token: str):
    invitee = rsvp.invitee_for_token(token)
    form = RsvpForm()
    here = url_for("roundtables.rsvp", token=token)
    if request.method == "POST":
        if not form.validate_on_submit():
            flash(_("Answer with accept or decline."), "error")
            return _page(invitee, form, here, url_for("roundtables.rsvp_calendar", token=token), 422)
        _answer(invitee, form)
        return redirect(here)
    return _page(invitee, form, here, url_for("roundtables.rsvp_calendar", token=token))


@bp.route("/rsvp/<token>/event.ics")
def rsvp_calendar(token: str):
    invitee = rsvp.invitee_for_token(token)
    return _calendar(invitee.roundtable_id)


@bp.route("/invitations/<id:invitee_id>", methods=["GET", "POST"])
def invitation(invitee_id: int):
    invitee = rsvp.own_invitation(current_user, invitee_id)
    form = RsvpForm()
    here = url_for("roundtables.invitation", invitee_id=invitee_id)
    calendar_url = url_for("roundtables.invitation_calendar", invitee_id=invitee_id)
    if request.method == "POST":
        if not form.validate_on_submit():
            flash(_("Answer with accept or decline."), "error")
            return _page(invitee, form, here, calendar_url, 422)
        _answer(invitee, form)
        return redirect(here)
    return _page(invitee, form, here, calendar_url)


@bp.route("/invitations/<id:invitee_id>/event.ics")
def invitation_calendar(invitee_id: int):
    return _calendar(rsvp.own_invitation(current_user, invitee_id).roundtable_id)


def _calendar(roundtable_id: int) -> Response:
    roundtable = db.session.get(Roundtable, roundtable_id)
    return Response(
        ics.calendar(roundtable),
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="{ics.filename(roundtable)}"',
            "Cache-Control": "no-store",
        },
    )
