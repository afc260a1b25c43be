"""Introductions end to end through HTTP: ask, answer in the app and by the emailed link (GET never acts), decline
kindly, the limits, blocking, reporting, settings; and that the recipient's email address reaches the sender on no
surface (pages, API, exports, emails) before acceptance."""

from __future__ import annotations

import re

import pytest

from learning_hub.models import AbuseReport, Introduction, utcnow
from tests.factories import make_user
from tests.helpers import changed_tables, login, snapshot

MESSAGE = "Hello, I work on open contracting in Kenya and would like to compare notes with you."


@pytest.fixture
def people(app):
    sender = make_user(
        "ana.sender@example.org",
        display_name="Ana Sender",
        country="CO",
        locale="es",
        languages=("es",),
        challenges=["Municipal contracts are not published as open data."],
    )
    recipient = make_user(
        "ben.recipient@example.org",
        display_name="Ben Recipient",
        country="KE",
        organisation="Open Kenya",
        languages=("en", "sw"),
        reforms=["We published every county contract in the open contracting data standard."],
    )
    return sender, recipient


def _client(app, user):
    return login(app.test_client(), user)


def _ask(client, recipient, purpose="peer_exchange", message=MESSAGE):
    return client.post(f"/introductions/ask/{recipient.profile.id}", data={"purpose": purpose, "message": message})


def test_ask_accept_by_emailed_link_introduces_both_in_their_languages(app, db, outbox, people):
    sender, recipient = people
    client = _client(app, sender)
    response = _ask(client, recipient)
    assert response.status_code == 302
    intro = db.session.query(Introduction).one()
    assert intro.state == "pending"
    assert [m.to for m in outbox] == [recipient.email]
    request_mail = outbox[0]
    assert "Ana Sender" in request_mail.text
    assert MESSAGE in request_mail.text
    assert sender.email not in request_mail.text  # double opt-in: neither address before acceptance
    link = re.search(r"http\S+/introductions/respond/\S+answer=accept", request_mail.text).group(0)
    path = link.split("127.0.0.1:5000", 1)[1] if "127.0.0.1:5000" in link else link[link.index("/introductions") :]

    anonymous = app.test_client()
    before = snapshot()
    page = anonymous.get(path)
    assert page.status_code == 200
    assert "Opening this link alone changes nothing" in page.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []  # GET never acts
    assert page.headers["Referrer-Policy"] == "no-referrer"

    done = anonymous.post(path.split("?")[0], data={"answer": "accept"})
    assert done.status_code == 200
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).state == "accepted"
    mails = {m.to: m for m in outbox[1:]}
    assert set(mails) == {sender.email, recipient.email}
    to_sender, to_recipient = mails[sender.email], mails[recipient.email]
    # each in their own language, with the other's name, organisation, country, languages, texts and address
    assert "Correo electrónico:" in to_sender.text or "ben.recipient@example.org" in to_sender.text
    assert recipient.email in to_sender.text
    assert "Open Kenya" in to_sender.text
    assert "Kenia" in to_sender.text
    assert "county contract" in to_sender.text
    assert "Municipal contracts" in to_sender.text
    assert sender.email in to_recipient.text
    assert "Colombia" in to_recipient.text
    assert "Spanish" in to_recipient.text
    # the link is used up
    assert anonymous.get(path).status_code == 404


def test_decline_with_reason_is_shown_kindly_and_no_new_request_for_90_days(app, db, outbox, people):
    sender, recipient = people
    _ask(_client(app, sender), recipient)
    intro = db.session.query(Introduction).one()
    response = _client(app, recipient).post(
        f"/introductions/{intro.id}/answer", data={"answer": "decline", "reason": "Too busy until March."}
    )
    assert response.status_code == 302
    declined_mail = outbox[-1]
    assert declined_mail.to == sender.email
    assert "Too busy until March." in declined_mail.text
    assert recipient.email not in declined_mail.text
    page = _client(app, sender).get(f"/introductions/{intro.id}").get_data(as_text=True)
    assert "Too busy until March." in page
    assert recipient.email not in page
    # both directions are refused for 90 days
    again = _ask(_client(app, sender), recipient)
    assert again.status_code == 409
    reverse = _ask(_client(app, recipient), sender)
    assert reverse.status_code == 409
    assert db.session.query(Introduction).count() == 1
    # after 90 days it is allowed again
    db.session.get(Introduction, intro.id).answered_at = utcnow().replace(year=utcnow().year - 1)
    db.session.commit()
    assert _ask(_client(app, sender), recipient).status_code == 302


def test_message_length_and_purpose_are_checked(app, db, people):
    sender, recipient = people
    client = _client(app, sender)
    assert _ask(client, recipient, message="too short").status_code == 422
    assert _ask(client, recipient, message="x" * 1001).status_code == 422
    assert _ask(client, recipient, purpose="dating").status_code == 422
    assert db.session.query(Introduction).count() == 0


def test_settings_close_profile_or_limit_purposes(app, db, people):
    sender, recipient = people
    rc = _client(app, recipient)
    assert rc.post("/introductions/settings", data={"purposes": ["mentoring"], "open": "y"}).status_code == 302
    client = _client(app, sender)
    assert _ask(client, recipient, purpose="peer_exchange").status_code == 422  # not among the offered choices
    assert _ask(client, recipient, purpose="mentoring").status_code == 302
    other = make_user("closed@example.org", display_name="Closed Person")
    _client(app, other).post("/introductions/settings", data={"purposes": ["mentoring"]})
    page = client.get(f"/introductions/ask/{other.profile.id}").get_data(as_text=True)
    assert 'name="message"' not in page  # no form: they are not taking requests
    assert _ask(client, other, purpose="mentoring").status_code in (409, 422)


def test_daily_limit_of_ten(app, db, people):
    sender, _recipient = people
    client = _client(app, sender)
    targets = [make_user(display_name=f"Target {i}") for i in range(11)]
    codes = [_ask(client, t).status_code for t in targets]
    assert codes == [302] * 10 + [409]


def test_block_is_silent_and_report_reaches_coordinators_only_with_the_reported_words(app, db, outbox, people):
    sender, recipient = people
    _ask(_client(app, sender), recipient)
    intro = db.session.query(Introduction).one()
    rc = _client(app, recipient)
    rc.post(f"/introductions/{intro.id}/report", data={"note": "Spam"})
    rc.post(f"/introductions/{intro.id}/block")
    sent_before = len(outbox)
    seen = _client(app, sender).get(f"/api/v1/introductions/{intro.id}").get_json()
    assert seen["state"] == "pending"  # not told
    assert len(outbox) == sent_before  # nobody emailed
    assert rc.get(f"/introductions/{intro.id}").status_code == 404  # gone from the recipient's view
    report = db.session.query(AbuseReport).one()
    assert report.reported_text == MESSAGE
    coordinator = make_user("coord@example.org", roles=("coordinator",))
    page = _client(app, coordinator).get("/introductions/reports").get_data(as_text=True)
    assert MESSAGE in page
    assert "Spam" in page
    assert _client(app, sender).get("/introductions/reports").status_code == 403
    # coordinators cannot open the introduction itself
    assert _client(app, coordinator).get(f"/introductions/{intro.id}").status_code == 404


def test_no_contact_detail_of_the_recipient_reaches_the_sender_before_acceptance(app, db, outbox, people):
    sender, recipient = people
    client = _client(app, sender)
    _ask(client, recipient)
    intro = db.session.query(Introduction).one()
    secret = recipient.email
    surfaces = {
        "introductions page": client.get("/introductions").get_data(as_text=True),
        "introduction page": client.get(f"/introductions/{intro.id}").get_data(as_text=True),
        "profile page": client.get(f"/directory/{recipient.profile.id}").get_data(as_text=True),
        "conversations": client.get("/conversations").get_data(as_text=True),
        "api list": client.get("/api/v1/introductions").get_data(as_text=True),
        "api one": client.get(f"/api/v1/introductions/{intro.id}").get_data(as_text=True),
        "api conversations": client.get("/api/v1/conversations").get_data(as_text=True),
    }
    from learning_hub.privacy import export_user_data

    surfaces["export function"] = str(export_user_data(sender))
    surfaces["emails to the sender"] = " ".join(m.text for m in outbox if m.to == sender.email)
    assert client.get(f"/conversations/introduction/{intro.id}").status_code == 404
    leaks = [name for name, text in surfaces.items() if secret in text]
    assert leaks == []
    # after acceptance the API and the export show it
    _client(app, recipient).post(f"/introductions/{intro.id}/answer", data={"answer": "accept"})
    assert secret in client.get(f"/api/v1/introductions/{intro.id}").get_data(as_text=True)
    assert secret in str(export_user_data(sender))
    assert secret in client.get(f"/introductions/{intro.id}").get_data(as_text=True)


def test_others_cannot_see_an_introduction(app, db, people):
    sender, recipient = people
    _ask(_client(app, sender), recipient)
    intro = db.session.query(Introduction).one()
    stranger = make_user("stranger@example.org")
    sc = _client(app, stranger)
    assert sc.get(f"/introductions/{intro.id}").status_code == 404
    assert sc.post(f"/introductions/{intro.id}/answer", data={"answer": "accept"}).status_code == 404
    assert sc.get(f"/api/v1/introductions/{intro.id}").status_code == 404


def test_every_card_and_profile_offers_the_introduction(app, db, people):
    sender, recipient = people
    client = _client(app, sender)
    profile = client.get(f"/directory/{recipient.profile.id}").get_data(as_text=True)
    assert f"/introductions/ask/{recipient.profile.id}" in profile
    directory = client.get("/directory?mode=words").get_data(as_text=True)
    assert f"/introductions/ask/{recipient.profile.id}" in directory
    assert f"/introductions/ask/{sender.profile.id}" not in directory  # not for oneself
    own = client.get(f"/directory/{sender.profile.id}").get_data(as_text=True)
    assert f"/introductions/ask/{sender.profile.id}" not in own


def test_mentor_opens_the_requesters_profile_even_when_unlisted(app, db):
    from learning_hub.models import MentoringRequest, MentorOffer

    mentor = make_user("m@example.org", mentor_capacity=2)
    mentee = make_user("unlisted@example.org", listed=False, display_name="Quiet Mentee")
    request = MentoringRequest(requester_id=mentee.profile.id, state="pending", need="n" * 40, languages=["en"])
    db.session.add(request)
    db.session.flush()
    db.session.add(
        MentorOffer(
            request_id=request.id,
            mentor_id=mentor.profile.id,
            position=1,
            state="pending",
            offered_at=utcnow(),
            due_at=utcnow(),
        )
    )
    db.session.commit()
    mc = _client(app, mentor)
    inbox = mc.get("/mentoring/inbox").get_data(as_text=True)
    assert f"/directory/{mentee.profile.id}" in inbox
    assert mc.get(f"/directory/{mentee.profile.id}").status_code == 200
    stranger = make_user("s2@example.org")
    assert _client(app, stranger).get(f"/directory/{mentee.profile.id}").status_code == 404


def test_api_ask_answer_and_limits(app, db, outbox, people):
    from tests.api.helpers import bearer

    sender, recipient = people
    client = app.test_client()
    sh, rh = bearer(sender), bearer(recipient)
    body = {"recipient_id": recipient.profile.id, "purpose": "mentoring", "message": MESSAGE}
    created = client.post("/api/v1/introductions", json=body, headers=sh)
    assert created.status_code == 201, created.get_data(as_text=True)
    item = created.get_json()
    assert item["state"] == "pending"
    assert item["other"]["email"] is None
    assert item["direction"] == "sent"
    assert client.post("/api/v1/introductions", json=body, headers=sh).status_code == 409
    short = dict(body, message="short")
    assert client.post("/api/v1/introductions", json=short, headers=sh).status_code == 422
    received = client.get("/api/v1/introductions", headers=rh).get_json()["items"]
    assert [i["direction"] for i in received] == ["received"]
    answered = client.post(f"/api/v1/introductions/{item['id']}/answer", json={"answer": "accept"}, headers=rh)
    assert answered.status_code == 200
    assert answered.get_json()["other"]["email"] == sender.email
    seen = client.get(f"/api/v1/introductions/{item['id']}", headers=sh).get_json()
    assert seen["state"] == "accepted"
    assert seen["other"]["email"] == recipient.email
    settings = client.put("/api/v1/introductions/settings", json={"open": False, "purposes": []}, headers=rh)
    assert settings.get_json() == {"open": False, "purposes": []}
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/introductions", "/api/v1/introductions/{intro_id}/answer", "/api/v1/conversations"):
        assert path in spec["paths"], path


def test_a_published_suggestion_card_offers_the_introduction(app, db, people):
    from learning_hub.models import MatchPair, MatchRun

    sender, recipient = people
    run = MatchRun(status="published", params={}, published_at=utcnow())
    db.session.add(run)
    db.session.flush()
    pair = MatchPair(
        run_id=run.id, a_profile_id=sender.profile.id, b_profile_id=recipient.profile.id, score=0.5, state="suggested"
    )
    db.session.add(pair)
    db.session.commit()
    page = _client(app, sender).get(f"/peers/suggestions/{pair.id}").get_data(as_text=True)
    assert f"/introductions/ask/{recipient.profile.id}" in page


def test_api_ask_for_an_unknown_or_out_of_range_profile(app, db, people):
    """Found by the API fuzzer: an unknown id is a documented 404, an id beyond the database's integers a 422."""
    from tests.api.helpers import bearer

    sender, _recipient = people
    client = app.test_client()
    body = {"purpose": "other", "message": MESSAGE}
    headers = bearer(sender)
    assert client.post("/api/v1/introductions", json={**body, "recipient_id": 587}, headers=headers).status_code == 404
    huge = {**body, "recipient_id": 2**70}
    assert client.post("/api/v1/introductions", json=huge, headers=headers).status_code == 422
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "404" in spec["paths"]["/api/v1/introductions"]["post"]["responses"]
