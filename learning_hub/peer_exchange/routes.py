"""Coordinators' pages: runs, a new run, review (lock, reject, swap), re-run, publish, compare, export, health.

Thin: build the form, validate, call one service, flash and redirect (or render). Objects that do not exist are 404
through the domain errors; business-rule refusals are flashed.
"""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub import audit, engine
from learning_hub.computations import Status
from learning_hub.errors import Conflict, ValidationError
from learning_hub.peer_exchange import bp, compare, exports, health, services, swap, unpublish
from learning_hub.peer_exchange.forms import (
    CompareForm,
    PairStateForm,
    PublishForm,
    RerunForm,
    RunForm,
    SwapForm,
    UnpublishForm,
)
from learning_hub.security import safe_next

REFUSALS = (Conflict, ValidationError)


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def _back(run_id: int, anchor: str = "") -> str:
    default = url_for("peer_exchange.run", run_id=run_id)
    return safe_next(request.form.get("next"), default) + (f"#{anchor}" if anchor else "")


@bp.route("/runs")
def runs():
    runs = services.list_runs(current_user, _page())
    return render_template("peer_exchange/runs.html", runs=runs, matched=health.matched_now(r.id for r in runs.items))


@bp.route("/runs/new", methods=["GET", "POST"])
def new_run():
    form = RunForm()
    if form.validate_on_submit():
        try:
            run = services.start_run(current_user, form.params(), name=form.name.data)
        except REFUSALS as exc:
            form.show_refusal(exc)
        else:
            flash(_("The run has started. This page shows its progress."), "success")
            return redirect(url_for("peer_exchange.run", run_id=run.id))
    failed = bool(form.errors or form.form_errors)
    return render_template("peer_exchange/new_run.html", form=form), 422 if failed else 200


@bp.route("/runs/<id:run_id>")
def run(run_id: int):
    run = services.get_run(current_user, run_id)
    filters, notes = services.clean_filters(request.args)
    pairs = services.review_page(run, filters, _page()) if run.is_finished else None
    params = run.params or {}
    return render_template(
        "peer_exchange/run.html",
        run=run,
        pairs=pairs,
        filters=filters,
        notes=notes,
        counts=services.state_counts(run),
        matched_now=health.matched_now([run.id])[run.id],
        countries=services.run_countries(run),
        rerun_form=RerunForm(
            per_person=params.get("per_person", 2), min_score=engine.fit_percent(params.get("min_score"))
        ),
        state_form=PairStateForm(),
        undo=unpublish.undo_state(run),
        undo_minutes=unpublish.UNDO_MINUTES,
        unpublish_form=UnpublishForm(),
    )


@bp.route("/runs/<id:run_id>/pairs/<id:pair_id>/state", methods=["POST"])
def set_pair_state(run_id: int, pair_id: int):
    form = PairStateForm()
    if not form.validate_on_submit():
        services.get_pair(services.get_run(current_user, run_id), pair_id)
        flash(_("Choose to lock, reject or restore the pair."), "error")
        return redirect(_back(run_id))
    try:
        pair = services.set_pair_state(current_user, run_id, pair_id, form.state.data)
    except REFUSALS as exc:
        flash(exc.message, "error")
    else:
        flash(
            {
                "locked": _("Pair locked: re-runs keep it."),
                "rejected": _("Pair rejected: re-runs exclude it."),
                "suggested": _("Pair restored."),
            }[pair.state],
            "success",
        )
    return redirect(_back(run_id, f"pair-{pair_id}"))


@bp.route("/runs/<id:run_id>/pairs/<id:pair_id>/swap", methods=["GET", "POST"])
def swap_person(run_id: int, pair_id: int):
    form = SwapForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                new = swap.swap(current_user, run_id, pair_id, form.side.data, form.profile_id.data)
            except REFUSALS as exc:
                flash(exc.message, "error")
                status = exc.status_code
            else:
                flash(_("Swapped: the new pair is locked, the old one rejected."), "success")
                return redirect(url_for("peer_exchange.run", run_id=run_id, _anchor=f"pair-{new.id}"))
        else:
            flash(_("Choose a replacement from the list."), "error")
            status = 422
    side = (
        form.side.data if request.method == "POST" and form.side.data in ("a", "b") else request.args.get("side", "b")
    )
    plan = swap.plan(current_user, run_id, pair_id, side)
    return render_template("peer_exchange/swap.html", plan=plan, run=plan.run, pair=plan.pair, form=SwapForm()), status


@bp.route("/runs/<id:run_id>/rerun", methods=["POST"])
def rerun(run_id: int):
    form = RerunForm()
    if not form.validate_on_submit():
        services.get_run(current_user, run_id)
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("peer_exchange.run", run_id=run_id))
    try:
        child = services.rerun(
            current_user, run_id, per_person=form.per_person.data, min_score=engine.min_score_for(form.min_score.data)
        )
    except REFUSALS as exc:
        flash(exc.message, "error")
        return redirect(url_for("peer_exchange.run", run_id=run_id))
    flash(
        _("A new run has started from this one, keeping its locked pairs and excluding its rejected ones."), "success"
    )
    return redirect(url_for("peer_exchange.run", run_id=child.id))


@bp.route("/runs/<id:run_id>/publish", methods=["GET", "POST"])
def publish(run_id: int):
    """GET: what publishing will do (to how many people, and to the earlier suggestions); POST: publish."""
    run = services.get_run(current_user, run_id)
    form = PublishForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.publish(current_user, run_id, form.mode.data)
        except REFUSALS as exc:
            flash(exc.message, "error")
        else:
            flash(_("Published: participants now see their suggested peers on their dashboard."), "success")
            flash(
                _(
                    "Published by mistake? You can unpublish from this page for %(num)s minutes.",
                    num=unpublish.UNDO_MINUTES,
                ),
                "info",
            )
        return redirect(url_for("peer_exchange.run", run_id=run_id))
    if run.status != Status.READY:
        flash(_("Only a finished, unpublished run can be published."), "error")
        return redirect(url_for("peer_exchange.run", run_id=run_id))
    preview = services.publish_preview(current_user, run_id)
    status = 422 if form.errors else 200
    return render_template(
        "peer_exchange/publish.html", run=run, form=form, preview=preview, undo_minutes=unpublish.UNDO_MINUTES
    ), status


@bp.route("/runs/<id:run_id>/unpublish", methods=["POST"])
def unpublish_run(run_id: int):
    """Undo a publication, within its window and while nobody has acted on a suggestion."""
    services.get_run(current_user, run_id)
    if UnpublishForm().validate_on_submit():
        try:
            done = unpublish.unpublish(current_user, run_id)
        except REFUSALS as exc:
            flash(exc.message, "error")
        else:
            flash(_("Unpublished: participants no longer see this run's suggestions."), "success")
            if done.emails_cancelled:
                flash(
                    _("%(num)s suggestion email(s) had not left yet and were cancelled.", num=done.emails_cancelled),
                    "info",
                )
            if done.emails_gone:
                flash(
                    _(
                        "%(num)s suggestion email(s) had already been sent and cannot be recalled; their links now "
                        "say the suggestion is not available.",
                        num=done.emails_gone,
                    ),
                    "warning",
                )
    return redirect(url_for("peer_exchange.run", run_id=run_id))


@bp.route("/runs/compare")
def compare_runs():
    form = CompareForm(request.args)
    form.a.choices = form.b.choices = compare.run_choices(current_user)
    comparison, status = None, 200
    if "a" in request.args or "b" in request.args:
        if form.validate():
            comparison = compare.compare(current_user, form.a.data, form.b.data)
        else:
            status = 422
    return render_template("peer_exchange/compare.html", form=form, comparison=comparison), status


@bp.route("/runs/<id:run_id>/export.<any(csv, xlsx):fmt>")
def export(run_id: int, fmt: str):
    run = services.get_run(current_user, run_id)
    personal = request.args.get("personal") == "1"
    name = f"peer-exchange-run-{run.id}{'-personal' if personal else '-anonymous'}.{fmt}"
    if personal:
        audit.record_read(
            current_user,
            "export.personal_data",
            target_type="match_run",
            target_id=run.id,
            what="match list",
            format=fmt,
        )
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    if fmt == "csv":
        return Response(exports.to_csv(run, personal), mimetype="text/csv", headers=headers)
    return Response(
        exports.to_xlsx(run, personal),
        headers=headers,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.route("/runs/<id:run_id>/health")
def run_health(run_id: int):
    run = services.get_run(current_user, run_id)
    return render_template("peer_exchange/health.html", run=run, health=health.panel(run))
