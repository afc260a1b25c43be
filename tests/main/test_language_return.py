"""Changing the language from any page comes back to a page read with GET, never to a POST target (a 405)."""

from __future__ import annotations

import re

import pytest

from learning_hub.security import page_to_return_to
from tests.factories import make_user

NEXT_FIELD = re.compile(r'name="next" value="([^"]*)"')


def _post_only_paths(app) -> list[str]:
    """One concrete path for every address the app answers to POST but never to GET."""
    paths = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and "GET" not in rule.methods and not rule.rule.startswith("/api/"):
            paths.append(rule.rule if not rule.arguments else re.sub(r"<[^>]+>", "1", rule.rule))
    return paths


def test_language_switch_after_a_form_error_never_targets_the_post_address(app):
    """From a page answered to a POST (a form with errors), the picker brings the person back to the page that held
    the form, with its query string; without a usable Referer, to the home page; never to the POST address."""
    paths = _post_only_paths(app)
    assert "/profile/challenges" in paths
    for path in paths:
        with app.test_request_context(path, method="POST", headers={"Referer": "http://localhost/directory?q=budget"}):
            assert page_to_return_to() == "/directory?q=budget", path
        with app.test_request_context(path, method="POST", headers={"Referer": f"http://localhost{path}"}):
            assert page_to_return_to() == "/", path
        with app.test_request_context(path, method="POST", headers={"Referer": "https://elsewhere.example/profile"}):
            assert page_to_return_to() == "/", path
        with app.test_request_context(path, method="POST"):
            assert page_to_return_to() == "/", path


def test_language_switch_from_a_page_read_with_get_keeps_it_and_its_query(app):
    with app.test_request_context("/directory?q=open+budget&country=KE"):
        assert page_to_return_to() == "/directory?q=open+budget&country=KE"
    with app.test_request_context("/peers/runs/new", method="POST"):  # a form that is also a page
        assert page_to_return_to() == "/peers/runs/new"


@pytest.mark.parametrize("locale", ["es", "fr", "id"])
def test_language_switch_after_a_profile_form_error_lands_on_the_profile(client_as, locale):
    """The error page's picker carries the profile page, and the switch lands there in the new language."""
    person = make_user(listed=True, country="KE")
    client = client_as(person)
    response = client.post(
        "/profile/challenges", data={"text": "short"}, headers={"Referer": "http://localhost/profile"}
    )
    assert response.status_code == 422
    assert NEXT_FIELD.findall(response.get_data(as_text=True)) == ["/profile"]
    switched = client.post("/language", data={"locale": locale, "next": "/profile/challenges"})
    assert switched.status_code == 302
    assert switched.headers["Location"] == "/"  # a stale POST address is refused
    switched = client.post("/language", data={"locale": locale, "next": "/profile"})
    assert switched.headers["Location"] == "/profile"
    page = client.get("/profile")
    assert page.status_code == 200
    assert f'lang="{locale}"' in page.get_data(as_text=True)
