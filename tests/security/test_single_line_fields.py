"""Single-line fields (names, titles, locations, search words) refuse line breaks and other control or format
characters, in every HTML form and in the API: a line break in a display name or a roundtable title used to be
stored, then break the email header of the notification after the action was committed."""

from __future__ import annotations

import inspect
import pkgutil

import pytest
from wtforms import Form, TextAreaField
from wtforms.fields.core import UnboundField

import learning_hub
from learning_hub.forms import SingleLine, breaks_single_line
from tests.api.conftest import api  # noqa: F401  (the fixture)
from tests.factories import make_user
from tests.helpers import login

# Hand-picked: what a person may type in a name, and what must be refused.
ACCEPTED = ["Ama Mensah", "María José Núñez-O'Brien", "Ngozi Okonjo-Iweala", "Nguyễn Thị Minh Khai", "李小龍"]
REFUSED = [
    "Ama\r\nBcc: everyone@example.org",  # CR LF: a header injection
    "Ama\nMensah",  # LF
    "Ama\rMensah",  # a lone CR
    "Ama\tMensah",  # a tab
    "Ama\x00",  # NUL
    "Ama\u202eahsneM",  # right-to-left override (Cf)
    "Ama\u200bMensah",  # zero-width space (Cf)
    "Ama\u2028Mensah",  # the line separator (Zl)
]


def test_the_rule_by_hand():
    assert [breaks_single_line(v) for v in ACCEPTED] == [False] * len(ACCEPTED)
    assert [breaks_single_line(v) for v in REFUSED] == [True] * len(REFUSED)


def _forms():
    for module_info in pkgutil.walk_packages(learning_hub.__path__, "learning_hub."):
        if module_info.name.endswith(".forms"):
            module = __import__(module_info.name, fromlist=["*"])
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, Form) and cls.__module__ == module.__name__:
                    yield cls


def test_every_single_line_field_of_every_form_has_the_validator():
    from wtforms import StringField

    checked, missing = 0, []
    for form in _forms():
        for name, value in vars(form).items():
            if not isinstance(value, UnboundField):
                continue
            field_class = value.field_class
            if not issubclass(field_class, StringField) or issubclass(field_class, TextAreaField):
                continue
            if field_class.__name__ in ("PasswordField", "HiddenField"):
                continue
            checked += 1
            validators = value.kwargs.get("validators") or (value.args[1] if len(value.args) > 1 else [])
            if not any(isinstance(v, SingleLine) for v in validators):
                missing.append(f"{form.__module__}.{form.__name__}.{name}")
    print(f"\n{checked} single-line form fields checked, {len(missing)} without SingleLine")
    assert checked >= 15
    assert missing == []


@pytest.mark.parametrize("value", REFUSED[:7])
def test_profile_name_refuses_it_in_the_form_and_the_api(app, client_as, db, api, value):  # noqa: F811
    user = make_user(display_name="Before")
    response = client_as(user).post("/profile/details", data={"details-display_name": value})
    assert response.status_code == 422
    response = api("PATCH", "/api/v1/profile", user, json={"display_name": value})
    assert response.status_code == 422
    assert "display_name" in response.get_json()["errors"]
    db.session.expire_all()
    assert db.session.get(type(user), user.id).profile.display_name == "Before"


def test_roundtable_title_with_a_line_break_is_refused(app, client, db):
    from tests.roundtables.helpers import form_data

    organiser = make_user(roles=("organiser",), listed=False)
    login(client, organiser)
    response = client.post("/roundtables/new", data=form_data(title="Ownership\r\nBcc: all@example.org"))
    assert response.status_code == 422
    assert "single line" in response.get_data(as_text=True)
