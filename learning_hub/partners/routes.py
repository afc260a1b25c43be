"""Pages under /partners: the list of offers and organisations with filters, an organisation's page, its offers,
and the forms of its staff; coordinators verify. Every page is for signed-in users."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub import vocab
from learning_hub.errors import DomainError, Forbidden, NotFound
from learning_hub.models import Role, utcnow
from learning_hub.partners import bp, services
from learning_hub.partners import vocab as partner_vocab
from learning_hub.partners.forms import EmptyForm, OfferForm, OrganisationForm, StaffForm


def _filters() -> services.Filters:
    args = request.args
    country = (args.get("country") or "").upper()
    return services.Filters(
        kind=args.get("kind") if args.get("kind") in partner_vocab.SUPPORT_KINDS else None,
        area=args.get("area") if args.get("area") in vocab.POLICY_AREAS else None,
        country=country if vocab.is_country(country) else None,
        verified=args.get("verified") == "1",
        current=args.get("expired") != "1",
    )


def _or_404(call, *args):
    try:
        return call(*args)
    except NotFound:
        abort(404)


@bp.route("/partners")
def index():
    filters = _filters()
    return render_template(
        "partners/index.html",
        offers=services.list_offers(filters),
        organisations=services.list_organisations(),
        filters=filters,
        kinds=partner_vocab.SUPPORT_KINDS,
        areas=vocab.POLICY_AREAS,
        org_types=partner_vocab.ORG_TYPES,
        may_register=current_user.has_role(Role.PARTNER) or services.is_coordinator(current_user),
        today=utcnow().date(),
    )


@bp.route("/partners/new", methods=["GET", "POST"])
def new():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org = services.create_organisation(current_user, form.to_input())
        except Forbidden:
            abort(403)
        except DomainError as exc:
            form.show_refusal(exc)
        else:
            flash(_("Organisation registered. A coordinator will verify it."), "success")
            return redirect(url_for("partners.organisation", organisation_id=org.id))
    elif request.method == "GET" and not (current_user.has_role(Role.PARTNER) or services.is_coordinator(current_user)):
        abort(403)
    return render_template("partners/organisation_form.html", form=form, organisation=None)


@bp.route("/partners/<id:organisation_id>")
def organisation(organisation_id: int):
    org = _or_404(services.get_organisation, organisation_id)
    return render_template(
        "partners/organisation.html",
        organisation=org,
        may_manage=services.may_manage(current_user, org),
        is_coordinator=services.is_coordinator(current_user),
        staff_form=StaffForm(),
        button=EmptyForm(),
        org_types=partner_vocab.ORG_TYPES,
        kinds=partner_vocab.SUPPORT_KINDS,
        today=utcnow().date(),
    )


@bp.route("/partners/<id:organisation_id>/edit", methods=["GET", "POST"])
def edit(organisation_id: int):
    org = _or_404(services.get_organisation, organisation_id)
    if not services.may_manage(current_user, org):
        abort(403)
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        try:
            services.update_organisation(current_user, org.id, form.to_input())
        except DomainError as exc:
            form.show_refusal(exc)
        else:
            flash(_("Organisation saved."), "success")
            return redirect(url_for("partners.organisation", organisation_id=org.id))
    return render_template("partners/organisation_form.html", form=form, organisation=org)


@bp.route("/partners/<id:organisation_id>/staff", methods=["POST"])
def add_staff(organisation_id: int):
    org = _or_404(services.get_organisation, organisation_id)
    if not services.may_manage(current_user, org):
        abort(403)
    form = StaffForm()
    if form.validate_on_submit():
        try:
            services.add_staff(current_user, org.id, form.email.data)
        except Forbidden:
            abort(403)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Colleague added."), "success")
    else:
        flash(_("Give a valid email address."), "error")
    return redirect(url_for("partners.organisation", organisation_id=org.id))


@bp.route("/partners/<id:organisation_id>/verify", methods=["POST"])
def verify(organisation_id: int):
    org = _or_404(services.get_organisation, organisation_id)
    if EmptyForm().validate_on_submit():
        services.set_verified(current_user, org.id, request.form.get("verified") == "1")
        flash(_("Verification saved."), "success")
    return redirect(url_for("partners.organisation", organisation_id=org.id))


@bp.route("/partners/<id:organisation_id>/offers/new", methods=["GET", "POST"])
def new_offer(organisation_id: int):
    org = _or_404(services.get_organisation, organisation_id)
    if not services.may_manage(current_user, org):
        abort(403)
    form = OfferForm()
    if form.validate_on_submit():
        try:
            offer = services.create_offer(current_user, org.id, form.to_input())
        except DomainError as exc:
            form.show_refusal(exc)
        else:
            flash(_("Offer saved."), "success")
            return redirect(url_for("partners.offer", partner_offer_id=offer.id))
    return render_template("partners/offer_form.html", form=form, organisation=org, offer=None)


@bp.route("/partners/offers/<id:partner_offer_id>")
def offer(partner_offer_id: int):
    from learning_hub.support import brokering

    found = _or_404(services.get_offer, partner_offer_id)
    org = found.organisation
    manages = services.may_manage(current_user, org)
    return render_template(
        "partners/offer.html",
        offer=found,
        organisation=org,
        may_manage=manages,
        fits=brokering.needs_for_offer(found) if manages else [],
        kinds=partner_vocab.SUPPORT_KINDS,
        today=utcnow().date(),
    )


@bp.route("/partners/offers/<id:partner_offer_id>/edit", methods=["GET", "POST"])
def edit_offer(partner_offer_id: int):
    found = _or_404(services.get_offer, partner_offer_id)
    if not services.may_manage(current_user, found.organisation):
        abort(403)
    form = OfferForm(obj=found)
    if form.validate_on_submit():
        try:
            services.update_offer(current_user, found.id, form.to_input())
        except DomainError as exc:
            form.show_refusal(exc)
        else:
            flash(_("Offer saved."), "success")
            return redirect(url_for("partners.offer", partner_offer_id=found.id))
    return render_template("partners/offer_form.html", form=form, organisation=found.organisation, offer=found)
