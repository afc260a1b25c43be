"""The requester's side through HTTP: describe a need, see ranked explained suggestions, choose up to three,
withdraw."""

from __future__ import annotations

import pytest

from learning_hub.models import MentoringRequest, MentorOffer
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot
from tests.mentoring.helpers import TOPICS, choose, make_mentor, new_draft, send_request

NEED = TOPICS["contracts"][0]


def _page(client, request_id: int) -> str:
    response = client.get(f"/mentoring/requests/{request_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_suggestions_are_ranked_and_explained(client_as, mentors, requester, db):
    """The mentor whose completed reform answers the need comes first, with the matching sentence and shared terms."""
    client = client_as(requester)
    request_id = new_draft(client, NEED)
    page = _page(client, request_id)
    assert page.index("Olga") < page.index("Peter")
    assert "From their completed reforms: <q>Citizens now follow spending on roads and clinics.</q>" in page
    assert "Shared key terms: follow spending, open data, procurement contracts" in page
    assert "Sari" not in page  # speaks only Indonesian; the request is in English
    assert db.session.get(MentoringRequest, request_id).state == "draft"


def test_viewing_suggestions_writes_nothing(client_as, mentors, requester):
    """A GET of the draft computes suggestions at request time and stores nothing."""
    client = client_as(requester)
    request_id = new_draft(client, NEED)
    before = snapshot()
    _page(client, request_id)
    assert changed_tables(before, snapshot()) == []


def test_language_and_country_filters(client_as, mentors, requester):
    """Languages must be shared; excluded countries are left out; a preferred country is marked."""
    client = client_as(requester)
    indonesian = _page(client, new_draft(client, TOPICS["budget"][0], languages=("id",)))
    assert "Sari" in indonesian
    assert "Olga" not in indonesian
    filtered = _page(client, new_draft(client, NEED, excluded=("UA",), preferred=("CO",)))
    assert "Olga" not in filtered
    assert "Nadia" in filtered
    assert "in a country you prefer" in filtered


def test_unavailable_mentors_are_not_suggested(client_as, mentors, requester, db):
    """Paused, unlisted, full and the requester themself are never suggested."""
    mentors["Olga"].profile.mentor_available = False
    mentors["Nadia"].profile.consented_at = None
    db.session.commit()
    me_too = make_mentor("Selfie", "GH", ("en",), "contracts", 1)
    page = _page(client_as(me_too), new_draft(client_as(me_too), NEED))
    assert "Olga" not in page
    assert "Nadia" not in page
    assert "Selfie" not in page
    assert "Peter" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"need": "too short"}, "Use 20 to 2000 characters."),
        ({"need": "x" * 2001}, "Use 20 to 2000 characters."),
        ({"need": "A long enough need \x00 with a NUL byte"}, "invisible control characters"),
        ({"need": NEED, "languages": ["xx"]}, "Choose among the options."),
        ({"need": NEED, "preferred_countries": ["ZZ"]}, "Choose among the options."),
        ({"need": NEED, "preferred_countries": ["KE"], "excluded_countries": ["KE"]}, "both preferred and excluded"),
    ],
)
def test_bad_requests_are_refused_and_change_nothing(client_as, requester, data, message):
    """Bad input: 422 with a message naming the problem, database unchanged."""
    client = client_as(requester)
    before = snapshot()
    response = client.post("/mentoring/requests/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []


def test_choosing_sends_to_the_first_and_emails(client_as, mentors, requester, outbox, db):
    """Up to three choices in order: the first gets the request (email with links), the requester a confirmation."""
    request = send_request(client_as(requester), NEED, mentors["Olga"], mentors["Peter"], mentors["Nadia"])
    assert request.state == "pending"
    offers = db.session.scalars(
        db.select(MentorOffer).where(MentorOffer.request_id == request.id).order_by(MentorOffer.position)
    ).all()
    assert [(o.mentor_id, o.state) for o in offers] == [
        (mentors["Olga"].profile.id, "pending"),
        (mentors["Peter"].profile.id, "waiting"),
        (mentors["Nadia"].profile.id, "waiting"),
    ]
    assert offers[0].experience_excerpt
    assert offers[0].due_at is not None
    to = {m.to: m for m in outbox}
    assert set(to) == {"olga@mentors.example.org", "rita@requests.example.org"}
    assert "/mentoring/respond/" in to["olga@mentors.example.org"].text
    assert "Olga" in to["rita@requests.example.org"].text


def test_choices_are_validated(client_as, mentors, requester, db):
    """Duplicates, a gap before the first choice, and mentors not suggested are refused with 422."""
    client = client_as(requester)
    request_id = new_draft(client, NEED)
    sari = mentors["Sari"].profile.id  # not suggested: no shared language
    olga = str(mentors["Olga"].profile.id)
    for data, message in (
        ({"first": olga, "second": olga}, "Choose each mentor once."),
        ({"second": olga}, "Start with your first choice."),
        ({"first": str(sari)}, "can no longer take requests"),
    ):
        before = snapshot()
        response = client.post(f"/mentoring/requests/{request_id}/submit", data=data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
        assert changed_tables(before, snapshot()) == []


def test_choosing_nobody_queues_for_coordinators(client_as, mentors, requester, outbox):
    """No choice sends the request to the coordinators' queue."""
    client = client_as(requester)
    request_id = new_draft(client, NEED)
    assert client.post(f"/mentoring/requests/{request_id}/submit", data={}).status_code == 302
    assert client.get(f"/mentoring/requests/{request_id}").status_code == 200
    from learning_hub.extensions import db

    assert db.session.get(MentoringRequest, request_id).state == "queued"
    assert [m.to for m in outbox] == ["rita@requests.example.org"]


def test_others_requests_are_not_found(client_as, mentors, requester):
    """Someone else's request is 404 for reading and for every action."""
    request = send_request(client_as(requester), NEED, mentors["Olga"])
    stranger = client_as(make_user())
    for method, path in (("GET", ""), ("POST", "/submit"), ("POST", "/withdraw"), ("POST", "/discard")):
        assert stranger.open(f"/mentoring/requests/{request.id}{path}", method=method).status_code == 404
    assert stranger.get("/mentoring/requests/2147483647").status_code == 404


def test_withdraw_tells_the_asked_mentor(client_as, mentors, requester, outbox, db):
    """Withdrawing a pending request closes its offers and emails the mentor who was asked."""
    client = client_as(requester)
    request = send_request(client, NEED, mentors["Olga"], mentors["Peter"])
    outbox.clear()
    assert client.post(f"/mentoring/requests/{request.id}/withdraw").status_code == 302
    db.session.refresh(request)
    assert request.state == "withdrawn"
    assert {o.state for o in request.offers} == {"closed"}
    assert [m.to for m in outbox] == ["olga@mentors.example.org"]
    again = client.post(f"/mentoring/requests/{request.id}/withdraw", follow_redirects=True)
    assert "can no longer be withdrawn" in again.get_data(as_text=True)


def test_open_request_limit(client_as, mentors, requester):
    """At most three open requests at a time."""
    client = client_as(requester)
    for _ in range(3):
        request_id = new_draft(client, NEED)
        assert choose(client, request_id).status_code == 302
    response = client.post("/mentoring/requests/new", data={"need": NEED})
    assert response.status_code == 422
    assert "already have 3 open requests" in response.get_data(as_text=True)


def test_discard_a_draft(client_as, mentors, requester, db):
    """A draft can be deleted; a sent request cannot."""
    client = client_as(requester)
    draft = new_draft(client, NEED)
    assert client.post(f"/mentoring/requests/{draft}/discard").status_code == 302
    assert db.session.get(MentoringRequest, draft) is None
    sent = send_request(client, NEED, mentors["Olga"])
    page = client.post(f"/mentoring/requests/{sent.id}/discard", follow_redirects=True).get_data(as_text=True)
    assert "Only a draft can be discarded." in page
    assert db.session.get(MentoringRequest, sent.id) is not None


def test_index_lists_requests_and_mentorships(client_as, mentors, requester):
    """The mentoring home shows my requests; the nav links to it."""
    client = client_as(requester)
    send_request(client, NEED, mentors["Olga"])
    page = client.get("/mentoring/").get_data(as_text=True)
    assert "Waiting for an answer" in page
    assert 'href="/mentoring/"' in page
