"""Creating a roundtable through HTTP: the form, quotas restated in plain words, the generated list with relevance and
reasons, quotas held (partner seats included), infeasible quotas explained with the values kept, and bad input."""

from __future__ import annotations

from collections import Counter

import pytest

from learning_hub.models import Profile, Roundtable
from tests.helpers import changed_tables, snapshot
from tests.roundtables.helpers import create, form_data, quota, rows


def _profiles(db, invitee_rows) -> list[Profile]:
    return [db.session.get(Profile, r.profile_id) for r in invitee_rows]


def test_form_page_offers_zones_people_and_quota_groups(client_as, directory, organiser):
    """The create form lists time zones, listed people (no gender) and the quota groups, partners included."""
    page = client_as(organiser).get("/roundtables/new").get_data(as_text=True)
    assert "Africa/Nairobi" in page
    assert "America/Bogota" in page
    assert "Reformer 00, Kenya" in page
    assert 'value="partner:"' in page
    assert "Technical and financial partners" in page
    assert 'value="gender:woman"' in page
    assert 'value="country:KE"' in page


def test_check_button_restates_quotas_in_plain_words_and_saves_nothing(client_as, directory, organiser):
    client = client_as(organiser)
    data = form_data(seats="12", check="Check the quotas")
    del data["submit"]
    quota(data, 0, "country:KE", "2")
    quota(data, 1, "gender:woman", "40%", "60%")
    quota(data, 2, "partner:", "", "3")
    before = snapshot()
    response = client.post("/roundtables/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "At least 2 of 12 seats for people from Kenya" in page
    assert "Between 5 (40%) and 7 (60%) of 12 seats for women" in page
    assert "At most 3 of 12 seats for technical and financial partners" in page
    assert 'name="quotas-4-who"' in page  # empty rows were added for more quotas
    assert changed_tables(before, snapshot()) == []


def test_create_generates_the_most_relevant_list_with_reasons(client_as, directory, organiser, db):
    """Six seats: the people who write about the topic are invited, each with relevance and the matching sentence;
    the waiting list follows; the page shows both."""
    client = client_as(organiser)
    rt = create(client)
    assert rt.status == "planning"
    assert rt.seats == 6
    assert rt.time_zone == "Africa/Nairobi"
    assert rt.starts_at.hour == 11  # 14:00 in Nairobi is 11:00 UTC
    invited, waiting = rows(rt.id, "invitee"), rows(rt.id, "substitute")
    assert len(invited) == 6
    assert len(waiting) == 6
    assert all(p.display_name < "Reformer 10" for p in _profiles(db, invited))  # the ten who write on the topic
    assert all(r.relevance > max(w.relevance for w in waiting[4:]) for r in invited)
    assert all("beneficial ownership" in r.excerpt.lower() and r.terms for r in invited)
    page = client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert "Waiting list" in page
    assert "Shared terms:" in page
    assert "2:00" in page
    assert "11:00" in page
    assert "(Africa/Nairobi)" in page
    assert "UTC" in page
    assert rt.report["violations"] == 0
    assert rt.report["candidates"] == 24


def test_quotas_hold_partner_seats_and_gender_share(client_as, directory, organiser, db):
    """At least 2 partner seats (only one partner writes on the topic), at least 3 Kenyans, women at least 50%."""
    data = form_data()
    quota(data, 0, "partner:", "2")
    quota(data, 1, "country:KE", "3")
    quota(data, 2, "gender:woman", "50%")
    rt = create(client_as(organiser), **data)
    people = _profiles(db, rows(rt.id, "invitee"))
    assert sum(p.sector == "technical_financial_partner" for p in people) >= 2
    assert sum(p.country == "KE" for p in people) >= 3
    assert sum(p.gender == "woman" for p in people) >= 3
    assert rt.quotas[0] == {"kind": "partner", "value": "", "min": "2", "max": ""}


def test_max_per_country_caps_every_country(client_as, directory, organiser, db):
    rt = create(client_as(organiser), max_per_country="1", seats="4")
    countries = Counter(p.country for p in _profiles(db, rows(rt.id, "invitee")))
    assert max(countries.values()) == 1
    assert len(countries) == 4


def test_gender_is_never_shown_per_person(client_as, directory, organiser):
    """Gender quotas appear as totals only: no gender word or gender quota beside any person."""
    data = quota(form_data(), 0, "gender:woman", "50%")
    client = client_as(organiser)
    rt = create(client, **data)
    page = client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    lists = page[page.index('id="list"') :]
    for word in ("Woman", "woman", "Women", " Man<", "Men", "gender"):
        assert word not in lists
    assert "Women: " in page[: page.index('id="list"')]  # the aggregate
    assert "for women" in page  # the quota itself, in the coverage table


def test_infeasible_quotas_name_the_conflict_and_suggest_a_relaxation(client_as, directory, organiser):
    """Four Kenyans but at most three per country: the message names both rules and the bound to relax; the form
    keeps every value; nothing is saved."""
    data = quota(form_data(title="Kept title", max_per_country="3"), 0, "country:KE", "4")
    client = client_as(organiser)
    before = snapshot()
    response = client.post("/roundtables/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "These rules cannot all hold for 6 seats" in page
    assert "At least 4 of 6 seats for people from Kenya" in page
    assert "At most 3 people from any one country" in page
    assert (
        "lower the minimum for people from Kenya from 4 to 3 seats" in page
        or "allow up to 4 people from any one country" in page
    )
    assert 'value="Kept title"' in page
    assert 'value="4"' in page
    assert 'value="country:KE" selected' in page
    assert changed_tables(before, snapshot()) == []


def test_too_few_people_for_the_quota_is_explained(client_as, directory, organiser):
    """Five partner seats when only four partners are listed: the smallest relaxation lowers that minimum."""
    data = quota(form_data(), 0, "partner:", "5")
    response = client_as(organiser).post("/roundtables/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "lower the minimum for technical and financial partners from 5 to 4 seats" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Fill in this field."),
        ({"topic": "too short"}, "Use 20 to 4000 characters."),
        ({"seats": "1"}, "Choose between 2 and 200 seats."),
        ({"seats": "99999999999999999999"}, "Choose between 2 and 200 seats."),
        ({"time_zone": "Mars/Olympus"}, "Choose one of the options."),
        ({"format": "in_person", "location": ""}, "Give the venue of an in-person roundtable."),
        ({"start_date": "2020-01-01", "deadline_date": "2019-12-01"}, "The roundtable must start in the future."),
        ({"deadline_date": "2099-01-01"}, "The deadline must come before the roundtable starts."),
        (
            {
                "start_date": "2031-03-30",
                "start_time": "02:30",
                "time_zone": "Europe/Paris",
                "deadline_date": "2031-03-01",
            },
            "does not exist on 2031-03-30 in Europe/Paris",
        ),
        ({"title": "bad\x00title"}, "Remove the invisible control characters"),
        ({"quotas-0-who": "country:KE", "quotas-0-min": "two"}, "Write a number of seats such as 2"),
        ({"quotas-0-who": "country:KE", "quotas-0-min": "150%"}, "A share cannot be more than 100%."),
        ({"quotas-0-who": "country:ZZ", "quotas-0-min": "1"}, "Choose a country."),
        ({"quotas-0-who": "gender:prefer_not_to_say", "quotas-0-min": "1"}, "Choose a gender."),
        ({"quotas-0-who": "sector:technical_financial_partner", "quotas-0-min": "1"}, "partners have a quota kind"),
        ({"quotas-0-who": "country:KE"}, "Give a minimum, a maximum or both."),
        ({"quotas-0-who": "country:KE", "quotas-0-min": "4", "quotas-0-max": "2"}, "The minimum is above the maximum."),
        ({"quotas-0-who": "country:KE", "quotas-0-min": "7"}, "There are only 6 seats."),
        ({"quotas-0-who": "country:KE", "quotas-0-min": "55%", "quotas-0-max": "60%"}, "leaves no whole number"),
        (
            {"quotas-0-who": "country:KE", "quotas-0-min": "1", "quotas-1-who": "country:KE", "quotas-1-max": "3"},
            "Quota 1 is for the same people",
        ),
        ({"quotas-0-who": "", "quotas-0-min": "2"}, "Choose who the quota is for."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client_as, directory, organiser, overrides, message):
    client = client_as(organiser)
    before = snapshot()
    response = client.post("/roundtables/new", data=form_data(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page
    assert message in page.replace("&#39;", "'")
    assert changed_tables(before, snapshot()) == []


def test_pins_and_exclusions_from_the_form(client_as, directory, organiser, db):
    """A pinned person with an unrelated text is invited; an excluded relevant one is not; both at once is refused."""
    unrelated, relevant = directory[15].profile.id, directory[0].profile.id
    client = client_as(organiser)
    rt = create(client, pins=[str(unrelated)], excludes=[str(relevant)])
    listed = {r.profile_id: r for r in rows(rt.id)}
    assert listed[unrelated].list_role == "invitee"
    assert listed[unrelated].pinned
    assert relevant not in listed
    response = client.post("/roundtables/new", data=form_data(pins=[str(relevant)], excludes=[str(relevant)]))
    assert response.status_code == 422
    assert "both pinned and excluded" in response.get_data(as_text=True)
    seven = [str(u.profile.id) for u in directory[:7]]
    response = client.post("/roundtables/new", data=form_data(pins=seven))
    assert response.status_code == 422
    assert "More people are pinned than there are seats" in response.get_data(as_text=True)


def test_unlisted_people_are_never_offered_or_listed(client_as, directory, organiser, db):
    from tests.factories import make_user

    hidden = make_user(display_name="Hidden Person", listed=False, challenges=[directory[0].profile.challenges[0].text])
    client = client_as(organiser)
    assert "Hidden Person" not in client.get("/roundtables/new").get_data(as_text=True)
    response = client.post("/roundtables/new", data=form_data(pins=[str(hidden.profile.id)]))
    assert response.status_code == 422
    rt = create(client)
    assert hidden.profile.id not in {r.profile_id for r in rows(rt.id)}


def test_edit_changes_details_and_regenerates_with_new_rules(client_as, directory, organiser, db):
    client = client_as(organiser)
    rt = create(client)
    client.post(f"/roundtables/{rt.id}/edit", data=quota(form_data(), 0, "country:KE", "2"))
    page = client.get(f"/roundtables/{rt.id}/edit").get_data(as_text=True)
    assert 'value="Ownership roundtable"' in page
    assert 'value="14:00"' in page
    assert "At least 2 of 6 seats for people from Kenya" in page  # saved quotas are restated on the edit page
    data = quota(form_data(title="Renamed", seats="8", start_time="15:30"), 0, "partner:", "2")
    response = client.post(f"/roundtables/{rt.id}/edit", data=data)
    assert response.status_code == 302
    rt = db.session.get(Roundtable, rt.id)
    assert rt.title == "Renamed"
    assert rt.seats == 8
    assert rt.sequence == 1
    assert rt.starts_at.minute == 30
    assert len(rows(rt.id, "invitee")) == 8
    people = _profiles(db, rows(rt.id, "invitee"))
    assert sum(p.sector == "technical_financial_partner" for p in people) >= 2


def test_unknown_roundtables_are_404(client_as, organiser, directory):
    client = client_as(organiser)
    for path in (
        "/roundtables/999",
        "/roundtables/999/edit",
        "/roundtables/999/attendees.csv",
        "/roundtables/999/event.ics",
        "/roundtables/2147483648",
    ):
        assert client.get(path).status_code == 404
    for path in (
        "/roundtables/999/generate",
        "/roundtables/999/invite",
        "/roundtables/999/people/1",
        "/roundtables/999/remind",
        "/roundtables/999/people/1/invite",
    ):
        assert client.post(path, data={"action": "pin"}).status_code == 404


def test_index_lists_roundtables_for_organisers_only(client_as, directory, organiser, role_users):
    client = client_as(organiser)
    create(client)
    assert "Ownership roundtable" in client.get("/roundtables/").get_data(as_text=True)
    assert client_as(role_users["reformer"]).get("/roundtables/").status_code == 403
    assert client_as(role_users["coordinator"]).get("/roundtables/").status_code == 403


def test_pins_that_break_a_gender_quota_are_counted_not_named(client_as, directory, organiser):
    """Three men pinned to four seats with at least half women: the message names the quota and counts the pins
    (naming them would tell each one's gender)."""
    men = [u for u in directory if u.profile.gender == "man"][:3]
    data = quota(form_data(seats="4", pins=[str(u.profile.id) for u in men]), 0, "gender:woman", "50%")
    response = client_as(organiser).post("/roundtables/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "At least 2 (50%) of 4 seats for women" in page
    assert "keeping the 3 pinned people on the list" in page
    assert not any(u.profile.display_name in page.split("These rules")[1].split("</div>")[0] for u in men)


def test_pins_that_break_another_quota_are_named(client_as, directory, organiser):
    others = [u for u in directory if u.profile.country != "KE"][:3]
    data = quota(form_data(seats="4", pins=[str(u.profile.id) for u in others]), 0, "country:KE", "2")
    page = client_as(organiser).post("/roundtables/new", data=data).get_data(as_text=True)
    assert all(f"keeping {u.profile.display_name} on the list" in page for u in others)


def test_every_quota_choice_has_its_own_label_in_every_language(app):
    """Two options with one label cannot be told apart, on the page or by a screen reader (the side "Civil society"
    once shadowed the sector "Civil society")."""
    from flask_babel import force_locale

    from learning_hub.roundtables.forms import who_groups

    for locale in ("en", "es", "fr", "id"):
        with app.test_request_context(), force_locale(locale):
            labels = [str(label) for _group, options in who_groups() for _value, label in options]
        assert len(labels) == len(set(labels)), (locale, sorted({x for x in labels if labels.count(x) > 1}))
