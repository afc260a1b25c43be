"""Organisations, offers and support requests for the tests, made through the services as the pages make them."""

from __future__ import annotations

from datetime import date, timedelta

from learning_hub.models import utcnow
from learning_hub.partners import services as partners
from learning_hub.support import services as support
from tests.factories import make_user


def today() -> date:
    return utcnow().date()


def coordinator():
    return make_user(email="coord@partners.example.org", roles=("coordinator",), display_name="Cora Coordinator")


def partner(email="pat@partners.example.org", name="Pat Partner"):
    return make_user(email=email, roles=("partner",), display_name=name, country="GB")


def organisation(staff, name="Ledgerline Advisers", countries=("*",), **overrides):
    fields = {"name": name, "org_type": "consultancy", "countries": list(countries), "areas": ["open_contracting"]}
    fields.update(overrides)
    return partners.create_organisation(staff, partners.OrganisationInput(**fields))


def offer(staff, org, title="Open contracting data publication", *, text=None, countries=("*",), days=365, **kw):
    fields = {
        "title": title,
        "description": text
        or "We help procurement agencies publish every tender and contract as open data. We train their staff.",
        "kind": "technical_assistance",
        "areas": ["open_contracting", "open_data"],
        "countries": list(countries),
        "valid_until": today() + timedelta(days=days) if days is not None else None,
    }
    fields.update(kw)
    return partners.create_offer(staff, org.id, partners.OfferInput(**fields))


def need(requester, title="Publish our tenders as open data", *, text=None, country="KE", **kw):
    fields = {
        "title": title,
        "need": text or "Our procurement agency wants to publish every tender as open data before the budget vote.",
        "kind": "technical_assistance",
        "country": country,
        "areas": ["open_contracting"],
        "needed_by": today() + timedelta(days=60),
    }
    fields.update(kw)
    return support.create_request(requester, support.NeedInput(**fields))
