"""Coordinators' pages: the queue, cohort assignments (start, review, publish) and the report."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub.errors import Conflict, ValidationError
from learning_hub.mentoring import assign, bp, report
from learning_hub.mentoring.forms import ConfirmForm

REFUSALS = (Conflict, ValidationError)


@bp.route("/queue")
def queue():
    return render_template(
        "mentoring/queue.html", queued=report.unmatched(), assignments=assign.list_assignments(), confirm=ConfirmForm()
    )


@bp.route("/assignments", methods=["POST"])
def start_assignment():
    ConfirmForm().validate_on_submit()  # CSRF is checked globally; the form has no fields of its own
    try:
        assignment = assign.start(current_user)
    except REFUSALS as exc:
        flash(exc.message, "error")
        return redirect(url_for("mentoring.queue"))
    flash(_("The assignment is being computed. This page shows its progress."), "success")
    return redirect(url_for("mentoring.assignment", assignment_id=assignment.id))


@bp.route("/assignments/<id:assignment_id>")
def assignment(assignment_id: int):
    return render_template(
        "mentoring/assignment.html", a=assign.get_assignment(current_user, assignment_id), confirm=ConfirmForm()
    )


@bp.route("/assignments/<id:assignment_id>/rows/<id:row_id>/drop", methods=["POST"])
def drop_row(assignment_id: int, row_id: int):
    ConfirmForm().validate_on_submit()
    try:
        assign.drop_row(current_user, assignment_id, row_id)
    except REFUSALS as exc:
        flash(exc.message, "error")
    else:
        flash(_("Dropped: that request stays in the queue."), "info")
    return redirect(url_for("mentoring.assignment", assignment_id=assignment_id))


@bp.route("/assignments/<id:assignment_id>/publish", methods=["POST"])
def publish_assignment(assignment_id: int):
    ConfirmForm().validate_on_submit()
    try:
        counts = assign.publish(current_user, assignment_id)
    except REFUSALS as exc:
        flash(exc.message, "error")
    else:
        flash(
            _(
                "Published: %(offered)s requests sent to their mentors, %(stale)s no longer in the queue, "
                "%(skipped)s back in the queue (mentor unavailable).",
                **counts,
            ),
            "success",
        )
    return redirect(url_for("mentoring.assignment", assignment_id=assignment_id))


@bp.route("/report", endpoint="report")
def report_page():
    load = report.mentor_load()
    return render_template(
        "mentoring/report.html",
        counts=report.state_counts(),
        unmatched=report.unmatched(),
        load=load,
        load_chart=report.load_chart(load),
        satisfaction=report.satisfaction(),
        listed_mentors=report.listed_mentor_count(),
    )
