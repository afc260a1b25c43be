"""Organisers' pages: the roundtables, create and edit (with the quotas restated in plain words), the generated list
(pin, remove, regenerate), invitations and reminders.

Thin: build the form, validate, call one service, flash and redirect (or render). Objects that do not exist are 404
through the domain errors; business-rule refusals are flashed or shown on the form.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learning_hub.errors import Conflict, ValidationError
from learning_hub.models.roundtable import Rsvp
from learning_hub.roundtables import bp, invitations, pages, services, withdraw
from learning_hub.roundtables import people as people_mod
from learning_hub.roundtables.forms import (
    ActionForm,
    PersonForm,
    ReminderForm,
    RoundtableForm,
    initial_data,
    who_groups,
)
from learning_hub.roundtables.generate import ListRules
from learning_hub.roundtables.quotas import InfeasibleQuotas

REFUSALS = (Conflict, ValidationError)


def _detail(roundtable_id: int, anchor: str | None = None) -> str:
    return url_for("roundtables.detail", roundtable_id=roundtable_id, _anchor=anchor)


@bp.route("/")
def index():
    page = max(1, request.args.get("page", 1, type=int) or 1)
    return render_template("roundtables/index.html", roundtables=services.list_roundtables(current_user, page))


def _show_refusal(form: RoundtableForm, exc) -> None:
    if isinstance(exc, InfeasibleQuotas):
        for key, words in exc.hints.items():
            if key == "max_per_country":
                form.max_per_country.errors = [*list(form.max_per_country.errors), words]
            else:
                form.hints[key] = words
    form.show_refusal(exc)


def _form_page(form: RoundtableForm, roundtable=None):
    """Shared by create and edit: "Check the quotas" re-renders with each quota in plain words; saving generates the
    list, and a refusal (conflicting quotas included) re-renders the form with everything kept."""
    form.hints = {}
    status = 200
    if form.is_submitted():
        valid = form.validate()
        checking = getattr(form, "check", None) is not None and form.check.data
        if valid and not checking:
            try:
                if roundtable is None:
                    saved = services.create(current_user, form.details(), form.rules())
                else:
                    rules = form.rules() if not form.lock_rules else ListRules.of(roundtable)
                    saved = services.update(current_user, roundtable.id, form.details(), rules)
            except REFUSALS as exc:
                _show_refusal(form, exc)
                status = exc.status_code
            else:
                flash(
                    _("Saved. The list below was generated for the current rules.")
                    if saved.is_planning
                    else _("Saved."),
                    "success",
                )
                return redirect(_detail(saved.id))
        elif not valid:
            status = 422
    else:
        form.restate()
    if not form.lock_rules:
        form.add_blank_rows()
    return render_template("roundtables/form.html", form=form, roundtable=roundtable, who_groups=who_groups()), status


@bp.route("/new", methods=["GET", "POST"])
def new():
    return _form_page(RoundtableForm(people_choices=people_mod.listed_choices()))


@bp.route("/<id:roundtable_id>/edit", methods=["GET", "POST"])
def edit(roundtable_id: int):
    roundtable = services.get(current_user, roundtable_id)
    kwargs = {} if request.method == "POST" else {"data": initial_data(roundtable)}
    form = RoundtableForm(
        people_choices=people_mod.listed_choices() if roundtable.is_planning else (),
        lock_rules=not roundtable.is_planning,
        **kwargs,
    )
    return _form_page(form, roundtable)


@bp.route("/<id:roundtable_id>")
def detail(roundtable_id: int):
    roundtable = services.get(current_user, roundtable_id)
    view = pages.overview(roundtable)
    reminder = ReminderForm()
    reminder.invitees.choices = [
        (line.row.id, line.name) for line in view.invitees if line.row.rsvp == Rsvp.PENDING and line.profile is not None
    ]
    from learning_hub.cocreation.workshops import workshop_of  # co-creation builds on roundtables, not the reverse
    from learning_hub.support.roundtables import partner_view  # so does implementation support

    return render_template(
        "roundtables/detail.html",
        view=view,
        rt=roundtable,
        workshop=workshop_of(current_user, roundtable.id),
        partner=partner_view(roundtable.id),
        person_form=PersonForm(),
        action_form=ActionForm(),
        reminder_form=reminder,
        withdrawable=withdraw.state(roundtable),
    )


@bp.route("/<id:roundtable_id>/generate", methods=["POST"])
def regenerate(roundtable_id: int):
    ActionForm().validate_on_submit()  # CSRF is checked globally; the form has no fields of its own
    try:
        services.regenerate(current_user, roundtable_id)
    except REFUSALS as exc:
        flash(exc.message, "error")
    else:
        flash(_("A new list was generated, keeping your pins and exclusions."), "success")
    return redirect(_detail(roundtable_id))


PERSON_MESSAGES = {
    "pin": _l("Pinned: the list was regenerated with this person kept on it."),
    "unpin": _l("Unpinned: the list was regenerated."),
    "exclude": _l("Removed: the list was regenerated without this person."),
    "include": _l("Restored: this person may be listed again; the list was regenerated."),
}


@bp.route("/<id:roundtable_id>/people/<id:profile_id>", methods=["POST"])
def set_person(roundtable_id: int, profile_id: int):
    form = PersonForm()
    if not form.validate_on_submit():
        services.get(current_user, roundtable_id)
        flash(_("Choose to pin, unpin, remove or restore the person."), "error")
        return redirect(_detail(roundtable_id))
    try:
        services.set_person(current_user, roundtable_id, profile_id, form.action.data)
    except REFUSALS as exc:
        flash(exc.message, "error")
    else:
        flash(str(PERSON_MESSAGES[form.action.data]), "success")
    return redirect(_detail(roundtable_id, "list"))


@bp.route("/<id:roundtable_id>/invite", methods=["GET", "POST"])
def send_invitations(roundtable_id: int):
    """GET: who will be emailed, and that sending fixes the list; POST: send."""
    if request.method == "GET":
        roundtable = services.get(current_user, roundtable_id)
        return render_template(
            "roundtables/confirm_invitations.html",
            rt=roundtable,
            people=invitations.not_invited_yet(current_user, roundtable_id),
            action_form=ActionForm(),
            undo_minutes=withdraw.UNDO_MINUTES,
        )
    ActionForm().validate_on_submit()
    try:
        invitations.send_invitations(current_user, roundtable_id)
    except REFUSALS as exc:
        flash(exc.message, "error")
    else:
        flash(
            _(
                "The invitations are on their way. Answers appear on this page; an invitation that cannot be "
                "delivered is listed on your dashboard."
            ),
            "success",
        )
    return redirect(_detail(roundtable_id))


@bp.route("/<id:roundtable_id>/invite/withdraw", methods=["POST"])
def withdraw_invitations(roundtable_id: int):
    """Take back the recent invitations whose email has not left yet."""
    services.get(current_user, roundtable_id)
    if ActionForm().validate_on_submit():
        try:
            done = withdraw.withdraw(current_user, roundtable_id)
        except REFUSALS as exc:
            flash(exc.message, "error")
        else:
            flash(_("%(num)s invitation(s) withdrawn before their email left.", num=done.withdrawn), "success")
            if done.gone:
                flash(
                    _(
                        "%(num)s invitation email(s) had already been sent and cannot be taken back; those "
                        "invitations stand.",
                        num=done.gone,
                    ),
                    "warning",
                )
    return redirect(_detail(roundtable_id))


@bp.route("/<id:roundtable_id>/people/<id:profile_id>/invite", methods=["POST"])
def invite_substitute(roundtable_id: int, profile_id: int):
    ActionForm().validate_on_submit()
    try:
        invitations.invite_substitute(current_user, roundtable_id, profile_id)
    except REFUSALS as exc:
        flash(exc.message, "error")
    else:
        flash(_("Invited from the waiting list."), "success")
    return redirect(_detail(roundtable_id, "list"))


@bp.route("/<id:roundtable_id>/remind", methods=["POST"])
def remind(roundtable_id: int):
    roundtable = services.get(current_user, roundtable_id)
    form = ReminderForm()
    form.invitees.choices = [(row.id, str(row.id)) for row in invitations.pending_invitees(roundtable)]
    if not form.validate_on_submit():
        flash(_("Choose at least one person who has not answered yet."), "error")
        return redirect(_detail(roundtable_id, "reminders"))
    try:
        invitations.remind(current_user, roundtable_id, form.invitees.data)
    except REFUSALS as exc:
        flash(exc.message, "error")
    else:
        flash(_("Reminders are on their way."), "success")
    return redirect(_detail(roundtable_id, "reminders"))


@bp.context_processor
def _template_helpers():
    from learning_hub.roundtables import times

    return {"rt_when": times.when}
