"""The applied milestone (submitted from the course page) and the reviewer's pages. Thin: one service per action."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub.errors import DomainError
from learning_hub.learning import bp, milestones
from learning_hub.learning.forms import MilestoneForm, ReviewForm, VisibilityForm
from learning_hub.learning.routes import reading_language


@bp.route("/courses/<slug>/milestone", methods=["POST"])
def submit_milestone(slug: str):
    form = MilestoneForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("learning.course", slug=slug, _anchor="milestone"))
    try:
        _submission, review = milestones.submit(
            current_user,
            slug,
            form.text.data,
            form.link.data,
            form.show_on_certificate.data,
            reading_language(),
        )
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("learning.course", slug=slug, _anchor="milestone"))
    if review is not None:
        flash(
            _("Your milestone is submitted. A peer reviewer from another country has 14 days to review it."), "success"
        )
    else:
        flash(
            _("Your milestone is submitted. No reviewer is free right now: we will assign one as soon as possible."),
            "success",
        )
    return redirect(url_for("learning.course", slug=slug, _anchor="milestone"))


@bp.route("/courses/<slug>/milestone/visibility", methods=["POST"])
def milestone_visibility(slug: str):
    form = VisibilityForm()
    if form.validate_on_submit():
        try:
            submission = milestones.set_visibility(current_user, slug, form.show_on_certificate.data)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(
                _("Your certificate now shows your work.")
                if submission.show_on_certificate
                else _("Your certificate no longer shows your work, only its title and review."),
                "success",
            )
    return redirect(url_for("learning.course", slug=slug, _anchor="milestone"))


@bp.route("/learning/reviews")
def my_reviews():
    open_reviews, done = milestones.reviews_of(current_user)
    return render_template("learning/reviews.html", open_reviews=open_reviews, done=done)


@bp.route("/learning/reviews/<id:review_id>", methods=["GET", "POST"])
def review(review_id: int):
    item = milestones.review_for(current_user, review_id)
    form = ReviewForm()
    view = milestones.milestone_of(item.submission.course, reading_language())
    if view is None:
        abort(404)
    chosen = {cid: request.form.get(f"r-{cid}", "") for cid, _criterion in view.rubric}
    if request.method == "POST" and form.validate_on_submit():
        try:
            milestones.complete_review(current_user, review_id, chosen, form.comment.data)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Thank you: your review is sent to the author."), "success")
            return redirect(url_for("learning.my_reviews"))
    return render_template(
        "learning/review.html",
        review=item,
        view=view,
        form=form,
        chosen=chosen,
        levels=milestones.LEVEL_LABELS,
    )
