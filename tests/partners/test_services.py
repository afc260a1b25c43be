"""Organisations, offers and support requests through the services: who may do what, the rapid-response rule,
working days, and the connection states with both sides accepting through the introductions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from learning_hub.errors import Conflict, Forbidden, NotFound, ValidationError
from learning_hub.models import ConnectionState, Introduction, NeedState
from learning_hub.models.introduction import IntroductionState
from learning_hub.partners import services as partners
from learning_hub.support import connections, services
from tests.factories import make_user
from tests.partners.helpers import coordinator, need, offer, organisation, partner, today


def test_a_partner_registers_an_organisation_and_becomes_its_staff(db):
    pat = partner()
    org = organisation(pat)
    assert [row.user_id for row in org.staff] == [pat.id]
    assert not org.verified
    with pytest.raises(Forbidden):
        organisation(make_user(), name="Someone Else's")


def test_only_staff_and_coordinators_change_an_organisation_and_its_offers(db):
    pat, other, cora = partner(), partner("o@p.example.org", "Other"), coordinator()
    org = organisation(pat)
    with pytest.raises(Forbidden):
        offer(other, org)
    offer(cora, org)
    found = offer(pat, org, title="Second offer")
    with pytest.raises(Forbidden):
        partners.update_offer(other, found.id, partners.OfferInput("x", "y", "training", ["open_data"], ["*"]))


def test_coordinators_verify_and_others_cannot(db):
    pat, cora = partner(), coordinator()
    org = organisation(pat)
    with pytest.raises(Forbidden):
        partners.set_verified(pat, org.id, True)
    assert partners.set_verified(cora, org.id, True).verified
    assert not partners.set_verified(cora, org.id, False).verified


def test_offer_validation_countries_and_kind(db):
    pat = partner()
    org = organisation(pat)
    with pytest.raises(ValidationError) as info:
        offer(pat, org, countries=("XX",))
    assert info.value.field == "countries"
    with pytest.raises(ValidationError):
        offer(pat, org, kind="bribes")
    assert offer(pat, org, countries=("KE", "*")).countries == ["*"]


def test_listing_hides_expired_offers_unless_asked_and_filters_by_country(db):
    pat = partner()
    org = organisation(pat)
    offer(pat, org, "Kenya only", countries=("KE",))
    offer(pat, org, "Expired", days=-1)
    offer(pat, org, "Anywhere")
    titles = lambda f: sorted(o.title for o in partners.list_offers(f))  # noqa: E731
    assert titles(partners.Filters()) == ["Anywhere", "Kenya only"]
    assert titles(partners.Filters(current=False)) == ["Anywhere", "Expired", "Kenya only"]
    assert titles(partners.Filters(country="GH")) == ["Anywhere"]
    assert titles(partners.Filters(verified=True)) == []


def test_rapid_response_needs_a_date_within_thirty_days(db):
    amina = make_user()
    with pytest.raises(ValidationError) as info:
        need(amina, rapid=True, needed_by=today() + timedelta(days=31))
    assert info.value.field == "needed_by"
    with pytest.raises(ValidationError):
        need(amina, rapid=True, needed_by=None)
    with pytest.raises(ValidationError):
        need(amina, needed_by=today() - timedelta(days=1))
    assert need(amina, rapid=True, needed_by=today() + timedelta(days=30)).rapid


def test_working_days_skip_weekends():
    friday = datetime(2026, 12, 4, 17, 0)  # a Friday
    assert services.working_days_between(friday, datetime(2026, 12, 7, 9, 0)) == 1  # Monday
    assert services.working_days_between(friday, datetime(2026, 12, 9, 9, 0)) == 3  # Wednesday
    assert services.working_days_between(friday, datetime(2026, 12, 6, 9, 0)) == 0  # Sunday


def test_a_request_is_read_by_its_requester_and_coordinators_only(db):
    amina, stranger, cora, pat = make_user(), make_user(), coordinator(), partner()
    row = need(amina)
    assert services.get_request(amina, row.id) is not None
    assert services.get_request(cora, row.id) is not None
    for who in (stranger, pat):
        with pytest.raises(NotFound):
            services.get_request(who, row.id)


def test_the_connection_moves_through_its_states_with_both_sides_accepting(db):
    amina, cora, pat = make_user(display_name="Amina"), coordinator(), partner()
    org = organisation(pat)
    found = offer(pat, org)
    row = need(amina)
    with pytest.raises(Forbidden):
        connections.propose(amina, row.id, found.id, "why")
    connection = connections.propose(cora, row.id, found.id, "It publishes tenders")
    assert connection.state == ConnectionState.PROPOSED
    assert row.state == NeedState.BROKERING
    assert row.first_response_at is not None
    assert services.get_request(pat, row.id) is not None  # connected staff now read it
    with pytest.raises(Conflict):
        connections.propose(cora, row.id, found.id, "twice")
    connections.accept(amina, connection.id)
    intro = db.session.get(Introduction, connection.introduction_id)
    assert intro.state == IntroductionState.PENDING
    assert intro.purpose == "implementation_support"
    assert intro.recipient_id == pat.profile.id
    assert connection.state == ConnectionState.PROPOSED
    connections.accept(pat, connection.id)
    assert connection.state == ConnectionState.INTRODUCED
    assert db.session.get(Introduction, intro.id).state == IntroductionState.ACCEPTED
    with pytest.raises(Conflict):
        connections.advance(cora, connection.id, "delivered")
    for state in ("in_discussion", "support_agreed", "delivered"):
        connections.advance(pat if state != "delivered" else cora, connection.id, state)
    assert connection.state == ConnectionState.DELIVERED
    assert row.state == NeedState.CLOSED
    assert row.outcome


def test_a_decline_needs_a_reason_and_reopens_the_need(db):
    amina, cora, pat = make_user(), coordinator(), partner()
    found = offer(pat, organisation(pat))
    row = need(amina)
    connection = connections.propose(cora, row.id, found.id, None)
    with pytest.raises(ValidationError):
        connections.decline(pat, connection.id, " ")
    connections.decline(pat, connection.id, "Our budget for this year is spent.")
    assert connection.state == ConnectionState.DECLINED
    assert row.state == NeedState.OPEN


def test_proposals_refuse_expired_offers_and_unserved_countries(db):
    amina, cora, pat = make_user(), coordinator(), partner()
    org = organisation(pat)
    expired = offer(pat, org, "Old", days=-1)
    ghana = offer(pat, org, "Ghana only", countries=("GH",))
    row = need(amina, country="KE")
    for found in (expired, ghana):
        with pytest.raises(Conflict):
            connections.propose(cora, row.id, found.id, None)


def test_triage_puts_rapid_requests_first_and_flags_them_after_three_working_days(db):
    cora = coordinator()
    slow = need(make_user(), "Not urgent")
    rapid = need(make_user(), "Urgent", rapid=True, needed_by=today() + timedelta(days=10))
    rapid.created_at = datetime(2026, 12, 1, 9, 0)  # a Tuesday
    db.session.commit()
    rows = services.triage(cora, now=datetime(2026, 12, 4, 10, 0))  # Friday: 3 working days later
    assert [r.need.id for r in rows] == [rapid.id, slow.id]
    assert rows[0].overdue_alert
    assert rows[0].waiting_working_days == 3
    assert services.triage(cora, now=datetime(2026, 12, 3, 10, 0))[0].overdue_alert is False
    with pytest.raises(Forbidden):
        services.triage(make_user())


def test_the_rapid_alert_tells_each_coordinator_once_after_three_working_days(db):
    from learning_hub.models import Notification
    from learning_hub.support.tasks import alert_unanswered_rapid

    cora, other = coordinator(), make_user(email="c2@partners.example.org", roles=("coordinator",))
    rapid = need(make_user(), "Urgent", rapid=True, needed_by=today() + timedelta(days=10))
    need(make_user(), "Not urgent")
    rapid.created_at = datetime(2026, 12, 1, 9, 0)  # a Tuesday
    db.session.commit()
    assert alert_unanswered_rapid(datetime(2026, 12, 3, 9, 0)) == {"alerted": 0}  # Thursday: 2 working days
    assert alert_unanswered_rapid(datetime(2026, 12, 4, 9, 0)) == {"alerted": 1, "coordinators": 2}  # Friday: 3
    assert alert_unanswered_rapid(datetime(2026, 12, 7, 9, 0)) == {"alerted": 0}  # once only
    alerts = db.session.scalars(db.select(Notification).where(Notification.kind == "support_rapid_alert")).all()
    assert sorted(n.user_id for n in alerts) == sorted([cora.id, other.id])
    assert alerts[0].link == f"/support/{rapid.id}"
