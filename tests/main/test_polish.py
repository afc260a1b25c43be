"""Low-polish defects seen across pages, each named after what people saw."""

from __future__ import annotations

import re

from tests.factories import make_user


def test_raw_role_keys_in_admin(client_as, role_users):
    page = client_as(role_users["admin"]).get("/admin/users").get_data(as_text=True)
    assert "Roundtable organiser" in page
    assert "Coordinator" in page
    assert not re.search(r'value="y"(?: checked)?> (organiser|coordinator|admin)</label>', page)


def test_new_members_dashboard_has_no_next_step(client_as, db):
    """A new member with an empty profile is pointed at what to do next."""
    user = make_user(listed=False, languages=(), policy_areas=(), sector="")
    page = client_as(user).get("/dashboard").get_data(as_text=True)
    assert re.search(r'<a class="button primary" href="/profile">Next step: complete your profile</a>', page), page


def test_missing_space_in_name_country(app):
    """ "Name · Country", never "Name· Country"."""
    with app.test_request_context():
        template = app.jinja_env.from_string(
            '{% from "peer_exchange/_macros.html" import person %}{{ person(profile, "KE") }}'
        )
        html = template.render(profile=type("P", (), {"display_name": "Ama"})())
    text = re.sub(r"<[^>]+>", "", html)
    assert re.search(r"Ama\s+·\s+Kenya", text), text
