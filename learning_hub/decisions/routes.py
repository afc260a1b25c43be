"""Coordinators' pages: the re-ranker's state and versions, retrain now, and what it changes in a run's list."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub.decisions import bp, services
from learning_hub.decisions.forms import RetrainForm
from learning_hub.extensions import db
from learning_hub.models import MatchRun


@bp.route("/")
def index():
    runs = list(db.session.scalars(db.select(MatchRun).order_by(MatchRun.id.desc()).limit(10)))
    return render_template("decisions/index.html", status=services.status(current_user), form=RetrainForm(), runs=runs)


@bp.route("/retrain", methods=["POST"])
def retrain():
    form = RetrainForm()
    if form.validate_on_submit():
        services.request_retrain(current_user)
        flash(_("The re-ranker is being refitted on the recorded decisions."), "success")
    return redirect(url_for("decisions.index"))


@bp.route("/runs/<id:run_id>")
def run_changes(run_id: int):
    changes = services.run_changes(current_user, run_id)
    model = services.latest_model()
    return render_template("decisions/run.html", changes=changes, reason=services.why_not_applied(model), latest=model)
