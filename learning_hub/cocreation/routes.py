"""Pages of the co-creation workspace. Thin: build the form, call one service, flash and redirect (or render).
Objects a user may not see are 404 through the services' domain errors."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learning_hub import vocab
from learning_hub.cocreation import bp, compare, exports, hints, precedents, services, tasks, workshops
from learning_hub.cocreation.forms import (
    GROUPS,
    LEVELS,
    RESPONSES,
    ROLES,
    STATUSES,
    VALUES,
    ActionForm,
    CommentForm,
    DraftForm,
    MemberForm,
    ModerationForm,
    PlanForm,
    ResponseForm,
    StatusForm,
    WorkshopForm,
    draft_form_data,
)
from learning_hub.errors import Conflict, ValidationError
from learning_hub.roundtables import people as people_mod
from learning_hub.roundtables import times as rt_times
from learning_hub.roundtables.forms import who_groups
from learning_hub.roundtables.quotas import InfeasibleQuotas

REFUSALS = (Conflict, ValidationError)
LABELS = {
    "groups": GROUPS,
    "levels": LEVELS,
    "roles": ROLES,
    "statuses": STATUSES,
    "values": VALUES,
    "areas": vocab.POLICY_AREAS,
}
FIELD_LABELS = {
    "title": _l("Title"),
    "problem": _l("The problem"),
    "status_quo": _l("The status quo"),
    "commitment": _l("The commitment"),
    "values": _l("Open-government values it advances"),
    "values_text": _l("How it advances transparency, participation and/or accountability"),
    "stakeholders": _l("Stakeholders"),
    "areas": _l("Areas"),
    "milestones": _l("Milestones"),
}


@bp.route("")
def index():
    return render_template("cocreation/index.html", plans=services.visible_plans(current_user), labels=LABELS)


@bp.route("/plans/new", methods=["GET", "POST"])
def new_plan():
    form = PlanForm()
    if form.validate_on_submit():
        try:
            plan = services.create_plan(current_user, form.details())
        except REFUSALS as exc:
            form.show_refusal(exc)
        else:
            flash(_("Action plan created. Add the forum's members next."), "success")
            return redirect(url_for("cocreation.plan", plan_id=plan.id))
    return render_template("cocreation/plan_form.html", form=form), 200 if not form.errors else 422


@bp.route("/plans/<id:plan_id>")
def plan(plan_id: int):
    item = services.visible_plan(current_user, plan_id)
    facilitator = services.is_facilitator(current_user, item)
    status_form = StatusForm(status=item.status, is_public=item.is_public) if facilitator else None
    return render_template(
        "cocreation/plan.html",
        plan=item,
        labels=LABELS,
        me=item.member_for(current_user),
        can_edit=services.can_edit(current_user, item),
        facilitator=facilitator,
        counts=services.comment_counts(item),
        queue=services.moderation_queue(current_user, item),
        status_form=status_form,
        member_form=MemberForm() if facilitator else None,
        action_form=ActionForm(),
        moderation_form=ModerationForm(),
        unanswered={d.id: len(services.unanswered(d)) for d in item.drafts},
        workshops=workshops.plan_workshops(current_user, item),
        can_start_workshop=workshops.can_start(current_user, item),
    )


@bp.route("/plans/<id:plan_id>/status", methods=["POST"])
def plan_status(plan_id: int):
    form = StatusForm()
    if form.validate_on_submit():
        try:
            services.set_plan_status(current_user, plan_id, form.status.data, bool(form.is_public.data))
        except REFUSALS as exc:
            flash(exc.message, "error")
        else:
            flash(_("Saved."), "success")
    else:
        services.facilitated_plan(current_user, plan_id)
        flash(_("The form was not valid; nothing was changed."), "error")
    return redirect(url_for("cocreation.plan", plan_id=plan_id))


@bp.route("/plans/<id:plan_id>/members", methods=["POST"])
def add_member(plan_id: int):
    form = MemberForm()
    services.facilitated_plan(current_user, plan_id)
    if form.validate_on_submit():
        try:
            services.add_member(current_user, plan_id, form.email.data, form.stakeholder_group.data, form.role.data)
        except REFUSALS as exc:
            flash(exc.message, "error")
        else:
            flash(_("The forum was updated."), "success")
    else:
        flash(_("Give the email address of a person with an account."), "error")
    return redirect(url_for("cocreation.plan", plan_id=plan_id, _anchor="forum"))


@bp.route("/plans/<id:plan_id>/members/<id:member_id>/remove", methods=["POST"])
def remove_member(plan_id: int, member_id: int):
    if ActionForm().validate_on_submit():
        try:
            services.remove_member(current_user, plan_id, member_id)
        except REFUSALS as exc:
            flash(exc.message, "error")
        else:
            flash(_("The forum was updated."), "success")
    return redirect(url_for("cocreation.plan", plan_id=plan_id, _anchor="forum"))


@bp.route("/plans/<id:plan_id>/commitments/new", methods=["GET", "POST"])
def new_draft(plan_id: int):
    item = services.editable_plan(current_user, plan_id)
    form = DraftForm()
    if form.validate_on_submit():
        try:
            draft = services.create_draft(current_user, plan_id, form.content())
        except REFUSALS as exc:
            form.show_refusal(exc)
        else:
            tasks.schedule_embedding(draft, current_user)
            flash(_("Draft saved (version 1)."), "success")
            return redirect(url_for("cocreation.draft", draft_id=draft.id))
    return render_template("cocreation/draft_form.html", form=form, plan=item, draft=None), (
        422 if form.errors else 200
    )


@bp.route("/commitments/<id:draft_id>")
def draft(draft_id: int):
    item = services.visible_draft(current_user, draft_id)
    plan = item.plan
    editor = services.can_edit(current_user, plan)
    return render_template(
        "cocreation/draft.html",
        draft=item,
        plan=plan,
        labels=LABELS,
        responses=RESPONSES,
        can_edit=editor,
        facilitator=services.is_facilitator(current_user, plan),
        can_comment=services.can_comment(current_user, plan) and item.status != "final",
        comments=services.visible_comments(current_user, item),
        unanswered=services.unanswered(item),
        hints=hints.hints(item) if editor else [],
        panel=precedents.panel(current_user, item),
        comment_form=CommentForm(),
        response_form=ResponseForm(),
        moderation_form=ModerationForm(),
        action_form=ActionForm(),
    )


@bp.route("/commitments/<id:draft_id>/edit", methods=["GET", "POST"])
def edit_draft(draft_id: int):
    item = services.editable_draft(current_user, draft_id)
    form = DraftForm() if request.method == "POST" else DraftForm(data=draft_form_data(services.draft_content(item)))
    if form.validate_on_submit():
        before = item.version
        try:
            saved = services.save_draft(current_user, draft_id, form.content())
        except REFUSALS as exc:
            form.show_refusal(exc)
        else:
            if saved.version != before:
                tasks.schedule_embedding(saved, current_user)
                flash(_("Draft saved (version %(n)d).", n=saved.version), "success")
            else:
                flash(_("Nothing changed; no new version was kept."), "info")
            return redirect(url_for("cocreation.draft", draft_id=draft_id))
    return render_template("cocreation/draft_form.html", form=form, plan=item.plan, draft=item), (
        422 if form.errors else 200
    )


@bp.route("/commitments/<id:draft_id>/compare")
def compare_versions(draft_id: int):
    item = services.visible_draft(current_user, draft_id)
    numbers = [v.number for v in item.versions]
    left = request.args.get("a", type=int) or (numbers[-2] if len(numbers) > 1 else numbers[0])
    right = request.args.get("b", type=int) or numbers[-1]
    old, new = services.version(item, left), services.version(item, right)
    return render_template(
        "cocreation/compare.html",
        draft=item,
        old=old,
        new=new,
        numbers=numbers,
        diffs=compare.compare(old.content, new.content, services.DRAFT_FIELDS),
        field_labels=FIELD_LABELS,
    )


@bp.route("/commitments/<id:draft_id>/comments", methods=["POST"])
def add_comment(draft_id: int):
    form = CommentForm()
    if form.validate_on_submit():
        try:
            comment = services.add_comment(current_user, draft_id, form.body.data)
        except REFUSALS as exc:
            flash(exc.message, "error")
        else:
            flash(
                _("Thank you. Your comment will appear once a facilitator has moderated it.")
                if comment.moderation == "pending"
                else _("Comment added."),
                "success",
            )
    else:
        services.visible_draft(current_user, draft_id)
        flash(_("Write a comment."), "error")
    return redirect(url_for("cocreation.draft", draft_id=draft_id, _anchor="comments"))


@bp.route("/comments/<id:comment_id>/respond", methods=["POST"])
def respond(comment_id: int):
    form = ResponseForm()
    if not form.validate_on_submit():
        flash(_("Choose a response and give the reason."), "error")
        comment = services.comment_for(current_user, comment_id, facilitator_only=False)
        return redirect(url_for("cocreation.draft", draft_id=comment.draft_id, _anchor="comments"))
    try:
        comment = services.respond(current_user, comment_id, form.response.data, form.reason.data)
    except REFUSALS as exc:
        flash(exc.message, "error")
        comment = services.comment_for(current_user, comment_id, facilitator_only=False)
    else:
        flash(_("Response recorded."), "success")
    return redirect(url_for("cocreation.draft", draft_id=comment.draft_id, _anchor=f"comment-{comment.id}"))


@bp.route("/comments/<id:comment_id>/moderate", methods=["POST"])
def moderate(comment_id: int):
    form = ModerationForm()
    comment = services.comment_for(current_user, comment_id, facilitator_only=True)
    if form.validate_on_submit():
        try:
            services.moderate(current_user, comment_id, form.decision.data)
        except REFUSALS as exc:
            flash(exc.message, "error")
        else:
            flash(_("Comment moderated."), "success")
    return redirect(url_for("cocreation.plan", plan_id=comment.draft.plan_id, _anchor="moderation"))


@bp.route("/commitments/<id:draft_id>/finalise", methods=["POST"])
def finalise(draft_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.finalise(current_user, draft_id)
    except REFUSALS as exc:
        flash(exc.message, "error")
    else:
        flash(_("The commitment is marked final."), "success")
    return redirect(url_for("cocreation.draft", draft_id=draft_id))


@bp.route("/commitments/<id:draft_id>/reopen", methods=["POST"])
def reopen(draft_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    services.reopen(current_user, draft_id)
    flash(_("The commitment is open for changes again."), "success")
    return redirect(url_for("cocreation.draft", draft_id=draft_id))


def _download(body, mimetype: str, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(body, mimetype=mimetype, headers=headers)


@bp.route("/plans/<id:plan_id>/export.docx")
def export_docx(plan_id: int):
    item = services.visible_plan(current_user, plan_id)
    return _download(
        exports.to_docx(item),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"action-plan-{item.id}.docx",
    )


@bp.route("/plans/<id:plan_id>/export.pdf")
def export_pdf(plan_id: int):
    item = services.visible_plan(current_user, plan_id)
    return _download(exports.to_pdf(item), "application/pdf", f"action-plan-{item.id}.pdf")


@bp.route("/plans/<id:plan_id>/commitments.csv")
def export_csv(plan_id: int):
    item = services.visible_plan(current_user, plan_id)
    return _download(exports.to_csv(item), "text/csv", f"action-plan-{item.id}-commitments.csv")


# --- commitment workshops


def _workshop_data(plan) -> dict:
    """The new workshop form's starting values: a title and topic from the plan and its open drafts, and a quota
    for women next to the balance between government and civil society."""
    open_drafts = [d for d in plan.drafts if d.status != "final"]
    topic = " ".join(d.text for d in open_drafts)[:4000]
    return {
        "title": _("Commitment workshop: %(plan)s", plan=plan.title)[:200],
        "topic": topic,
        "drafts": [d.id for d in open_drafts],
        "quotas": [{"who": "gender:woman", "min": "40%", "max": ""}],
    }


def _workshop_refusal(form: WorkshopForm, exc) -> None:
    """A refusal on the form; an infeasible list's hints go beside the quota to change (the side quotas come first
    in the rules, then the form's non-blank quota rows)."""
    if isinstance(exc, InfeasibleQuotas):
        sides = {row.value: index for index, row in enumerate(form.side_rows)}
        side_fields = {sides.get("government"): form.government_min, sides.get("civil_society"): form.civil_society_min}
        filled = [index for index, entry in enumerate(form.quotas) if not entry.form.is_blank()]
        for key, words in exc.hints.items():
            if key == "max_per_country":
                form.max_per_country.errors = [*list(form.max_per_country.errors), words]
            elif key in side_fields:
                target = side_fields[key]
                target.errors = [*list(target.errors), words]
            elif 0 <= key - len(form.side_rows) < len(filled):
                form.hints[filled[key - len(form.side_rows)]] = words
    form.show_refusal(exc)


@bp.route("/plans/<id:plan_id>/workshops/new", methods=["GET", "POST"])
def new_workshop(plan_id: int):
    plan = workshops.plan_for_workshop(current_user, plan_id)
    kwargs = {} if request.method == "POST" else {"data": _workshop_data(plan)}
    form = WorkshopForm(
        people_choices=people_mod.listed_choices(), draft_choices=[(d.id, d.title) for d in plan.drafts], **kwargs
    )
    form.hints = {}
    status = 200
    if form.is_submitted():
        valid = form.validate()
        if valid and not form.check.data:
            try:
                workshop = workshops.start(current_user, plan.id, form.details(), form.rules(), form.drafts.data)
            except REFUSALS as exc:
                _workshop_refusal(form, exc)
                status = exc.status_code
            else:
                flash(_("Workshop created. Its invitation list was generated under the quotas."), "success")
                return redirect(url_for("cocreation.workshop", workshop_id=workshop.id))
        elif not valid:
            status = 422
    else:
        form.restate()
    form.add_blank_rows()
    return render_template(
        "cocreation/workshop_form.html",
        form=form,
        plan=plan,
        roundtable=None,
        who_groups=who_groups(),
        heading=_("New commitment workshop"),
    ), status


@bp.route("/workshops/<id:workshop_id>")
def workshop(workshop_id: int):
    item = workshops.visible_workshop(current_user, workshop_id)
    roundtable = item.roundtable
    return render_template(
        "cocreation/workshop.html",
        workshop=item,
        rt=roundtable,
        when=rt_times.when(roundtable.starts_at, roundtable.time_zone),
        summary=workshops.summary(current_user, item),
        organiser=workshops.organiser(current_user),
        sector_label=workshops.sector_label,
        field_labels=FIELD_LABELS,
        labels=LABELS,
    )
