"""Participants' pages: one suggested peer (with the explanation) and the accept/decline answer."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub.errors import Conflict, ValidationError
from learning_hub.peer_exchange import bp, participants
from learning_hub.peer_exchange.forms import RespondForm
from learning_hub.security import safe_next


@bp.route("/suggestions/<id:pair_id>")
def suggestion(pair_id: int):
    return render_template(
        "peer_exchange/suggestion.html", suggestion=participants.get_suggestion(current_user, pair_id)
    )


@bp.route("/suggestions/<id:pair_id>/respond", methods=["POST"])
def respond(pair_id: int):
    form = RespondForm()
    back = safe_next(request.form.get("next"), url_for("peer_exchange.suggestion", pair_id=pair_id))
    if not form.validate_on_submit():
        participants.get_suggestion(current_user, pair_id)  # others' pairs stay 404
        flash(_("Answer with accept or decline."), "error")
        return redirect(back)
    try:
        suggestion = participants.respond(current_user, pair_id, form.answer.data)
    except (Conflict, ValidationError) as exc:
        flash(exc.message, "error")
        return redirect(back)
    if suggestion.status == "introduced":
        flash(_("You both accepted: we have emailed you an introduction."), "success")
    elif form.answer.data == "accept":
        flash(
            _("Accepted. We will introduce you by email once %(name)s accepts too.", name=suggestion.peer.display_name),
            "success",
        )
    else:
        flash(
            _(
                "Declined. %(name)s will not be introduced to you through this suggestion.",
                name=suggestion.peer.display_name,
            ),
            "info",
        )
    return redirect(back)
