"""Each person's own time zone: defaulted from their country, changeable on the profile, and used for the times
invitees read; the organiser's zone picker grouped by country without deprecated names; meeting links clickable
and safe."""

from __future__ import annotations

import re

from learning_hub.models import Profile, Roundtable
from learning_hub.roundtables import times
from learning_hub.templating import meeting_link
from tests.factories import make_user
from tests.roundtables.helpers import create, links_by_email, rows


def _invited(client, db, outbox, **form):
    rt = create(client, **form)
    assert client.post(f"/roundtables/{rt.id}/invite").status_code == 302
    return db.session.get(Roundtable, rt.id), links_by_email(outbox)


def test_invitees_see_times_only_in_the_organisers_zone_fixed(client, client_as, directory, organiser, db, outbox):
    """A Nairobi roundtable (14:00) read by an invitee in the Philippines shows her own time, 7 pm in Manila, on
    the answer page and in the email, beside the organiser's zone and UTC."""
    rt, links = _invited(client_as(organiser), db, outbox)
    manila = next(r for r in rows(rt.id, "invitee") if db.session.get(Profile, r.profile_id).country == "PH")
    profile = db.session.get(Profile, manila.profile_id)
    page = client.get(links[profile.user.email]["accept"]).get_data(as_text=True)
    # Nairobi is UTC+3 and Manila UTC+8 all year (no daylight saving): 14:00 in Nairobi is 19:00 (7:00 PM) in Manila.
    assert re.search(r"Your time: [^<]*, 7:00\WPM \(Asia/Manila\)", page), page
    assert "(Africa/Nairobi)" in page
    email = next(m for m in outbox if m.to == profile.user.email)
    assert "Your time:" in email.text
    assert re.search(r"7:00\WPM \(Asia/Manila\)", email.text)


def test_no_own_time_line_when_the_invitee_shares_the_organisers_zone(
    client, client_as, directory, organiser, db, outbox
):
    rt, links = _invited(client_as(organiser), db, outbox)
    nairobi = next(r for r in rows(rt.id, "invitee") if db.session.get(Profile, r.profile_id).country == "KE")
    email = db.session.get(Profile, nairobi.profile_id).user.email
    assert "Your time:" not in client.get(links[email]["accept"]).get_data(as_text=True)


def test_organisers_zone_picker_is_grouped_by_country_without_deprecated_aliases(client_as, organiser):
    page = client_as(organiser).get("/roundtables/new").get_data(as_text=True)
    picker = page[page.index('name="time_zone"') :]
    picker = picker[: picker.index("</select>")]
    for alias in ("US/Eastern", "Asia/Calcutta", "Europe/Kiev", "EST5EDT", "America/Buenos_Aires", "Asia/Saigon"):
        assert f'value="{alias}"' not in picker, alias
    kenya = picker[picker.index('<optgroup label="Kenya">') :]
    assert kenya[: kenya.index("</optgroup>")].count("<option") == 1
    assert 'value="Africa/Nairobi"' in kenya[: kenya.index("</optgroup>")]
    indonesia = picker[picker.index('<optgroup label="Indonesia">') :]
    assert indonesia[: indonesia.index("</optgroup>")].count("<option") == 4  # Jakarta, Pontianak, Makassar, Jayapura
    assert "data-search=" in page
    assert "js/select-search.js" in page


def test_profile_time_zone_defaults_from_country_and_can_be_changed(client_as, db):
    user = make_user(country="ID")
    client = client_as(user)
    page = client.get("/profile").get_data(as_text=True)
    assert re.search(r'<option selected value="Asia/Jakarta"|<option value="Asia/Jakarta" selected', page)
    data = {
        "details-display_name": user.profile.display_name,
        "details-country": "ID",
        "details-time_zone": "Asia/Makassar",
        "details-languages": ["en"],
    }
    assert client.post("/profile/details", data=data).status_code == 302
    db.session.refresh(user.profile)
    assert user.profile.time_zone == "Asia/Makassar"
    assert times.zone_of(user.profile) == "Asia/Makassar"
    refused = client.post("/profile/details", data=data | {"details-time_zone": "US/Eastern"})
    assert refused.status_code == 422


def test_meeting_link_is_not_a_link_fixed():
    link = str(meeting_link("https://meet.example.org/room?id=1&x=2"))
    assert link == (
        '<a href="https://meet.example.org/room?id=1&amp;x=2" rel="noopener noreferrer nofollow">'
        "https://meet.example.org/room?id=1&amp;x=2</a>"
    )
    assert str(meeting_link("javascript:alert(1)")) == "javascript:alert(1)"
    assert str(meeting_link('https://x.example.org/"><script>')) == "https://x.example.org/&#34;&gt;&lt;script&gt;"
    assert str(meeting_link("Room 4, City Hall")) == "Room 4, City Hall"


def test_your_answer_twice_on_the_rsvp_page_and_a_calendar_file_after_declining(
    client, client_as, directory, organiser, db, outbox
):
    _rt, links = _invited(client_as(organiser), db, outbox)
    accept = next(iter(links.values()))["accept"]
    page = client.get(accept).get_data(as_text=True)
    assert page.count(">Your answer<") == 0
    assert "Your answer so far" in page
    assert "Answer the invitation" in page
    assert "Add to my calendar" in page
    client.post(accept, data={"answer": "decline"})
    declined = client.get(accept).get_data(as_text=True)
    assert "Change your answer" in declined
    assert "Add to my calendar" not in declined


def test_sixty_name_multi_selects_say_hold_ctrl_with_no_search(client_as, organiser):
    page = client_as(organiser).get("/roundtables/new").get_data(as_text=True)
    for name in ("pins", "excludes"):
        select = page[page.index(f'name="{name}"') - 200 : page.index(f'name="{name}"') + 200]
        assert 'data-search="Find a person"' in select, name
    assert "js/select-search.js" in page


def test_header_only_attendee_csv_with_no_invitation_list_export(client_as, directory, organiser, db, outbox):
    """Before anyone accepts, the organiser can still download the invitation list: every invitee and person
    on the waiting list, with their answer so far; the page says why the attendee list is empty."""
    organiser_client = client_as(organiser)
    rt, _links = _invited(organiser_client, db, outbox)
    page = organiser_client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert "Nobody has accepted yet" in page
    response = organiser_client.get(f"/roundtables/{rt.id}/attendees.csv?personal=1&list=all")
    assert f"roundtable-{rt.id}-invitation-list-personal.csv" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].endswith(",list,answer")
    invited = [line for line in lines[1:] if line.endswith(",invitee,pending")]
    assert len(invited) == len(rows(rt.id, "invitee")) == 6
    assert len(lines) - 1 == len(rows(rt.id))
