"""The participant's pages: my mentoring, a new request with ranked suggestions, and a mentorship (both people).

Thin: build the form, validate, call one service, flash and redirect (or render with the errors and 422).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub.errors import Conflict, ValidationError
from learning_hub.mentoring import bp, inbox, lifecycle, requests, suggest
from learning_hub.mentoring.forms import (
    CancelForm,
    ChoiceForm,
    CompleteForm,
    ConfirmForm,
    NoteForm,
    RequestForm,
)
from learning_hub.models.mentoring import RequestState

REFUSALS = (Conflict, ValidationError)


@bp.route("/")
def index():
    return render_template(
        "mentoring/index.html",
        requests=requests.my_requests(current_user),
        mentorships=lifecycle.my_mentorships(current_user),
        box=inbox.inbox(current_user),
    )


@bp.route("/requests/new", methods=["GET", "POST"])
def new_request():
    form = RequestForm()
    if request.method == "GET" and current_user.profile is not None:
        form.languages.data = current_user.profile.languages
    if form.validate_on_submit():
        try:
            draft = requests.create_draft(
                current_user,
                need=form.need.data,
                languages=form.languages.data,
                preferred_countries=form.preferred_countries.data,
                excluded_countries=form.excluded_countries.data,
            )
        except REFUSALS as exc:
            form.show_refusal(exc)
        else:
            return redirect(url_for("mentoring.request_detail", request_id=draft.id))
    failed = bool(form.errors or form.form_errors)
    return render_template("mentoring/new_request.html", form=form), 422 if failed else 200


def _request_page(request_id: int, form: ChoiceForm | None = None, status: int = 200):
    mentoring_request = requests.get_request(current_user, request_id)
    suggestions = suggest.suggestions_for(mentoring_request) if mentoring_request.state == RequestState.DRAFT else []
    form = form or ChoiceForm()
    form.set_mentors(suggestions)
    return render_template(
        "mentoring/request.html", req=mentoring_request, suggestions=suggestions, form=form, confirm=ConfirmForm()
    ), status


@bp.route("/requests/<id:request_id>")
def request_detail(request_id: int):
    return _request_page(request_id)


@bp.route("/requests/<id:request_id>/submit", methods=["POST"])
def submit_request(request_id: int):
    form = ChoiceForm()
    requests.get_request(current_user, request_id)  # others' requests are 404 before any validation message
    if form.validate_on_submit():
        try:
            sent = requests.submit(current_user, request_id, form.picks())
        except Conflict as exc:
            flash(exc.message, "error")
            return redirect(url_for("mentoring.request_detail", request_id=request_id))
        except ValidationError as exc:
            form.show_refusal(exc)
        else:
            if sent.state == "pending":
                flash(
                    _("Your request is on its way to %(name)s.", name=sent.pending_offer.mentor.display_name), "success"
                )
            else:
                flash(_("Your request is with the programme coordinators, who will look for a mentor."), "info")
            return redirect(url_for("mentoring.request_detail", request_id=request_id))
    return _request_page(request_id, form, 422)


@bp.route("/requests/<id:request_id>/withdraw", methods=["POST"])
def withdraw_request(request_id: int):
    ConfirmForm().validate_on_submit()  # CSRF is checked globally; the form has no fields of its own
    try:
        requests.withdraw(current_user, request_id)
    except Conflict as exc:
        flash(exc.message, "error")
    else:
        flash(_("Your request is withdrawn."), "info")
    return redirect(url_for("mentoring.request_detail", request_id=request_id))


@bp.route("/requests/<id:request_id>/discard", methods=["POST"])
def discard_request(request_id: int):
    ConfirmForm().validate_on_submit()
    try:
        requests.discard(current_user, request_id)
    except Conflict as exc:
        flash(exc.message, "error")
        return redirect(url_for("mentoring.request_detail", request_id=request_id))
    flash(_("The draft is deleted."), "info")
    return redirect(url_for("mentoring.index"))


def _mentorship_page(request_id: int, status: int = 200, **forms):
    mentorship, side = lifecycle.get_mentorship(current_user, request_id)
    forms.setdefault("complete_form", CompleteForm(prefix="complete"))
    forms.setdefault("feedback_form", CompleteForm(prefix="feedback"))
    forms.setdefault("cancel_form", CancelForm(prefix="cancel"))
    forms.setdefault("note_form", NoteForm(prefix="note"))
    return render_template("mentoring/mentorship.html", m=mentorship, side=side, confirm=ConfirmForm(), **forms), status


def _refused(request_id: int, exc: Conflict):
    flash(exc.message, "error")
    return redirect(url_for("mentoring.mentorship", request_id=request_id))


@bp.route("/mentorships/<id:request_id>")
def mentorship(request_id: int):
    return _mentorship_page(request_id)


@bp.route("/mentorships/<id:request_id>/complete", methods=["POST"])
def complete(request_id: int):
    form = CompleteForm(prefix="complete")
    lifecycle.get_mentorship(current_user, request_id)
    if form.validate_on_submit():
        try:
            lifecycle.complete(current_user, request_id, rating=form.rating.data, comment=form.comment.data)
        except Conflict as exc:
            return _refused(request_id, exc)
        except ValidationError as exc:
            form.show_refusal(exc)
        else:
            flash(_("The mentorship is complete. Thank you for your feedback."), "success")
            return redirect(url_for("mentoring.mentorship", request_id=request_id))
    return _mentorship_page(request_id, 422, complete_form=form)


@bp.route("/mentorships/<id:request_id>/feedback", methods=["POST"])
def feedback(request_id: int):
    form = CompleteForm(prefix="feedback")
    lifecycle.get_mentorship(current_user, request_id)
    if form.validate_on_submit():
        try:
            lifecycle.give_feedback(current_user, request_id, rating=form.rating.data, comment=form.comment.data)
        except Conflict as exc:
            return _refused(request_id, exc)
        except ValidationError as exc:
            form.show_refusal(exc)
        else:
            flash(_("Thank you for your feedback."), "success")
            return redirect(url_for("mentoring.mentorship", request_id=request_id))
    return _mentorship_page(request_id, 422, feedback_form=form)


@bp.route("/mentorships/<id:request_id>/cancel", methods=["POST"])
def cancel(request_id: int):
    form = CancelForm(prefix="cancel")
    lifecycle.get_mentorship(current_user, request_id)
    if form.validate_on_submit():
        try:
            lifecycle.cancel(current_user, request_id, reason=form.reason.data)
        except Conflict as exc:
            return _refused(request_id, exc)
        except ValidationError as exc:
            form.show_refusal(exc)
        else:
            flash(_("The mentorship is cancelled."), "info")
            return redirect(url_for("mentoring.mentorship", request_id=request_id))
    return _mentorship_page(request_id, 422, cancel_form=form)


@bp.route("/mentorships/<id:request_id>/notes", methods=["POST"])
def add_note(request_id: int):
    form = NoteForm(prefix="note")
    lifecycle.get_mentorship(current_user, request_id)
    if form.validate_on_submit():
        try:
            lifecycle.add_note(
                current_user, request_id, kind=form.kind.data, text=form.text.data, met_on=form.met_on.data
            )
        except Conflict as exc:
            return _refused(request_id, exc)
        except ValidationError as exc:
            form.show_refusal(exc)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("mentoring.mentorship", request_id=request_id, _anchor="notes"))
    return _mentorship_page(request_id, 422, note_form=form)


@bp.route("/mentorships/<id:request_id>/notes/<id:note_id>/delete", methods=["POST"])
def delete_note(request_id: int, note_id: int):
    ConfirmForm().validate_on_submit()
    lifecycle.delete_note(current_user, request_id, note_id)
    flash(_("Deleted."), "info")
    return redirect(url_for("mentoring.mentorship", request_id=request_id, _anchor="notes"))
