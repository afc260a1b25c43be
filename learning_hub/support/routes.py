"""Pages under /support: my support requests and connections, a new request, one request (with the ranked offers
for coordinators), the coordinators' triage queue, a connection and its answers, the pipeline board and its CSV.
Object routes take integer ids only, so other pages under /support stay free."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub import vocab
from learning_hub.errors import Conflict, DomainError, Forbidden, NotFound, ValidationError
from learning_hub.models import utcnow
from learning_hub.partners import services as partners
from learning_hub.partners import vocab as partner_vocab
from learning_hub.support import bp, brokering, connections, services
from learning_hub.support import roundtables as partner_roundtables
from learning_hub.support.forms import (
    AdvanceForm,
    CloseForm,
    DeclineForm,
    EmptyForm,
    NeedForm,
    PartnerRoundtableForm,
    ProposeForm,
)

LABELS = {
    "kinds": partner_vocab.SUPPORT_KINDS,
    "need_states": partner_vocab.NEED_STATES,
    "connection_states": partner_vocab.CONNECTION_STATES,
}


def _need_or_404(need_id: int):
    try:
        return services.get_request(current_user, need_id)
    except NotFound:
        abort(404)


def _connection_or_404(connection_id: int):
    try:
        return connections.get_connection(current_user, connection_id)
    except NotFound:
        abort(404)


@bp.route("/support")
def index():
    return render_template(
        "support/index.html",
        needs=services.my_requests(current_user),
        connections=connections.my_connections(current_user),
        is_coordinator=partners.is_coordinator(current_user),
        can_start_roundtable=partner_roundtables.can_start(current_user),
        **LABELS,
    )


def _need_form(obj=None) -> NeedForm:
    reforms = current_user.profile.reforms if current_user.profile else []
    return NeedForm(obj=obj, reforms=reforms, drafts=services.my_drafts(current_user))


@bp.route("/support/new", methods=["GET", "POST"])
def new():
    form = _need_form()
    if request.method == "GET" and current_user.profile is not None and not form.country.data:
        form.country.data = current_user.profile.country
    if form.validate_on_submit():
        try:
            need = services.create_request(current_user, form.to_input())
        except DomainError as exc:
            form.show_refusal(exc)
        else:
            flash(_("Your request is with the coordinators."), "success")
            return redirect(url_for("support.need", need_id=need.id))
    return render_template("support/need_form.html", form=form, need=None)


@bp.route("/support/<id:need_id>")
def need(need_id: int):
    row = _need_or_404(need_id)
    coordinator = partners.is_coordinator(current_user)
    proposed = {c.offer_id for c in row.connections}
    return render_template(
        "support/need.html",
        need=row,
        is_coordinator=coordinator,
        mine=current_user.profile is not None and row.requester_id == current_user.profile.id,
        fits=brokering.offers_for_need(row) if coordinator else [],
        proposed=proposed,
        propose_form=ProposeForm(),
        close_form=CloseForm(),
        today=utcnow().date(),
        **LABELS,
    )


@bp.route("/support/<id:need_id>/edit", methods=["GET", "POST"])
def edit(need_id: int):
    row = _need_or_404(need_id)
    if current_user.profile is None or row.requester_id != current_user.profile.id:
        abort(403)
    form = _need_form(obj=row)
    if form.validate_on_submit():
        try:
            services.update_request(current_user, row.id, form.to_input())
        except DomainError as exc:
            form.show_refusal(exc)
        else:
            flash(_("Request saved."), "success")
            return redirect(url_for("support.need", need_id=row.id))
    return render_template("support/need_form.html", form=form, need=row)


@bp.route("/support/<id:need_id>/close", methods=["POST"])
def close(need_id: int):
    row = _need_or_404(need_id)
    form = CloseForm()
    if form.validate_on_submit():
        try:
            services.close_request(current_user, row.id, form.outcome.data)
        except Forbidden:
            abort(403)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Request closed."), "success")
    return redirect(url_for("support.need", need_id=row.id))


@bp.route("/support/<id:need_id>/propose", methods=["POST"])
def propose(need_id: int):
    row = _need_or_404(need_id)
    form = ProposeForm()
    if form.validate_on_submit():
        try:
            connection = connections.propose(current_user, row.id, int(form.offer_id.data), form.reason.data)
        except (ValueError, NotFound):
            abort(404)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Connection proposed; both sides are asked to accept."), "success")
            return redirect(url_for("support.connection", connection_id=connection.id))
    return redirect(url_for("support.need", need_id=row.id))


@bp.route("/support/triage")
def triage():
    return render_template(
        "support/triage.html", rows=services.triage(current_user), alert_days=services.ALERT_WORKING_DAYS, **LABELS
    )


@bp.route("/support/connections/<id:connection_id>")
def connection(connection_id: int):
    row = _connection_or_404(connection_id)
    return render_template(
        "support/connection.html",
        connection=row,
        side=connections.side_of(current_user, row),
        is_coordinator=partners.is_coordinator(current_user),
        next_states=connections.next_states(row),
        button=EmptyForm(),
        decline_form=DeclineForm(),
        advance_form=AdvanceForm(),
        **LABELS,
    )


def _act(connection_id: int, call):
    row = _connection_or_404(connection_id)
    try:
        call(row)
    except Forbidden:
        abort(403)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Saved."), "success")
    return redirect(url_for("support.connection", connection_id=row.id))


@bp.route("/support/connections/<id:connection_id>/accept", methods=["POST"])
def accept(connection_id: int):
    _connection_or_404(connection_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("support.connection", connection_id=connection_id))
    return _act(connection_id, lambda row: connections.accept(current_user, row.id))


@bp.route("/support/connections/<id:connection_id>/decline", methods=["POST"])
def decline(connection_id: int):
    _connection_or_404(connection_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        flash(_("Say why, in a few words."), "error")
        return redirect(url_for("support.connection", connection_id=connection_id))
    return _act(connection_id, lambda row: connections.decline(current_user, row.id, form.reason.data))


@bp.route("/support/connections/<id:connection_id>/advance", methods=["POST"])
def advance(connection_id: int):
    _connection_or_404(connection_id)
    form = AdvanceForm()
    if not form.validate_on_submit():
        return redirect(url_for("support.connection", connection_id=connection_id))
    return _act(connection_id, lambda row: connections.advance(current_user, row.id, form.to.data))


def _pipeline_filters():
    country = (request.args.get("country") or "").upper()
    area = request.args.get("area")
    return (country if vocab.is_country(country) else None, area if area in vocab.POLICY_AREAS else None)


@bp.route("/support/pipeline")
def pipeline():
    country, area = _pipeline_filters()
    return render_template(
        "support/pipeline.html",
        columns=connections.pipeline(current_user, country, area),
        by_country=connections.counts_by_country_and_state(current_user),
        country=country,
        area=area,
        areas=vocab.POLICY_AREAS,
        **LABELS,
    )


@bp.route("/support/pipeline.csv")
def pipeline_csv():
    country, area = _pipeline_filters()
    body = connections.pipeline_csv(current_user, country, area)
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="support-pipeline.csv"'},
    )


# --- partner roundtables


def _need_choices(needs) -> list[tuple[int, str]]:
    return [(need.id, f"{need.title} ({vocab.country_name(need.country)})") for need in needs]


@bp.route("/support/roundtables/new", methods=["GET", "POST"])
def new_roundtable():
    """A roundtable started from two or more support requests: the engine proposes partner seats for them and
    pins the reformers behind them, under the quotas below."""
    from learning_hub.roundtables import people as people_mod
    from learning_hub.roundtables.forms import who_groups
    from learning_hub.roundtables.routes import _show_refusal

    needs = partner_roundtables.choosable_needs()
    kwargs = {}
    if request.method == "GET":
        picked = [n for n in needs if n.id in set(request.args.getlist("needs", type=int))]
        kwargs["data"] = {
            "title": _("Partner roundtable"),
            "topic": " ".join(n.text for n in picked)[:4000],
            "needs": [n.id for n in picked],
        }
    form = PartnerRoundtableForm(
        people_choices=people_mod.listed_choices(), need_choices=_need_choices(needs), **kwargs
    )
    form.hints = {}
    status = 200
    if form.is_submitted():
        valid = form.validate()
        if valid and not form.check.data:
            try:
                started = partner_roundtables.start(current_user, form.needs.data, form.details(), form.rules())
            except (Conflict, ValidationError) as exc:
                _show_refusal(form, exc)
                status = exc.status_code
            else:
                flash(
                    _("Partner roundtable created: partner seats proposed, and its list generated under the quotas."),
                    "success",
                )
                for need in started.unlisted:
                    flash(
                        _(
                            "The reformer behind “%(title)s” is not listed in the directory, so they are not on the "
                            "list; invite them yourself.",
                            title=need.title,
                        ),
                        "info",
                    )
                return redirect(url_for("roundtables.detail", roundtable_id=started.roundtable.id))
        elif not valid:
            status = 422
    else:
        form.restate()
    form.add_blank_rows()
    return render_template(
        "support/roundtable_form.html",
        form=form,
        roundtable=None,
        who_groups=who_groups(),
        heading=_("New partner roundtable"),
    ), status
