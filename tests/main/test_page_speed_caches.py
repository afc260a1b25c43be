"""What every page's header and templates now keep between calls (translations looked up once per locale and request,
the navigation per language, roles and section) still follows the reader: a forced locale, another language, other
roles."""

from __future__ import annotations

import re

from flask import render_template_string
from flask_babel import force_locale

from tests.factories import make_user


def _nav(page: str) -> list[str]:
    nav = re.search(r'<nav aria-label="[^"]*" class="main-nav">(.*?)</nav>', page, re.S).group(1)
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def test_defect_15_template_translations_follow_a_forced_locale(app):
    """Emails are rendered inside a request under another person's locale (force_locale): the templates' `_()`
    must switch with it and back."""
    with app.test_request_context("/"):
        assert render_template_string("{{ _('Sign in') }}") == "Sign in"
        with force_locale("fr"):
            assert render_template_string("{{ _('Sign in') }}") == "Se connecter"
        assert render_template_string("{{ _('Sign in') }}") == "Sign in"


def test_defect_15_navigation_follows_roles_and_language(client_as):
    member, admin = client_as(make_user()), client_as(make_user(roles=("admin",)))
    assert "Admin" not in _nav(member.get("/directory").get_data(as_text=True))
    assert "Admin" in _nav(admin.get("/directory").get_data(as_text=True))
    assert "Admin" not in _nav(member.get("/directory").get_data(as_text=True))  # not the admin's cached links
    visitor = client_as(None)
    assert "Dashboard" not in _nav(visitor.get("/directory").get_data(as_text=True))
    spanish = _nav(client_as(make_user(locale="es")).get("/courses").get_data(as_text=True))
    assert "Directorio" in spanish
    assert "Directory" not in spanish
    page = member.get("/directory").get_data(as_text=True)
    assert re.search(r'<a href="/directory" aria-current="page">', page)  # the active section marked
