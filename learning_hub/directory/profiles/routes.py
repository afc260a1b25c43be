"""My profile at /profile: thin routes over directory.profiles (policy OWNER: services act on the actor's own data
only, and other people's challenges and reforms are 404). Claiming an invitation is PUBLIC (the token is the key)."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from learning_hub.auth.forms import ConfirmForm
from learning_hub.directory import bp
from learning_hub.directory.forms import (
    ChallengeForm,
    ClaimForm,
    DetailsForm,
    ListingForm,
    MentoringForm,
    ReformForm,
)
from learning_hub.directory.profiles import claim as claim_service
from learning_hub.directory.profiles import services as profiles
from learning_hub.errors import DomainError
from learning_hub.extensions import db
from learning_hub.models import Challenge
from learning_hub.peer_exchange.participants import quoting_suggestions
from learning_hub.roundtables import times


def _tell_quoted_text(profile, kind: str, old_text: str, new_text: str = "") -> None:
    """Tell the author when their edit or removal changes what others were shown: suggestions that quoted the old
    words stop showing them."""
    count = quoting_suggestions(profile, kind, old_text, new_text)
    if count:
        flash(
            ngettext(
                "%(num)s suggested peer was shown these words of yours; they no longer see them.",
                "%(num)s suggested peers were shown these words of yours; they no longer see them.",
                count,
            ),
            "info",
        )


def _forms(profile, **overrides) -> dict:
    details = DetailsForm(
        prefix="details",
        obj=profile,
        data=None if profile is None else {"languages": profile.languages, "policy_areas": profile.policy_areas},
    )
    if profile is not None and not details.time_zone.raw_data:
        details.time_zone.data = times.zone_of(profile)  # the stored choice, else the country's zone
    forms = {
        "details_form": details,
        "listing_form": ListingForm(
            prefix="listing",
            data=None
            if profile is None
            else {"visibility": profile.visibility, "consent": profile.consented_at is not None},
        ),
        "mentoring_form": MentoringForm(
            prefix="mentoring",
            data=None
            if profile is None
            else {"available": profile.mentor_available, "capacity": profile.mentor_capacity or None},
        ),
        "challenge_form": ChallengeForm(prefix="challenge"),
        "reform_form": ReformForm(prefix="reform"),
    }
    forms.update(overrides)
    return forms


def _page(status: int = 200, **overrides):
    profile = current_user.profile
    job = profiles.latest_embed_job(profile) if profile is not None else None
    removed = profiles.recently_removed(current_user) if profile is not None else []
    return render_template(
        "directory/my_profile.html",
        profile=profile,
        job=job,
        removed=removed,
        undo_window=timedelta(minutes=profiles.UNDO_MINUTES),
        **_forms(profile, **overrides),
    ), status


@bp.route("/profile")
def my_profile():
    return _page()


@bp.route("/profile/details", methods=["POST"])
def edit_details():
    form = DetailsForm(prefix="details")
    if form.validate_on_submit():
        try:
            profiles.update_details(
                current_user,
                display_name=form.display_name.data,
                country=form.country.data,
                sector=form.sector.data,
                organisation=form.organisation.data,
                role_title=form.role_title.data,
                bio=form.bio.data,
                languages=form.languages.data or [],
                policy_areas=form.policy_areas.data or [],
                gender=form.gender.data,
                time_zone=form.time_zone.data,
            )
        except DomainError as exc:
            form.show_refusal(exc, "display_name")
        else:
            flash(_("Your details are saved."), "success")
            return redirect(url_for("directory.my_profile"))
    return _page(422, details_form=form)


@bp.route("/profile/listing", methods=["POST"])
def edit_listing():
    form = ListingForm(prefix="listing")
    if form.validate_on_submit():
        profile = profiles.set_listing(current_user, visibility=form.visibility.data, consent=form.consent.data)
        flash(
            _("You are listed in the directory.")
            if profile.is_listed
            else _("You are not listed: only you can see your profile."),
            "success",
        )
        return redirect(url_for("directory.my_profile"))
    return _page(422, listing_form=form)


@bp.route("/profile/mentoring", methods=["POST"])
def edit_mentoring():
    form = MentoringForm(prefix="mentoring")
    if form.validate_on_submit():
        try:
            profiles.set_mentoring(current_user, available=form.available.data, capacity=form.capacity.data)
        except DomainError as exc:
            form.show_refusal(exc, "capacity")
        else:
            flash(_("Your mentoring offer is saved."), "success")
            return redirect(url_for("directory.my_profile"))
    return _page(422, mentoring_form=form)


@bp.route("/profile/challenges", methods=["POST"])
def add_challenge():
    form = ChallengeForm(prefix="challenge")
    if form.validate_on_submit():
        try:
            profiles.add_challenge(current_user, form.text.data)
        except DomainError as exc:
            form.show_refusal(exc, "text")
        else:
            flash(_("Challenge added. It becomes searchable in a moment."), "success")
            return redirect(url_for("directory.my_profile") + "#challenges")
    return _page(422, challenge_form=form)


@bp.route("/profile/challenges/<id:challenge_id>", methods=["GET", "POST"])
def edit_challenge(challenge_id: int):
    challenge = profiles.get_challenge(current_user, challenge_id)
    form = ChallengeForm(obj=challenge)
    if form.validate_on_submit():
        old_text = challenge.text
        try:
            profiles.update_challenge(current_user, challenge_id, form.text.data)
        except DomainError as exc:
            form.show_refusal(exc, "text")
        else:
            flash(_("Challenge saved."), "success")
            _tell_quoted_text(challenge.profile, "challenges", old_text, challenge.text)
            return redirect(url_for("directory.my_profile") + "#challenges")
    return render_template(
        "directory/edit_item.html",
        form=form,
        kind="challenge",
        action=url_for("directory.edit_challenge", challenge_id=challenge_id),
    ), 422 if form.errors else 200


def _remove(kind: str, item, delete):
    """GET: what removing will do (who stops seeing it, how long it can be restored); POST: remove it."""
    if request.method == "GET":
        return render_template(
            "directory/confirm_remove.html",
            kind=kind,
            item=item,
            quoted=quoting_suggestions(item.profile, f"{kind}s", item.text),
            minutes=profiles.UNDO_MINUTES,
            form=ConfirmForm(),
        )
    if ConfirmForm().validate_on_submit():
        profile, old_text = item.profile, item.text
        delete()
        flash(
            _("Challenge removed. You can restore it below for %(num)s minutes.", num=profiles.UNDO_MINUTES)
            if kind == "challenge"
            else _("Reform removed. You can restore it below for %(num)s minutes.", num=profiles.UNDO_MINUTES),
            "info",
        )
        _tell_quoted_text(profile, f"{kind}s", old_text)
    return redirect(url_for("directory.my_profile") + "#removed")


@bp.route("/profile/challenges/<id:challenge_id>/delete", methods=["GET", "POST"])
def delete_challenge(challenge_id: int):
    challenge = profiles.get_challenge(current_user, challenge_id)
    return _remove("challenge", challenge, lambda: profiles.delete_challenge(current_user, challenge_id))


@bp.route("/profile/removed/<id:removed_id>/restore", methods=["POST"])
def restore_removed(removed_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            item = profiles.restore_removed(current_user, removed_id)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(_("Restored. It becomes searchable in a moment."), "success")
            anchor = "challenges" if isinstance(item, Challenge) else "reforms"
            return redirect(url_for("directory.my_profile") + "#" + anchor)
    return redirect(url_for("directory.my_profile") + "#removed")


def _reform_data(form) -> dict:
    return {
        "title": form.title.data,
        "description": form.description.data,
        "status": form.status.data,
        "start_year": form.start_year.data,
        "link": form.link.data,
    }


@bp.route("/profile/reforms", methods=["POST"])
def add_reform():
    form = ReformForm(prefix="reform")
    if form.validate_on_submit():
        try:
            profiles.add_reform(current_user, **_reform_data(form))
        except DomainError as exc:
            form.show_refusal(exc, "title")
        else:
            flash(_("Reform added. It becomes searchable in a moment."), "success")
            return redirect(url_for("directory.my_profile") + "#reforms")
    return _page(422, reform_form=form)


@bp.route("/profile/reforms/<id:reform_id>", methods=["GET", "POST"])
def edit_reform(reform_id: int):
    reform = profiles.get_reform(current_user, reform_id)
    form = ReformForm(obj=reform)
    if form.validate_on_submit():
        old_text = reform.text
        try:
            profiles.update_reform(current_user, reform_id, **_reform_data(form))
        except DomainError as exc:
            form.show_refusal(exc, "title")
        else:
            flash(_("Reform saved."), "success")
            _tell_quoted_text(reform.profile, "reforms", old_text, reform.text)
            return redirect(url_for("directory.my_profile") + "#reforms")
    return render_template(
        "directory/edit_item.html",
        form=form,
        kind="reform",
        action=url_for("directory.edit_reform", reform_id=reform_id),
    ), 422 if form.errors else 200


@bp.route("/profile/reforms/<id:reform_id>/delete", methods=["GET", "POST"])
def delete_reform(reform_id: int):
    reform = profiles.get_reform(current_user, reform_id)
    return _remove("reform", reform, lambda: profiles.delete_reform(current_user, reform_id))


@bp.route("/profile/refresh", methods=["POST"])
def refresh_embeddings():
    if ConfirmForm().validate_on_submit():
        profiles.refresh_embeddings(current_user)
        flash(_("Your texts are being analysed again."), "info")
    return redirect(url_for("directory.my_profile"))


@bp.route("/profile/claim/<token>", methods=["GET", "POST"])
def claim(token: str):
    user = claim_service.invitation_user(token)  # 404 for an unknown, used or expired link
    form = ClaimForm()
    if form.validate_on_submit():
        try:
            claim_service.claim_account(
                token, password=form.password.data, consent=form.consent.data, visibility=form.visibility.data
            )
        except DomainError as exc:
            form.show_refusal(exc, "password")
        else:
            flash(_("Your account is ready. Sign in with your email and new password."), "success")
            return redirect(url_for("auth.login"))
    return render_template("directory/claim.html", form=form, invited=user), 422 if form.errors else 200
