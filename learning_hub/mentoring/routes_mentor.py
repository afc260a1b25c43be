"""The mentor's pages: inbox, one request with accept/decline, the emailed link's confirmation page, capacity and
pause.

The emailed link (/mentoring/respond/<token>?answer=accept|decline) only shows a confirmation page on GET; the
answer is given by the POST of its form (CSRF-protected), so a mail scanner or a link preview that fetches the URL
changes nothing. The page is sent with `Referrer-Policy: no-referrer` and `Cache-Control: no-store` so the token
does not travel further.
"""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub.errors import Conflict, ValidationError
from learning_hub.mentoring import bp, inbox
from learning_hub.mentoring.forms import AnswerForm, AvailabilityForm, CapacityForm

REFUSALS = (Conflict, ValidationError)


@bp.route("/inbox", endpoint="inbox")
def inbox_page():
    box = inbox.inbox(current_user)
    return render_template(
        "mentoring/inbox.html",
        box=box,
        answer_form=AnswerForm(),
        capacity_form=CapacityForm(capacity=box.capacity or None),
        availability_form=AvailabilityForm(),
    )


@bp.route("/offers/<id:offer_id>")
def offer(offer_id: int):
    return render_template(
        "mentoring/offer.html",
        offer=inbox.get_offer(current_user, offer_id),
        form=AnswerForm(answer=request.args.get("answer", "")),
    )


@bp.route("/offers/<id:offer_id>/answer", methods=["POST"])
def answer(offer_id: int):
    form = AnswerForm()
    offer = inbox.get_offer(current_user, offer_id)
    if not form.validate_on_submit():
        return render_template("mentoring/offer.html", offer=offer, form=form), 422
    try:
        if form.answer.data == "accept":
            accepted = inbox.accept(current_user, offer_id)
        else:
            inbox.decline(current_user, offer_id, form.reason.data)
    except REFUSALS as exc:
        flash(exc.message, "error")
        return redirect(url_for("mentoring.inbox"))
    if form.answer.data == "accept":
        flash(
            _(
                "Thank you! We have introduced you to each other by email. If an email cannot be delivered, your "
                "dashboard will tell you."
            ),
            "success",
        )
        return redirect(url_for("mentoring.mentorship", request_id=accepted.id))
    flash(_("Declined. The request goes on to the next mentor."), "info")
    return redirect(url_for("mentoring.inbox"))


def _private(response):
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/respond/<token>", methods=["GET", "POST"])
def respond_link(token: str):
    offer = inbox.offer_for_token(token)  # NotFound for a wrong, used or outdated link
    form = AnswerForm() if request.method == "POST" else AnswerForm(answer=request.args.get("answer", ""))
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                accepted = inbox.answer_by_token(token, form.answer.data, form.reason.data)
            except REFUSALS as exc:
                return _private(
                    make_response(render_template("mentoring/respond_done.html", error=exc.message), exc.status_code)
                )
            return _private(
                make_response(
                    render_template("mentoring/respond_done.html", accepted=accepted, answer=form.answer.data)
                )
            )
        return _private(make_response(render_template("mentoring/respond.html", offer=offer, form=form), 422))
    return _private(make_response(render_template("mentoring/respond.html", offer=offer, form=form)))


@bp.route("/capacity", methods=["POST"])
def capacity():
    form = CapacityForm()
    if form.validate_on_submit():
        try:
            inbox.set_capacity(current_user, form.capacity.data)
        except REFUSALS as exc:
            flash(exc.message, "error")
        else:
            flash(_("You take up to %(n)s people at a time.", n=form.capacity.data), "success")
    else:
        flash(_("Choose how many people you can mentor at a time (1 to 20)."), "error")
    return redirect(url_for("mentoring.inbox"))


@bp.route("/availability", methods=["POST"])
def availability():
    form = AvailabilityForm()
    if form.validate_on_submit():
        try:
            profile = inbox.set_available(current_user, form.available.data == "1")
        except REFUSALS as exc:
            flash(exc.message, "error")
        else:
            flash(
                _("You receive new requests again.")
                if profile.mentor_available
                else _(
                    "Paused: nobody new is suggested your name. Requests already in your inbox wait for your answer."
                ),
                "success",
            )
    else:
        flash(_("Choose to pause or to resume."), "error")
    return redirect(url_for("mentoring.inbox"))
