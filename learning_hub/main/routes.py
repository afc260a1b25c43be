"""Landing page, dashboard, health check, language picker, job status."""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub.extensions import db
from learning_hub.main import bp, services
from learning_hub.main.dashboard import panels_for
from learning_hub.security import is_get_page, page_to_return_to

HOME_STORIES = 3


@bp.route("/")
def index():
    from learning_hub.showcase import public

    stories = public.public_stories(limit=HOME_STORIES)  # never cached: a withdrawal shows on the next request
    return render_template(
        "main/index.html",
        figures=services.landing_figures(),
        stories=stories,
        story_names=public.public_names(stories),
    )


@bp.route("/dashboard")
def dashboard():
    from learning_hub.email import failed_count

    return render_template(
        "main/dashboard.html",
        panels=panels_for(current_user),
        completeness=services.profile_completeness(current_user),
        failed_emails=failed_count(current_user),
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
        "error": job.error if job.can_retry else None,
        "can_retry": job.can_retry,
    }
    if request.accept_mimetypes.best == "application/json" or request.args.get("format") == "json":
        return jsonify(body)
    from learning_hub.auth.forms import ConfirmForm

    return render_template("main/job.html", job=job, retry_form=ConfirmForm())


@bp.route("/jobs/<id:job_id>/retry", methods=["POST"])
def job_retry(job_id: int):
    """Start a failed or interrupted job again (every task is safe to run again: it skips what was done)."""
    from learning_hub import jobs
    from learning_hub.auth.forms import ConfirmForm

    job = services.job_for(current_user, job_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if jobs.retry(job):
        flash(_("The job was started again."), "success")
    else:
        flash(_("This job cannot be started again now."), "error")
    return redirect(url_for("main.job_status", job_id=job_id))


@bp.route("/emails")
def emails():
    """The emails my actions wrote (invitations, answers, notices): sent, waiting, or failed with a resend button."""
    from learning_hub import email
    from learning_hub.auth.forms import ConfirmForm

    return render_template("main/emails.html", rows=email.my_emails(current_user), resend_form=ConfirmForm())


@bp.route("/emails/<id:email_id>/resend", methods=["POST"])
def email_resend(email_id: int):
    from learning_hub import email
    from learning_hub.auth.forms import ConfirmForm

    if not ConfirmForm().validate_on_submit():
        abort(400)
    if email.resend(current_user, email_id):
        flash(_("The email will be sent again."), "success")
    else:
        flash(_("This email cannot be sent again."), "error")
    return redirect(url_for("main.emails"))
