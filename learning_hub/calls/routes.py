"""Pages under /support/calls. Signed in: the calls, applying, my applications. Reviewers: conflicts of interest and
scores. Coordinators: publishing a call, closing it (which assigns the reviewers), the ranking and the award."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub import reviewing
from learning_hub.calls import bp, services
from learning_hub.calls.forms import ApplicationForm, AwardForm, CallForm, ConflictForm, EmptyForm
from learning_hub.errors import Conflict, ValidationError
from learning_hub.reviewing_forms import score_form

REFUSALS = (Conflict, ValidationError)


@bp.route("")
def index():
    return render_template(
        "calls/index.html", calls=services.calls(), coordinator=services.is_coordinator(current_user)
    )


@bp.route("/new", methods=["GET", "POST"])
def new_call():
    form = CallForm(reviewer_choices=reviewing.reviewer_choices())
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                created = services.publish_call(current_user, form.to_input())
            except REFUSALS as exc:
                form.show_refusal(exc)
                status = exc.status_code
            else:
                flash(_("The call is published."), "success")
                return redirect(url_for("calls.call", call_id=created.id))
        else:
            status = 422
    return render_template("calls/new.html", form=form), status


@bp.route("/<id:call_id>")
def call(call_id: int):
    found = services.get_call(call_id)
    is_reviewer = reviewing.is_reviewer(current_user, found.panel)
    submitted, assigned = reviewing.progress(found.panel)
    return render_template(
        "calls/call.html",
        call=found,
        open_now=services.accepts_applications(found),
        mine=services.my_application(current_user, found),
        is_reviewer=is_reviewer,
        conflicts=services.my_conflicts(current_user, found) if is_reviewer else set(),
        coordinator=services.is_coordinator(current_user),
        submitted=submitted,
        assigned=assigned,
        form=EmptyForm(),
        conflict_form=ConflictForm(),
    )


@bp.route("/<id:call_id>/apply", methods=["GET", "POST"])
def apply(call_id: int):
    found = services.get_call(call_id)
    form = ApplicationForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.apply(
                    current_user,
                    call_id,
                    proposal=form.proposal.data,
                    fee=form.fee.data,
                    organisation=form.organisation.data or "",
                )
            except REFUSALS as exc:
                form.show_refusal(exc)
                status = exc.status_code
            else:
                flash(_("Your application is recorded. You will be told the outcome."), "success")
                return redirect(url_for("calls.mine"))
        else:
            status = 422
    return render_template(
        "calls/apply.html", call=found, form=form, open_now=services.accepts_applications(found)
    ), status


@bp.route("/mine")
def mine():
    return render_template("calls/mine.html", applications=services.my_applications(current_user))


@bp.route("/<id:call_id>/conflicts/<id:application_id>", methods=["POST"])
def conflict(call_id: int, application_id: int):
    form = ConflictForm()
    if form.validate_on_submit():
        conflicted = request.form.get("choice") != "withdraw"
        try:
            services.set_conflict(
                current_user, call_id, application_id, conflicted=conflicted, reason=form.reason.data or ""
            )
        except Conflict as exc:
            flash(exc.message, "error")
        else:
            flash(
                _("Conflict of interest recorded.") if conflicted else _("Conflict of interest withdrawn."), "success"
            )
    return redirect(url_for("calls.call", call_id=call_id))


@bp.route("/<id:call_id>/assign", methods=["POST"])
def assign(call_id: int):
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            loads = services.start_review(current_user, call_id)
        except Conflict as exc:
            flash(exc.message, "error")
        else:
            flash(
                _(
                    "The call is closed and the reviewers assigned: each reads between %(low)s and %(high)s.",
                    low=min(loads.values()),
                    high=max(loads.values()),
                ),
                "success",
            )
    return redirect(url_for("calls.call", call_id=call_id))


@bp.route("/<id:call_id>/reviews")
def my_reviews(call_id: int):
    found, rows = services.my_reviews(current_user, call_id)
    return render_template("calls/my_reviews.html", call=found, rows=rows)


@bp.route("/reviews/<id:review_id>", methods=["GET", "POST"])
def review(review_id: int):
    found, row, application = services.review(current_user, review_id)
    form = score_form(found.panel.criteria, row)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.submit_review(current_user, review_id, form.scores(), form.comment.data or "")
            except REFUSALS as exc:
                form.show_refusal(exc)
                status = exc.status_code
            else:
                flash(_("Your scores are saved."), "success")
                return redirect(url_for("calls.my_reviews", call_id=found.id))
        else:
            status = 422
    return render_template("calls/review.html", call=found, row=row, application=application, form=form), status


@bp.route("/<id:call_id>/ranking", methods=["GET", "POST"])
def ranking(call_id: int):
    found, ranked, unscored = services.ranking(current_user, call_id)
    form = AwardForm()
    form.application.choices = [(a.id, f"{a.item.code}: {a.applicant.display_name}") for a in found.applications]
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.award(current_user, call_id, form.application.data, form.reason.data)
            except REFUSALS as exc:
                form.show_refusal(exc)
                status = exc.status_code
            else:
                flash(_("The award is recorded and every applicant has been told."), "success")
                return redirect(url_for("calls.ranking", call_id=call_id))
        else:
            status = 422
    return render_template(
        "calls/ranking.html",
        call=found,
        ranked=ranked,
        unscored=unscored,
        criteria=found.panel.criteria,
        reviewers=reviewing.reviewer_names(found.panel),
        form=form,
    ), status
