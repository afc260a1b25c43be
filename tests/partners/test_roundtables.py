"""Partner roundtables over HTTP: an organiser starts a roundtable from two support requests; partner seats are the
offers that fit them (open, not expired, serving the requests' country), each with its request and matched sentence;
the reformers behind the requests are pinned on the list, which keeps its quotas and waiting list.

The hand-built case (the test app's encoder hashes words, so "fits" means "shares the words"):
- need 1 (Kenya): "Our agency must publish every tender as open data."
- need 2 (Kenya): "Our courts need case management software to clear the backlog."
- offer A (any country): its second sentence repeats need 1's words -> a seat for need 1, with that sentence;
- offer B (any country): its second sentence repeats need 2's words -> a seat for need 2, with that sentence;
- offer C: need 1's very words, but expired -> never a seat;
- offer D: need 2's very words, but serves Ghana only -> never a seat.
With two offers per request, each request ranks A and B; A keeps its seat for need 1 (the request it fits best)
and B for need 2. So the partner invitees are exactly A for need 1 and B for need 2.
"""

from __future__ import annotations

import pytest

from learning_hub import engine
from learning_hub.extensions import db as _db
from learning_hub.models import PartnerRoundtableNeed, PartnerRoundtableSeat, Roundtable
from tests.factories import make_user
from tests.partners.helpers import need, offer, organisation, partner
from tests.roundtables.helpers import RELEVANT, form_data, rows

NEED_1 = "Our agency must publish every tender as open data."
NEED_2 = "Our courts need case management software to clear the backlog."
A_SENTENCE = "We help agencies publish every tender as open data."
B_SENTENCE = "We build case management software for courts to clear the backlog."


@pytest.fixture
def case(app):
    pat = partner()
    ledger = organisation(pat, "Ledgerline Advisers")
    justice = organisation(pat, "Justice Tech Collective")
    ghana = organisation(pat, "Accra Only Fund", countries=("GH",))
    offers = {
        "A": offer(pat, ledger, "Open contracting help", text=f"We train municipal choirs. {A_SENTENCE}"),
        "B": offer(pat, justice, "Court software", text=f"We sponsor football clubs. {B_SENTENCE}"),
        "C": offer(pat, ledger, "Expired tender help", text=NEED_1, days=-1),
        "D": offer(pat, ghana, "Ghana court software", text=NEED_2, countries=["GH"]),
    }
    reformers = [
        make_user(display_name="Rafa Reformer", sector="national_government", challenges=[RELEVANT]),
        make_user(display_name="Rosa Reformer", sector="civil_society", challenges=[RELEVANT]),
    ]
    for n in range(4):
        make_user(display_name=f"Listed {n}", sector="national_government", challenges=[RELEVANT])
    engine.embed_texts([RELEVANT])
    needs = [
        need(reformers[0], "Tender data", text=NEED_1, country="KE"),
        need(reformers[1], "Court backlog", text=NEED_2, country="KE", areas=["justice"]),
    ]
    organiser = make_user(display_name="Olive Organiser", roles=("organiser",), listed=False)
    return {"offers": offers, "reformers": reformers, "needs": needs, "organiser": organiser}


def _form(need_ids, **overrides):
    data = form_data(title="Partner roundtable on open contracting and courts", seats="4", **overrides)
    data["needs"] = [str(n) for n in need_ids]
    return data


def test_organiser_starts_a_partner_roundtable_with_the_hand_worked_partner_invitees(client_as, case, db):
    client = client_as(case["organiser"])
    needs, offers = case["needs"], case["offers"]
    assert "Start a partner roundtable" in client.get("/support").get_data(as_text=True)
    form_page = client.get(f"/support/roundtables/new?needs={needs[0].id}&needs={needs[1].id}").get_data(as_text=True)
    assert "Tender data" in form_page
    assert "Court backlog" in form_page
    response = client.post("/support/roundtables/new", data=_form([n.id for n in needs]))
    assert response.status_code == 302, response.get_data(as_text=True)
    rt_id = int(response.headers["Location"].rstrip("/").split("/")[-1])

    seats = _db.session.scalars(_db.select(PartnerRoundtableSeat).where(PartnerRoundtableSeat.roundtable_id == rt_id))
    seats = list(seats)
    got = {(s.offer_id, s.need_id, s.offer_sentence) for s in seats}
    assert got == {(offers["A"].id, needs[0].id, A_SENTENCE), (offers["B"].id, needs[1].id, B_SENTENCE)}
    # The request's side of the reason is one of its own sentences (its title, or its text).
    by_need = {s.need_id: s.need_sentence for s in seats}
    assert by_need[needs[0].id] in {"Tender data.", NEED_1}
    assert by_need[needs[1].id] in {"Court backlog.", NEED_2}
    linked = _db.session.scalars(
        _db.select(PartnerRoundtableNeed.need_id).where(PartnerRoundtableNeed.roundtable_id == rt_id)
    )
    assert sorted(linked) == sorted(n.id for n in needs)

    # The reformers behind the needs are pinned invitees; the list keeps its seats and a waiting list.
    invitees = rows(rt_id, "invitee")
    reformer_ids = {r.profile.id for r in case["reformers"]}
    assert len(invitees) == 4
    assert reformer_ids <= {row.profile_id for row in invitees if row.pinned}
    assert rows(rt_id, "substitute")
    rt = _db.session.get(Roundtable, rt_id)
    assert sorted(rt.pins) == sorted(reformer_ids)

    page = client.get(f"/roundtables/{rt_id}").get_data(as_text=True)
    assert "Partner invitees" in page
    for text in ("Ledgerline Advisers", "Justice Tech Collective", "Open contracting help", "Court software"):
        assert text in page
    assert A_SENTENCE in page
    assert B_SENTENCE in page
    assert "Expired tender help" not in page
    assert "Accra Only Fund" not in page


def test_fewer_than_two_needs_or_an_unshared_need_saves_nothing(client_as, case, db):
    client = client_as(case["organiser"])
    needs = case["needs"]
    before = _db.session.scalar(_db.select(_db.func.count(Roundtable.id)))
    response = client.post("/support/roundtables/new", data=_form([needs[0].id]))
    assert response.status_code == 422
    assert "Choose at least two support requests." in response.get_data(as_text=True)
    private = need(make_user(), "Private need", text=NEED_1, share_with_partners=False)
    response = client.post("/support/roundtables/new", data=_form([needs[0].id, private.id]))
    assert response.status_code == 422  # not among the choices: partners never see it, nor does the roundtable
    assert _db.session.scalar(_db.select(_db.func.count(Roundtable.id))) == before
    assert _db.session.scalar(_db.select(_db.func.count(PartnerRoundtableSeat.id))) == 0


def test_only_organisers_and_admins_start_a_partner_roundtable(client_as, case, db):
    needs = case["needs"]
    url = "/support/roundtables/new"
    for user in (
        case["reformers"][0],
        make_user(email="c@x.example.org", roles=("coordinator",)),
        make_user(email="m@x.example.org", roles=("mentor",)),
        partner("p2@x.example.org", "Pia Partner"),
    ):
        client = client_as(user)
        assert "Start a partner roundtable" not in client.get("/support").get_data(as_text=True)
        assert client.get(url).status_code == 403
        assert client.post(url, data=_form([n.id for n in needs])).status_code == 403
    assert client_as(None).get(url).status_code == 302
    admin = make_user(email="a@x.example.org", roles=("admin",), listed=False)
    assert client_as(admin).get(url).status_code == 200
    assert _db.session.scalar(_db.select(_db.func.count(Roundtable.id))) == 0


def test_a_reformer_the_organiser_excludes_is_not_pinned(client_as, case, db):
    needs, reformers = case["needs"], case["reformers"]
    excluded = reformers[0].profile.id
    response = client_as(case["organiser"]).post(
        "/support/roundtables/new", data=_form([n.id for n in needs], excludes=[str(excluded)])
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    rt_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    listed = {row.profile_id for row in rows(rt_id)}
    assert excluded not in listed
    assert reformers[1].profile.id in {row.profile_id for row in rows(rt_id, "invitee") if row.pinned}
