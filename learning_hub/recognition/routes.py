"""Pages under /showcase/recognition. Signed in: the rounds, nominating. Coordinators: opening a round, closing
nominations (which assigns the reviewers), the results and the winners. Reviewers: their blind assignments."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub import reviewing
from learning_hub.errors import Conflict, ValidationError
from learning_hub.recognition import bp, services
from learning_hub.recognition.forms import EmptyForm, NominationForm, RoundForm, WinnersForm
from learning_hub.reviewing_forms import score_form
from learning_hub.showcase import vocab as showcase_vocab

REFUSALS = (Conflict, ValidationError)


@bp.route("/showcase/recognition")
def index():
    return render_template(
        "recognition/index.html",
        rounds=services.rounds(),
        coordinator=services.is_coordinator(current_user),
        areas=showcase_vocab.PROGRAMME_AREAS,
    )


@bp.route("/showcase/recognition/new", methods=["GET", "POST"])
def new_round():
    form = RoundForm(reviewer_choices=reviewing.reviewer_choices())
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                created = services.open_round(current_user, form.to_input())
            except REFUSALS as exc:
                form.show_refusal(exc)
                status = exc.status_code
            else:
                flash(_("The round is open for nominations."), "success")
                return redirect(url_for("recognition.round_page", round_id=created.id))
        else:
            status = 422
    return render_template("recognition/new.html", form=form), status


@bp.route("/showcase/recognition/<id:round_id>")
def round_page(round_id: int):
    found = services.get_round(round_id)
    is_reviewer = reviewing.is_reviewer(current_user, found.panel)
    submitted, assigned = reviewing.progress(found.panel)
    return render_template(
        "recognition/round.html",
        round=found,
        areas=showcase_vocab.PROGRAMME_AREAS,
        open_now=services.is_open_for_nominations(found),
        is_reviewer=is_reviewer,
        # the nominations' titles only for coordinators who are not on this round's panel
        coordinator=services.can_see_results(current_user, found),
        titles=services.coordinator_names(found) if services.can_see_results(current_user, found) else {},
        submitted=submitted,
        assigned=assigned,
        form=EmptyForm(),
    )


@bp.route("/showcase/recognition/<id:round_id>/nominate", methods=["GET", "POST"])
def nominate(round_id: int):
    found = services.get_round(round_id)
    form = NominationForm(stories=services.nominable_stories(found))
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.nominate(current_user, round_id, form.story.data, form.statement.data)
            except REFUSALS as exc:
                form.show_refusal(exc)
                status = exc.status_code
            else:
                flash(_("Thank you: your nomination is recorded."), "success")
                return redirect(url_for("recognition.round_page", round_id=round_id))
        else:
            status = 422
    return render_template(
        "recognition/nominate.html", round=found, form=form, open_now=services.is_open_for_nominations(found)
    ), status


@bp.route("/showcase/recognition/<id:round_id>/assign", methods=["POST"])
def assign(round_id: int):
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            loads = services.start_review(current_user, round_id)
        except Conflict as exc:
            flash(exc.message, "error")
        else:
            flash(
                _(
                    "Nominations are closed and the reviewers assigned: each reads between %(low)s and %(high)s.",
                    low=min(loads.values()),
                    high=max(loads.values()),
                ),
                "success",
            )
    return redirect(url_for("recognition.round_page", round_id=round_id))


@bp.route("/showcase/recognition/<id:round_id>/reviews")
def my_reviews(round_id: int):
    found, rows = services.my_reviews(current_user, round_id)
    return render_template("recognition/my_reviews.html", round=found, rows=rows)


@bp.route("/showcase/recognition/reviews/<id:review_id>", methods=["GET", "POST"])
def review(review_id: int):
    found, row, blind = services.review(current_user, review_id)
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
                return redirect(url_for("recognition.my_reviews", round_id=found.id))
        else:
            status = 422
    return render_template(
        "recognition/review.html",
        round=found,
        row=row,
        nomination=blind,
        form=form,
        areas=showcase_vocab.PROGRAMME_AREAS,
        levels=showcase_vocab.LEVELS,
        evidence_kinds=showcase_vocab.EVIDENCE_KINDS,
    ), status


@bp.route("/showcase/recognition/<id:round_id>/results", methods=["GET", "POST"])
def results(round_id: int):
    found, ranked, unscored = services.results(current_user, round_id)
    form = WinnersForm()
    form.winners.choices = [(n.id, n.story.title) for n in found.nominations]
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.decide(current_user, round_id, form.winners.data)
            except REFUSALS as exc:
                form.show_refusal(exc)
                status = exc.status_code
            else:
                flash(_("The winners are recorded and featured on the showcase."), "success")
                return redirect(url_for("recognition.results", round_id=round_id))
        else:
            status = 422
    return render_template(
        "recognition/results.html",
        round=found,
        ranked=ranked,
        unscored=unscored,
        criteria=found.panel.criteria,
        reviewers=reviewing.reviewer_names(found.panel),
        form=form,
    ), status
