"""Partner organisations and their offers.

Rules (the pages and the API alike):
- every signed-in user reads every organisation and its offers; an unverified organisation is marked so;
- a user with the partner role creates an organisation and becomes its first staff member; staff (and
  coordinators) edit the organisation, add colleagues who hold the partner role, and create and edit its offers;
- coordinators verify an organisation (or withdraw the verification);
- an offer names its kind of support, areas, the countries it serves (ISO codes, or "*" for any), a size or budget
  range, how to apply and the last day it is valid; an expired offer stays on its organisation's page, marked, and
  is never proposed by the brokering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from learning_hub import audit, vocab
from learning_hub.errors import Forbidden, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import PartnerOffer, PartnerOrganisation, PartnerStaff, Role, User, utcnow
from learning_hub.models.partners import ANY_COUNTRY
from learning_hub.partners import vocab as partner_vocab

NAME_MAX = 200
TEXT_MAX = 4000


@dataclass
class OrganisationInput:
    name: str
    org_type: str
    description: str = ""
    website: str | None = None
    countries: list[str] = field(default_factory=list)
    regions: str | None = None
    areas: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


@dataclass
class OfferInput:
    title: str
    description: str
    kind: str
    areas: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    size_range: str | None = None
    how_to_apply: str = ""
    language: str = "en"
    valid_until: date | None = None
    active: bool = True


def is_coordinator(actor: User | None) -> bool:
    return bool(actor) and (actor.is_admin or actor.has_role(Role.COORDINATOR))


def is_staff(actor: User | None, organisation: PartnerOrganisation) -> bool:
    return bool(actor) and any(row.user_id == actor.id for row in organisation.staff)


def may_manage(actor: User | None, organisation: PartnerOrganisation) -> bool:
    return is_coordinator(actor) or (is_staff(actor, organisation) and actor.has_role(Role.PARTNER))


def staff_organisations(actor: User) -> list[PartnerOrganisation]:
    """The organisations the actor works for (partner role holders only)."""
    if actor is None or not actor.has_role(Role.PARTNER):
        return []
    return list(
        db.session.scalars(
            select(PartnerOrganisation)
            .join(PartnerStaff)
            .where(PartnerStaff.user_id == actor.id)
            .order_by(PartnerOrganisation.name)
        )
    )


def _clean_countries(codes, field_name: str) -> list[str]:
    codes = [str(c).strip().upper() for c in codes or [] if str(c).strip()]
    if ANY_COUNTRY in codes:
        return [ANY_COUNTRY]
    unknown = [c for c in codes if not vocab.is_country(c)]
    if unknown:
        raise ValidationError(_("Unknown country code: %(codes)s", codes=", ".join(unknown)), field=field_name)
    if not codes:
        raise ValidationError(_("Choose the countries served, or any country."), field=field_name)
    return sorted(set(codes))


def _clean_areas(areas) -> list[str]:
    return [a for a in vocab.POLICY_AREAS if a in set(areas or [])]


def _required(value: str | None, field_name: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("This field is required."), field=field_name)
    if len(value) > limit:
        raise ValidationError(_("This text is too long."), field=field_name)
    return value


def _apply_organisation(org: PartnerOrganisation, data: OrganisationInput) -> None:
    if data.org_type not in partner_vocab.ORG_TYPES:
        raise ValidationError(_("Choose a kind of organisation."), field="org_type")
    org.name = _required(data.name, "name", NAME_MAX)
    org.org_type = data.org_type
    org.description = (data.description or "").strip()[:TEXT_MAX]
    org.website = (data.website or "").strip() or None
    org.countries = _clean_countries(data.countries, "countries")
    org.regions = (data.regions or "").strip() or None
    org.areas = _clean_areas(data.areas)
    org.languages = [code for code in partner_vocab.TEXT_LANGUAGES if code in set(data.languages or [])]


def _name_taken(name: str, except_id: int | None = None) -> bool:
    query = select(PartnerOrganisation.id).where(func.lower(PartnerOrganisation.name) == name.strip().lower())
    if except_id:
        query = query.where(PartnerOrganisation.id != except_id)
    return db.session.scalar(query) is not None


def create_organisation(actor: User, data: OrganisationInput) -> PartnerOrganisation:
    if not (actor.has_role(Role.PARTNER) or is_coordinator(actor)):
        raise Forbidden(_("Only partner staff and coordinators register organisations."))
    org = PartnerOrganisation(created_by_id=actor.id)
    _apply_organisation(org, data)
    if _name_taken(org.name):
        raise ValidationError(_("An organisation with this name is already registered."), field="name")
    if actor.has_role(Role.PARTNER):
        org.staff.append(PartnerStaff(user_id=actor.id))
    db.session.add(org)
    db.session.commit()
    return org


def get_organisation(organisation_id: int) -> PartnerOrganisation:
    org = db.session.get(PartnerOrganisation, organisation_id)
    if org is None:
        raise NotFound(_("There is no such organisation."))
    return org


def _managed(actor: User, organisation_id: int) -> PartnerOrganisation:
    org = get_organisation(organisation_id)
    if not may_manage(actor, org):
        raise Forbidden(_("Only this organisation's staff and coordinators change it."))
    return org


def update_organisation(actor: User, organisation_id: int, data: OrganisationInput) -> PartnerOrganisation:
    org = _managed(actor, organisation_id)
    _apply_organisation(org, data)
    if _name_taken(org.name, org.id):
        db.session.rollback()
        raise ValidationError(_("An organisation with this name is already registered."), field="name")
    db.session.commit()
    return org


def add_staff(actor: User, organisation_id: int, email: str) -> PartnerStaff:
    org = _managed(actor, organisation_id)
    user = db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))
    if user is None or not user.active or not user.has_role(Role.PARTNER):
        raise ValidationError(
            _("Nobody with the partner role has this email address; an administrator grants the role."),
            field="email",
        )
    if is_staff(user, org):
        raise ValidationError(_("This person is already on the staff."), field="email")
    row = PartnerStaff(organisation_id=org.id, user_id=user.id)
    db.session.add(row)
    db.session.commit()
    return row


def set_verified(actor: User, organisation_id: int, verified: bool) -> PartnerOrganisation:
    if not is_coordinator(actor):
        raise Forbidden(_("Only coordinators verify organisations."))
    org = get_organisation(organisation_id)
    org.verified_at = utcnow() if verified else None
    org.verified_by_id = actor.id if verified else None
    audit.record(
        actor,
        "partners.organisation_verified" if verified else "partners.organisation_unverified",
        target_type="partner_organisation",
        target_id=org.id,
        name=org.name,
    )
    db.session.commit()
    return org


# ---------------------------------------------------------------- offers


def _apply_offer(offer: PartnerOffer, data: OfferInput) -> None:
    if data.kind not in partner_vocab.SUPPORT_KINDS:
        raise ValidationError(_("Choose a kind of support."), field="kind")
    if data.language not in partner_vocab.TEXT_LANGUAGES:
        raise ValidationError(_("Choose a language."), field="language")
    offer.title = _required(data.title, "title", NAME_MAX)
    offer.description = _required(data.description, "description", TEXT_MAX)
    offer.kind = data.kind
    offer.areas = _clean_areas(data.areas)
    if not offer.areas:
        raise ValidationError(_("Choose at least one area."), field="areas")
    offer.countries = _clean_countries(data.countries, "countries")
    offer.size_range = (data.size_range or "").strip()[:200] or None
    offer.how_to_apply = (data.how_to_apply or "").strip()[:TEXT_MAX]
    offer.language = data.language
    offer.valid_until = data.valid_until
    offer.active = bool(data.active)


def create_offer(actor: User, organisation_id: int, data: OfferInput) -> PartnerOffer:
    org = _managed(actor, organisation_id)
    offer = PartnerOffer(organisation_id=org.id)
    _apply_offer(offer, data)
    db.session.add(offer)
    db.session.commit()
    _after_offer_saved(offer, actor)
    return offer


def get_offer(offer_id: int) -> PartnerOffer:
    offer = db.session.get(PartnerOffer, offer_id)
    if offer is None:
        raise NotFound(_("There is no such offer."))
    return offer


def update_offer(actor: User, offer_id: int, data: OfferInput) -> PartnerOffer:
    offer = get_offer(offer_id)
    _managed(actor, offer.organisation_id)
    _apply_offer(offer, data)
    db.session.commit()
    _after_offer_saved(offer, actor)
    return offer


def _after_offer_saved(offer: PartnerOffer, actor: User) -> None:
    from learning_hub.support.tasks import schedule_embedding

    schedule_embedding("offer", offer.id, actor)


# ---------------------------------------------------------------- listing


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    area: str | None = None
    country: str | None = None
    verified: bool = False  # only verified organisations
    current: bool = True  # hide expired and inactive offers


def list_organisations() -> list[PartnerOrganisation]:
    return list(db.session.scalars(select(PartnerOrganisation).order_by(PartnerOrganisation.name)))


def list_offers(filters: Filters, today: date | None = None) -> list[PartnerOffer]:
    """Offers matching the filters; the area and country filters read the stored lists in Python (short JSON lists,
    a few hundred offers at most)."""
    today = today or utcnow().date()
    query = select(PartnerOffer).join(PartnerOrganisation).order_by(PartnerOrganisation.name, PartnerOffer.id)
    if filters.kind:
        query = query.where(PartnerOffer.kind == filters.kind)
    if filters.verified:
        query = query.where(PartnerOrganisation.verified_at.is_not(None))
    offers = list(db.session.scalars(query))
    if filters.current:
        offers = [o for o in offers if o.active and not o.expired(today)]
    if filters.area:
        offers = [o for o in offers if filters.area in o.areas]
    if filters.country:
        offers = [o for o in offers if o.serves(filters.country)]
    return offers
