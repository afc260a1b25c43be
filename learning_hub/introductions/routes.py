"""Pages: /introductions (mine, sent and received), asking, answering (in the app or by the emailed link, which acts
only on POST), blocking and reporting, settings, coordinators' reports; /conversations and each thread."""

from __future__ import annotations

from functools import cache

from flask import abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Integer, bindparam, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import SQLAlchemyError

from learning_hub.directory.browse import search
from learning_hub.errors import Conflict, DomainError, ValidationError
from learning_hub.extensions import db
from learning_hub.introductions import bp, services
from learning_hub.introductions import conversations as talk
from learning_hub.introductions.forms import (
    AnswerForm,
    AskForm,
    EmptyForm,
    MessageForm,
    ReportForm,
    SettingsForm,
    purpose_choices,
)

REFUSALS = (Conflict, ValidationError)
KINDS = "string"  # introduction, mentorship or peer_pair: anything else is a NotFound from the service


def _private(response):
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/introductions")
def index():
    return render_template(
        "introductions/index.html",
        box=services.my_introductions(current_user),
        settings=services.openness(current_user.profile.id) if current_user.profile else None,
        blocks=services.my_blocks(current_user),
        form=EmptyForm(),
    )


@bp.route("/introductions/ask/<id:profile_id>", methods=["GET", "POST"])
def ask(profile_id: int):
    recipient = search.visible_profile(current_user, profile_id)
    check = services.check_can_ask(current_user, recipient)
    form = AskForm()
    form.purpose.choices = purpose_choices(check.purposes)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                intro = services.ask(current_user, recipient.id, form.purpose.data, form.message.data)
            except REFUSALS as exc:
                flash(exc.message, "error")
                status = exc.status_code
            else:
                flash(
                    _("Sent. We will tell you by email when %(name)s answers.", name=recipient.display_name), "success"
                )
                return redirect(url_for("introductions.detail", intro_id=intro.id))
        else:
            status = 422
    return render_template("introductions/ask.html", recipient=recipient, check=check, form=form), status


@bp.route("/introductions/<id:intro_id>")
def detail(intro_id: int):
    intro = services.get_introduction(current_user, intro_id)
    return render_template(
        "introductions/detail.html",
        intro=intro,
        side=services.side_of(current_user, intro),
        state=services.shown_state(current_user, intro),
        email=services.contact_email(current_user, intro),
        answer_form=AnswerForm(),
        report_form=ReportForm(),
        form=EmptyForm(),
    )


@bp.route("/introductions/<id:intro_id>/answer", methods=["POST"])
def answer(intro_id: int):
    form = AnswerForm()
    intro = services.get_introduction(current_user, intro_id)
    if not form.validate_on_submit():
        flash(_("Please correct the highlighted fields."), "error")
        return redirect(url_for("introductions.detail", intro_id=intro.id))
    try:
        if form.answer.data == "accept":
            services.accept(current_user, intro.id)
            flash(_("Accepted. We sent you both an introduction email; you can also write here."), "success")
            return redirect(url_for("introductions.conversation", kind="introduction", source_id=intro.id))
        services.decline(current_user, intro.id, form.reason.data)
        flash(_("Declined. We let them know kindly."), "info")
    except REFUSALS as exc:
        flash(exc.message, "error")
    return redirect(url_for("introductions.detail", intro_id=intro.id))


@bp.route("/introductions/<id:intro_id>/withdraw", methods=["POST"])
def withdraw(intro_id: int):
    if EmptyForm().validate_on_submit():
        try:
            services.withdraw(current_user, intro_id)
            flash(_("Request withdrawn."), "info")
        except REFUSALS as exc:
            flash(exc.message, "error")
    return redirect(url_for("introductions.detail", intro_id=intro_id))


@bp.route("/introductions/<id:intro_id>/block", methods=["POST"])
def block(intro_id: int):
    if EmptyForm().validate_on_submit():
        services.block_sender(current_user, intro_id)
        flash(_("Blocked. You will not receive requests from this person; they are not told."), "success")
    return redirect(url_for("introductions.index"))


@bp.route("/introductions/<id:intro_id>/report", methods=["POST"])
def report(intro_id: int):
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.report_introduction(current_user, intro_id, form.note.data)
            flash(_("Thank you. The programme coordinators will look at it."), "success")
        except REFUSALS as exc:
            flash(exc.message, "error")
    else:
        flash(_("Please correct the highlighted fields."), "error")
    return redirect(url_for("introductions.detail", intro_id=intro_id))


@bp.route("/introductions/blocks/<id:profile_id>/remove", methods=["POST"])
def unblock(profile_id: int):
    if EmptyForm().validate_on_submit():
        services.unblock(current_user, profile_id)
        flash(_("Unblocked."), "success")
    return redirect(url_for("introductions.index"))


@bp.route("/introductions/settings", methods=["GET", "POST"])
def settings():
    if current_user.profile is None:
        flash(_("Fill in your profile first."), "error")
        return redirect(url_for("directory.my_profile"))
    now = services.openness(current_user.profile.id)
    form = SettingsForm() if request.method == "POST" else SettingsForm(open=now.open, purposes=list(now.purposes))
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.update_settings(current_user, open_=form.open.data, purposes=form.purposes.data)
        except ValidationError as exc:
            form.show_refusal(exc, "purposes")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("introductions.index"))
    return render_template("introductions/settings.html", form=form), (422 if form.errors else 200)


@bp.route("/introductions/respond/<token>", methods=["GET", "POST"])
def respond_link(token: str):
    intro = services.introduction_for_token(token)  # NotFound for a wrong, expired or answered link
    if request.method == "POST":
        form = AnswerForm()
        if form.validate_on_submit():
            try:
                done = services.answer_by_token(token, form.answer.data, form.reason.data)
            except DomainError as exc:
                return _private(
                    make_response(
                        render_template("introductions/respond_done.html", error=exc.message), exc.status_code
                    )
                )
            return _private(make_response(render_template("introductions/respond_done.html", intro=done)))
        return _private(make_response(render_template("introductions/respond.html", intro=intro, form=form), 422))
    form = AnswerForm(answer=request.args.get("answer", ""))
    return _private(make_response(render_template("introductions/respond.html", intro=intro, form=form)))


@bp.route("/introductions/reports")
def reports():
    return render_template("introductions/reports.html", reports=services.abuse_reports(current_user), form=EmptyForm())


@bp.route("/introductions/reports/<id:report_id>/close", methods=["POST"])
def close_report(report_id: int):
    if EmptyForm().validate_on_submit():
        services.close_report(current_user, report_id)
        flash(_("Report closed."), "success")
    return redirect(url_for("introductions.reports"))


# ---------------------------------------------------------------- conversations


@bp.route("/conversations")
def conversations():
    return render_template("introductions/conversations.html", threads=talk.my_threads(current_user))


@bp.route(f"/conversations/<{KINDS}:kind>/<id:source_id>", methods=["GET", "POST"])
def conversation(kind: str, source_id: int):
    page = talk.thread(current_user, kind, source_id)
    form = MessageForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                talk.post(current_user, kind, source_id, form.body.data)
            except ValidationError as exc:
                form.show_refusal(exc, "body")
            else:
                return redirect(url_for("introductions.conversation", kind=kind, source_id=source_id) + "#latest")
        status = 422
    return render_template(
        "introductions/conversation.html", page=page, form=form, read_form=EmptyForm(), report_form=ReportForm()
    ), status


@bp.route(f"/conversations/<{KINDS}:kind>/<id:source_id>/read", methods=["POST"])
def mark_read(kind: str, source_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    up_to = request.form.get("up_to", type=int)
    left = talk.mark_read(current_user, kind, source_id, up_to)
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"unread": left, "total_unread": talk.unread_total(current_user)})
    return redirect(url_for("introductions.conversation", kind=kind, source_id=source_id))


@bp.route("/conversations/messages/<id:message_id>/report", methods=["POST"])
def report_message(message_id: int):
    form = ReportForm()
    message = talk.get_message(current_user, message_id)
    conversation = message.conversation
    if form.validate_on_submit():
        try:
            services.report_message(current_user, message, form.note.data)
            flash(_("Thank you. The programme coordinators will look at it."), "success")
        except REFUSALS as exc:
            flash(exc.message, "error")
    return redirect(url_for("introductions.conversation", kind=conversation.kind, source_id=conversation.source_id))


# ---------------------------------------------------------------- template helpers


@bp.app_template_filter("intro_purpose")
def _purpose(key: str) -> str:
    return services.purpose_label(key)


@bp.app_template_filter("message_html")
def _message_html(text: str):
    from learning_hub.introductions.linkify import render_message

    return render_message(text)


@bp.app_template_filter("profile_name")
def _profile_name(profile_id: int) -> str:
    from learning_hub.extensions import db
    from learning_hub.models import Profile

    profile = db.session.get(Profile, profile_id)
    return profile.display_name if profile else ""


@bp.app_template_global("my_profile_id")
def _my_profile_id() -> int | None:
    """The signed-in person's profile id (a global, so that imported macros can use it). Every signed-in page asks
    (the header, each card's "ask" link): the profile itself when this request loaded it (it may have just been
    created), else the id the user loader read with the account; loading the profile here would load its languages
    and areas too."""
    if not current_user.is_authenticated:
        return None
    user = current_user._get_current_object()
    if "profile" not in sa_inspect(user).unloaded:
        return user.profile.id if user.profile is not None else None
    if "session_profile_id" in vars(user):  # read by the user loader
        return user.session_profile_id
    return search.own_profile_id(user)  # a user signed in by this very request, or by an API token


@cache
def _header_statement():
    """The header's counts as one SELECT of the services' own count queries, built once with bound parameters
    (building the expressions cost more than running them). Without a profile (profile_id NULL) the two inbox
    counts match nothing: 0, as before."""
    from learning_hub.notifications.services import unread_count_query

    user_id, profile_id = bindparam("user_id", type_=Integer), bindparam("profile_id", type_=Integer)
    return select(
        unread_count_query(user_id).scalar_subquery(),
        talk.unread_total_query(profile_id).scalar_subquery(),
        services.pending_received_query(profile_id).scalar_subquery(),
    )


@bp.app_context_processor
def _counts():
    """`inbox_counts()` for the header: unread messages and requests waiting for my answer (two small queries,
    run only when the layout asks, for signed-in people)."""

    def inbox_counts() -> dict:
        profile_id = _my_profile_id()
        if profile_id is None:
            return {"messages": 0, "requests": 0}
        return {
            "messages": talk.unread_total_of(profile_id),
            "requests": services.pending_received_count_of(profile_id),
        }

    def header_badges() -> dict:
        """The header's three counts (unread notifications, unread messages, introductions waiting for my answer)
        in one statement of three scalar subqueries, where asking each service apart took three round trips. An
        error page after a failed transaction still renders, without the counts."""
        if not current_user.is_authenticated:
            return {"notifications": 0, "messages": 0, "requests": 0}
        try:
            row = db.session.execute(
                _header_statement(), {"user_id": current_user.id, "profile_id": _my_profile_id()}
            ).one()
        except SQLAlchemyError:
            return {"notifications": 0, "messages": 0, "requests": 0}
        notifications, messages, requests = (value or 0 for value in row)
        return {"notifications": notifications, "messages": messages, "requests": requests}

    return {"inbox_counts": inbox_counts, "header_badges": header_badges}
