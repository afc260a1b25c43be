"""Landing page, dashboard, health check, language picker, job status."""

from __future__ import annotations

from flask import current_app, jsonify, redirect, render_template, request, session
from flask_login import current_user

from learning_hub.extensions import db
from learning_hub.main import bp, services
from learning_hub.main.dashboard import panels_for
from learning_hub.security import is_get_page, page_to_return_to


@bp.route("/")
def index():
    return render_template("main/index.html", figures=services.landing_figures())


@bp.route("/dashboard")
def dashboard():
    return render_template(
        "main/dashboard.html", panels=panels_for(current_user), completeness=services.profile_completeness(current_user)
    )


@bp.route("/healthz")
def healthz():
    body, ok = services.health()
    return jsonify(body), 200 if ok else 503


@bp.route("/language", methods=["POST"])
def set_language():
    """The language picker: remembered on the account when signed in, in the session otherwise."""
    from learning_hub.auth.forms import ConfirmForm

    code = request.form.get("locale", "")
    if ConfirmForm().validate_on_submit() and code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    target = request.form.get("next")
    return redirect(target if is_get_page(target) else page_to_return_to())


@bp.route("/jobs/<id:job_id>")
def job_status(job_id: int):
    job = services.job_for(current_user, job_id)
    body = {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "progress": job.progress,
        "message": job.message,
        "error": job.error if job.status == "failed" else None,
    }
    if request.accept_mimetypes.best == "application/json" or request.args.get("format") == "json":
        return jsonify(body)
    return render_template("main/job.html", job=job)
