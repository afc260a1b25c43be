"""The pages as people use them: a partner registers an organisation and an offer; a reformer posts a rapid-response
need in Spanish; it heads the triage queue with its time left; a coordinator sees the offer ranked with its
sentence and proposes it; both sides accept; the connection moves on to "support agreed"; the pipeline and its CSV
(formula-safe) show it; the dashboards show each role its panel."""

from __future__ import annotations

from datetime import timedelta

from learning_hub.extensions import db as _db
from learning_hub.models import ConnectionState, PartnerOffer, PartnerOrganisation, SupportConnection, SupportRequest
from tests.factories import make_user
from tests.partners.helpers import coordinator, partner, today


def _post(client, url, data):
    response = client.post(url, data=data, follow_redirects=False)
    assert response.status_code in (302, 303), (url, response.status_code, response.get_data(as_text=True)[:2000])
    return response.headers["Location"]


def test_the_whole_journey_through_the_pages(client_as, db):
    pat, cora = partner(), coordinator()
    ana = make_user(display_name="Ana", country="CO", locale="es")
    pat_client, ana_client, cora_client = client_as(pat), client_as(ana), client_as(cora)

    _post(
        pat_client,
        "/partners/new",
        {"name": "=Ledgerline Advisers", "org_type": "consultancy", "countries": ["*"], "areas": ["open_contracting"]},
    )
    org = _db.session.scalar(_db.select(PartnerOrganisation))
    page = pat_client.get(f"/partners/{org.id}").get_data(as_text=True)
    assert "Unverified" in page
    _post(
        pat_client,
        f"/partners/{org.id}/offers/new",
        {
            "title": "Open contracting data",
            "description": "We help procurement agencies publish every contract as open data. We train staff.",
            "kind": "technical_assistance",
            "areas": ["open_contracting"],
            "countries": ["*"],
            "language": "en",
            "valid_until": (today() + timedelta(days=90)).isoformat(),
            "active": "y",
        },
    )
    found = _db.session.scalar(_db.select(PartnerOffer))
    assert "Open contracting data" in ana_client.get("/partners?country=CO").get_data(as_text=True)

    refused = ana_client.post(
        "/support/new",
        data={
            "title": "Publicar contratos",
            "need": "Necesitamos publicar cada contract como open data antes del debate.",
            "kind": "technical_assistance",
            "country": "CO",
            "language": "es",
            "rapid": "y",
            "needed_by": (today() + timedelta(days=45)).isoformat(),
            "reform_id": "0",
            "draft_id": "0",
        },
    )
    assert refused.status_code == 200
    assert "dentro de 30 días" in refused.get_data(as_text=True)  # Ana reads Spanish
    _post(
        ana_client,
        "/support/new",
        {
            "title": "Publicar contratos",
            "need": "Necesitamos publicar cada contract como open data antes del debate.",
            "kind": "technical_assistance",
            "country": "CO",
            "language": "es",
            "rapid": "y",
            "needed_by": (today() + timedelta(days=20)).isoformat(),
            "reform_id": "0",
            "draft_id": "0",
            "share_with_partners": "y",
        },
    )
    need = _db.session.scalar(_db.select(SupportRequest))
    assert need.rapid
    triage = cora_client.get("/support/triage").get_data(as_text=True)
    assert "Publicar contratos" in triage
    assert "20 days left" in triage
    assert client_as(make_user()).get(f"/support/{need.id}").status_code == 404

    need_page = cora_client.get(f"/support/{need.id}").get_data(as_text=True)
    assert "Open contracting data" in need_page
    assert "Propose this connection" in need_page
    location = _post(cora_client, f"/support/{need.id}/propose", {"offer_id": found.id, "reason": "=cmd|calc"})
    connection = _db.session.scalar(_db.select(SupportConnection))
    assert location.endswith(f"/support/connections/{connection.id}")

    _post(ana_client, f"/support/connections/{connection.id}/accept", {})
    _post(pat_client, f"/support/connections/{connection.id}/accept", {})
    _db.session.expire_all()
    assert connection.state == ConnectionState.INTRODUCED
    for state in ("in_discussion", "support_agreed"):
        _post(pat_client, f"/support/connections/{connection.id}/advance", {"to": state})
    _db.session.expire_all()
    assert connection.state == ConnectionState.SUPPORT_AGREED

    board = cora_client.get("/support/pipeline?country=CO").get_data(as_text=True)
    assert "Publicar contratos" in board
    csv = cora_client.get("/support/pipeline.csv").get_data(as_text=True)
    assert "support_agreed" in csv
    assert ",'=Ledgerline Advisers," in csv  # a formula-looking name is neutralised

    dashboard = cora_client.get("/dashboard").get_data(as_text=True)
    assert "Rapid-response cases" in dashboard
    partner_dashboard = pat_client.get("/dashboard").get_data(as_text=True)
    assert "Needs that fit your offers" in partner_dashboard
    assert "Ana" not in partner_dashboard  # the need, never the requester's profile


def test_a_reformer_cannot_register_an_organisation_or_verify(client_as, db):
    client = client_as(make_user())
    assert client.get("/partners/new").status_code == 403
    assert client.get("/partners").status_code == 200


def test_the_demo_builds_partners_needs_and_a_rapid_case(runner, db):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    organisations = _db.session.scalars(_db.select(PartnerOrganisation)).all()
    assert len(organisations) >= 12
    served = {c for o in organisations for offer in o.offers for c in offer.countries}
    assert {"CO", "GH", "HN", "ID", "KE", "NG", "PH"} <= served
    needs = _db.session.scalars(_db.select(SupportRequest)).all()
    assert any(n.rapid for n in needs)
    assert {n.language for n in needs} >= {"es", "fr", "id"}
