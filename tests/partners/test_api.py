"""The API resources: a partner registers an organisation and an offer, a reformer posts a need (the rapid rule
holds), a coordinator gets the ranked offers and proposes, both sides accept, and the connection moves on; other
people's requests are 404; the OpenAPI document lists the resources."""

from __future__ import annotations

from datetime import timedelta

from tests.api.helpers import bearer
from tests.factories import make_user
from tests.partners.helpers import coordinator, partner, today


def test_the_api_journey(client, db):
    pat, cora, amina = partner(), coordinator(), make_user(display_name="Amina")
    as_pat, as_cora, as_amina = bearer(pat), bearer(cora), bearer(amina)
    org = client.post(
        "/api/v1/partners/organisations",
        json={"name": "Ledgerline", "org_type": "consultancy", "countries": ["*"]},
        headers=as_pat,
    )
    assert org.status_code == 201, org.json
    assert org.json["verified"] is False
    refused = client.post(
        "/api/v1/partners/organisations",
        json={"name": "X", "org_type": "consultancy", "countries": ["*"]},
        headers=as_amina,
    )
    assert refused.status_code == 403
    offer = client.post(
        f"/api/v1/partners/organisations/{org.json['id']}/offers",
        json={
            "title": "Tender data",
            "description": "We help agencies publish every tender as open data.",
            "kind": "technical_assistance",
            "areas": ["open_contracting"],
            "countries": ["KE"],
        },
        headers=as_pat,
    )
    assert offer.status_code == 201, offer.json
    assert [o["id"] for o in client.get("/api/v1/partners/offers?country=KE", headers=as_amina).json["items"]] == [
        offer.json["id"]
    ]
    assert client.get("/api/v1/partners/offers?country=GH", headers=as_amina).json["items"] == []

    body = {
        "title": "Publish tenders",
        "need": "Our agency must publish every tender as open data.",
        "kind": "technical_assistance",
        "country": "KE",
        "rapid": True,
        "needed_by": (today() + timedelta(days=40)).isoformat(),
    }
    assert client.post("/api/v1/support/requests", json=body, headers=as_amina).status_code == 422
    body["needed_by"] = (today() + timedelta(days=10)).isoformat()
    need = client.post("/api/v1/support/requests", json=body, headers=as_amina)
    assert need.status_code == 201, need.json
    need_id = need.json["id"]
    assert client.get(f"/api/v1/support/requests/{need_id}", headers=bearer(make_user())).status_code == 404

    fits = client.get(f"/api/v1/support/requests/{need_id}/offers", headers=as_cora).json["items"]
    assert [f["offer"]["id"] for f in fits] == [offer.json["id"]]
    assert fits[0]["country"] == "KE"
    connection = client.post(
        "/api/v1/support/connections", json={"need_id": need_id, "offer_id": offer.json["id"]}, headers=as_cora
    )
    assert connection.status_code == 201, connection.json
    cid = connection.json["id"]
    assert client.post(f"/api/v1/support/connections/{cid}/accept", json={}, headers=as_amina).status_code == 200
    accepted = client.post(f"/api/v1/support/connections/{cid}/accept", json={}, headers=as_pat)
    assert accepted.json["state"] == "introduced"
    moved = client.post(f"/api/v1/support/connections/{cid}/advance", json={"to": "in_discussion"}, headers=as_pat)
    assert moved.json["state"] == "in_discussion"
    assert [c["id"] for c in client.get("/api/v1/support/connections", headers=as_amina).json["items"]] == [cid]


def test_the_openapi_document_lists_the_resources(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in (
        "/api/v1/partners/organisations",
        "/api/v1/partners/offers",
        "/api/v1/support/requests",
        "/api/v1/support/connections",
    ):
        assert path in paths


def test_an_id_beyond_the_database_integer_is_not_found(client, client_as, db):
    """The API fuzzer sent an organisation id past 2^63: the int converter passed it to the database, which raised
    OverflowError (a 500). Ids are 1..2^31-1 on every partners and support route, pages and API alike."""
    user = make_user()
    headers = bearer(user)
    huge = 2**64
    for path in (
        f"/api/v1/partners/organisations/{huge}",
        f"/api/v1/partners/offers/{huge}",
        f"/api/v1/support/requests/{huge}",
    ):
        assert client.get(path, headers=headers).status_code == 404, path
    reader = client_as(user)
    for path in (f"/partners/{huge}", f"/partners/offers/{huge}", f"/support/{huge}"):
        assert reader.get(path).status_code == 404, path
