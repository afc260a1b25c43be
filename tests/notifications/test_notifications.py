"""notify(), the list and its unread count, channels, one-click unsubscribe (signed out, one kind only), digests in
the recipient's language, and idempotent periodic work."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlparse

from learning_hub.models import DigestMarker, Notification, NotificationPreference
from learning_hub.notifications import services, tasks
from tests.factories import make_user
from tests.helpers import login

NOW = datetime(2026, 12, 7, 8, 0)


def _preference(db, user, kind):
    row = db.session.get(NotificationPreference, (user.id, kind))
    return row.channel if row else None


def test_defaults_never_email_each_message(app):
    user = make_user()
    assert services.channel_for(user.id, "message") == "daily"
    assert services.channel_for(user.id, "peer_suggestions") == "daily"


def test_email_now_carries_one_click_unsubscribe_headers_and_link(app, db, outbox, https_base):
    user = make_user(locale="fr")
    services.set_channels(user, {"peer_suggestions": "email"})
    services.notify(user, "peer_suggestions", {"name": "Ana"}, "/peers/suggestions/1")
    assert len(outbox) == 1
    mail = outbox[0]
    assert mail.subject == "Nouvelle suggestion de pair\u00a0: Ana"
    header = mail.headers["List-Unsubscribe"]
    assert header.startswith("<https://hub.example.org/notifications/unsubscribe/")
    assert header.endswith(">")
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header[1:-1]
    assert url in mail.text  # the same working link in the body
    assert "https://hub.example.org/peers/suggestions/1" in mail.text


def test_unsubscribe_works_signed_out_for_its_kind_only(app, db, client, outbox, https_base):
    user = make_user()
    services.set_channels(user, {"peer_suggestions": "email", "checkin": "email"})
    services.notify(user, "peer_suggestions", {"name": "Ana"})
    path = urlparse(outbox[0].headers["List-Unsubscribe"][1:-1]).path

    page = client.get(path)  # GET only asks
    assert page.status_code == 200
    assert _preference(db, user, "peer_suggestions") == "email"

    done = client.post(path, data={"List-Unsubscribe": "One-Click"})  # what a mail client sends, no session
    assert done.status_code == 200
    assert _preference(db, user, "peer_suggestions") == "app"
    assert _preference(db, user, "checkin") == "email"  # other kinds untouched
    services.notify(user, "peer_suggestions", {"name": "Ben"})
    assert len(outbox) == 1  # no email any more, but still in the app
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 2


def test_unsubscribe_without_csrf_token_when_csrf_is_on(make_app, app, db):
    user = make_user()
    services.set_channels(user, {"checkin": "email"})
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    with csrf_app.test_request_context():
        token = services.unsubscribe_token(user.id, "checkin")
    response = csrf_app.test_client().post(
        f"/notifications/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert _preference(db, user, "checkin") == "app"


def test_a_forged_or_edited_token_does_nothing(app, db, client):
    user = make_user()
    services.set_channels(user, {"checkin": "email"})
    token = services.unsubscribe_token(user.id, "checkin")
    forged = services.unsubscribe_token(user.id, "message")[:-2] + "xx"
    for bad in (forged, token[:-1], "not-a-token"):
        assert client.post(f"/notifications/unsubscribe/{bad}").status_code == 400
    assert _preference(db, user, "checkin") == "email"


def test_list_unread_count_mark_read_and_all(app, db, client):
    me, other = make_user(), make_user()
    first = services.notify(me, "mentoring_request", {"name": "Ana"}, "/mentoring/inbox")
    services.notify(me, "roundtable_invitation", {"title": "Open data"})
    theirs = services.notify(other, "message", {"name": "Zed"})
    login(client, me)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Ana asked you to mentor them" in page
    assert "Zed" not in page
    assert '<span class="unread-count">2' in page  # the unread count in the navigation
    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    client.post(f"/notifications/{first.id}/read")
    assert services.unread_count(me) == 1
    client.post("/notifications/read-all")
    assert services.unread_count(me) == 0
    assert services.unread_count(other) == 1


def test_settings_page_saves_channels(app, db, client):
    me = make_user()
    login(client, me)
    assert client.get("/notifications/settings").status_code == 200
    client.post("/notifications/settings", data={"channel_message": "weekly", "channel_checkin": "app"})
    assert services.channel_for(me.id, "message") == "weekly"
    assert services.channel_for(me.id, "checkin") == "app"
    client.post("/notifications/settings", data={"channel_message": "hourly"})
    assert services.channel_for(me.id, "message") == "weekly"


def test_daily_digest_in_the_recipients_language_sent_once(app, db, outbox, https_base):
    spanish, english = make_user(locale="es"), make_user(locale="en")
    for user in (spanish, english):
        services.notify(user, "message", {"name": "Ana"})
        services.notify(user, "peer_suggestions", {"name": "Ben"})
    services.set_channels(english, {"peer_suggestions": "weekly"})
    assert outbox == []  # daily by default: nothing at once
    for row in db.session.scalars(db.select(Notification)):
        row.created_at = NOW - timedelta(hours=1)
    db.session.commit()

    assert tasks.daily_digests(NOW) == 2
    assert tasks.daily_digests(NOW) == 0  # idempotent
    assert tasks.daily_digests(NOW + timedelta(hours=5)) == 0  # one a day
    by_to = {m.to: m for m in outbox}
    es = by_to[spanish.email]
    assert es.subject == "Su resumen diario: 2 nuevas"
    assert "Nuevo mensaje de Ana" in es.text
    assert es.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    en = by_to[english.email]
    assert en.subject == "Your daily summary: 1 new"
    assert "Ben" not in en.text  # that kind goes to the weekly digest
    assert tasks.weekly_digests(NOW) == 1
    assert tasks.weekly_digests(NOW + timedelta(days=1)) == 0  # same ISO week
    assert db.session.scalar(db.select(db.func.count(DigestMarker.id))) == 3


def test_digest_unsubscribe_stops_that_digest(app, db, client, outbox):
    user = make_user()
    services.notify(user, "message", {"name": "Ana"})
    tasks.daily_digests(datetime.now() + timedelta(minutes=1))
    path = urlparse(outbox[0].headers["List-Unsubscribe"][1:-1]).path
    client.post(path)
    assert services.channel_for(user.id, "message") == "app"
    assert services.channel_for(user.id, "checkin") == "email"  # not a daily kind: untouched


def test_emails_are_sent_once_even_when_run_twice(app, db, outbox):
    user = make_user()
    services.set_channels(user, {"message": "email"})
    notification = services.add(user, "message", {"name": "Ana"})
    db.session.commit()
    services.deliver([notification.id])
    services.deliver([notification.id])
    tasks.emails_owed()
    assert len(outbox) == 1


def test_told_by_email_is_not_emailed_again_nor_digested(app, db, outbox):
    user = make_user()
    services.set_channels(user, {"roundtable_invitation": "email"})
    services.notify(user, "roundtable_invitation", {"title": "X"}, told_by_email=True)
    tasks.daily_digests(datetime.now() + timedelta(minutes=1))
    assert outbox == []
    assert services.unread_count(user) == 1
