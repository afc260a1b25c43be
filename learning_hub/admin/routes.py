"""Admin pages: find accounts, grant roles, deactivate."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub import audit
from learning_hub.admin import bp, services
from learning_hub.admin.forms import ActiveForm, RolesForm
from learning_hub.auth import services as account_services
from learning_hub.errors import DomainError
from learning_hub.models import GRANTABLE_ROLES


@bp.route("/schedule")
def schedule():
    """The periodic tasks (`flask schedule run-due`): interval, last run, its figures or error."""
    from learning_hub.scheduler import overview

    return render_template("admin/schedule.html", tasks=overview())


@bp.route("/users")
def users():
    page = request.args.get("page", 1, type=int)
    pagination = services.list_users(request.args.get("q", ""), request.args.get("role", ""), max(1, page))
    return render_template(
        "admin/users.html",
        pagination=pagination,
        roles_form=RolesForm(),
        active_form=ActiveForm(),
        grantable=[r.value for r in GRANTABLE_ROLES],
    )


@bp.route("/users/<id:user_id>/roles", methods=["POST"])
def user_roles(user_id: int):
    form = RolesForm()
    if form.validate_on_submit():
        wanted = {r.value for r in GRANTABLE_ROLES if getattr(form, r.value).data}
        try:
            user = account_services.set_roles(current_user, user_id, wanted)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Roles saved for %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.users", q=request.args.get("q", "")))


@bp.route("/users/<id:user_id>/active", methods=["POST"])
def user_active(user_id: int):
    form = ActiveForm()
    if form.validate_on_submit():
        try:
            user = account_services.set_active(current_user, user_id, request.form.get("active") == "1")
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(
                _(
                    "%(email)s is now %(state)s.",
                    email=user.email,
                    state=_("active") if user.active else _("deactivated"),
                ),
                "success",
            )
    return redirect(url_for("admin.users", q=request.args.get("q", "")))


@bp.route("/audit")
def audit_log():
    """The audit log, newest first, filtered by actor, action and dates (UTC), 50 rows a page."""
    filters = audit.filters_from(request.args)
    pagination = audit.page(filters, request.args.get("page", 1, type=int))
    return render_template("admin/audit.html", pagination=pagination, filters=filters, actions=audit.ACTIONS)


@bp.route("/audit.csv")
def audit_export():
    """The filtered log as CSV (every matching row); the export itself is recorded."""
    filters = audit.filters_from(request.args)
    body = audit.to_csv(filters)
    audit.record_read(
        current_user,
        "audit.exported",
        target_type="audit_log",
        actor_filter=filters.actor,
        action_filter=filters.action,
        since=filters.since,
        until=filters.until,
    )
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"', "Cache-Control": "no-store"},
    )
