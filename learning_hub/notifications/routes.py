"""Pages: my notifications and their channels, the signed-out unsubscribe link, the check-in form, the funnel."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from learning_hub.errors import NotFound, ValidationError
from learning_hub.extensions import csrf
from learning_hub.models import CHANNELS
from learning_hub.notifications import bp, followup, funnel, services
from learning_hub.notifications.forms import OUTCOME_LABELS, ActionForm, CheckInForm
from learning_hub.notifications.kinds import CHANNEL_LABELS
from learning_hub.security import safe_next
from learning_hub.spreadsheets import csv_text


@bp.app_context_processor
def _unread():
    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        try:
            return services.unread_count(current_user)
        except SQLAlchemyError:  # an error page after a failed transaction still renders, without the count
            return 0

    return {"unread_notifications": unread_notifications}


@bp.route("/notifications")
def index():
    page = request.args.get("page", 1, type=int)
    pagination, items = services.list_for(current_user, page=max(page, 1))
    return render_template(
        "notifications/index.html",
        pagination=pagination,
        items=items,
        form=ActionForm(),
        unread=services.unread_count(current_user),
    )


@bp.route("/notifications/<id:notification_id>/read", methods=["POST"])
def mark_read(notification_id: int):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    shown = services.mark_read(current_user, notification_id)
    if request.form.get("open") and shown.link:
        return redirect(safe_next(shown.link, url_for("notifications.index")))
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/read-all", methods=["POST"])
def mark_all_read():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    services.mark_all_read(current_user)
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/settings", methods=["GET", "POST"])
def settings():
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        choices = {
            row.kind: request.form.get(f"channel_{row.kind}", row.channel) for row in services.preferences(current_user)
        }
        try:
            services.set_channels(current_user, choices)
        except ValidationError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template(
        "notifications/settings.html",
        form=form,
        rows=services.preferences(current_user),
        channels=[(c, CHANNEL_LABELS[c]) for c in CHANNELS],
    )


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no session; the signed token is the key
def unsubscribe(token: str):
    try:
        _user, kind = services.read_token(token)
    except NotFound as exc:  # 400, as any refused form post: the link was altered or cut
        return render_template("notifications/unsubscribe.html", invalid=True, message=exc.message), 400
    if request.method == "POST":
        services.unsubscribe(token)
        return render_template("notifications/unsubscribe.html", done=True, kind_label=services.kind_label(kind))
    return render_template(
        "notifications/unsubscribe.html", done=False, kind_label=services.kind_label(kind), token=token
    )


@bp.route("/checkins/<id:checkin_id>", methods=["GET", "POST"])
def checkin(checkin_id: int):
    item = followup.get_checkin(current_user, checkin_id)
    form = CheckInForm(obj=None)
    if request.method == "GET" and item.answered_at is not None:
        form.met.data = "yes" if item.met else "no"
        form.outcome.data = item.outcome
        form.artefact_url.data = item.artefact_url
        form.story.data = item.story
        form.showcase_consent.data = item.showcase_consent
    if form.validate_on_submit():
        try:
            followup.answer(
                current_user,
                checkin_id,
                met=form.met.data == "yes",
                outcome=form.outcome.data,
                artefact_url=form.artefact_url.data or "",
                story=form.story.data or "",
                consent=form.showcase_consent.data,
            )
        except ValidationError as exc:
            form.show_refusal(exc, "artefact_url")
        else:
            flash(_("Thank you: your answer is saved."), "success")
            return redirect(url_for("notifications.checkin", checkin_id=checkin_id))
    return render_template("notifications/checkin.html", checkin=item, form=form, partner=followup.partner_label(item))


def _by() -> str:
    by = request.args.get("by", "country")
    return by if by in funnel.DIMENSIONS else "country"


@bp.route("/outcomes")
def outcomes():
    result = funnel.funnel(_by())
    return render_template(
        "notifications/outcomes.html",
        result=result,
        chart=funnel.chart(result),
        shown=funnel.shown,
        stages=funnel.STAGES,
        stage_labels=funnel.STAGE_LABELS,
        programme_labels=funnel.PROGRAMME_LABELS,
        dimensions=funnel.DIMENSIONS,
    )


@bp.route("/outcomes/export.csv")
def outcomes_export():
    rows = funnel.csv_rows(funnel.funnel(_by()))
    headers = {"Content-Disposition": f'attachment; filename="outcomes-by-{_by()}.csv"'}
    return Response(csv_text(rows[0], rows[1:]), mimetype="text/csv", headers=headers)


@bp.route("/outcomes/named")
def outcomes_named():
    return render_template(
        "notifications/named.html",
        rows=funnel.named_rows(),
        outcome_labels=OUTCOME_LABELS,
        programme_labels=funnel.PROGRAMME_LABELS,
    )


@bp.route("/outcomes/named.csv")
def outcomes_named_export():
    header = ["name", "country", "programme", "cohort", "day", "met", "outcome", "artefact_url", "story", "consent"]
    rows = [
        [r.name, r.country, r.programme, r.cohort, r.day, r.met, r.outcome, r.artefact_url, r.story, r.showcase_consent]
        for r in funnel.named_rows()
    ]
    headers = {"Content-Disposition": 'attachment; filename="outcomes-named.csv"'}
    return Response(csv_text(header, rows), mimetype="text/csv", headers=headers)
