"""Open redirects (docs/SECURITY.md §3): none of the known payloads may leave the site."""

import pytest

from learning_hub.security import is_safe_next
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.helpers import login

PAYLOADS = [
    "//evil.example",
    "/////evil.example",
    "http:evil.example",
    "https://evil.example",
    "http://evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "javascript:alert(1)",
    "//evil.example/%2F..",
    "/%09/evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    " //evil.example",
    "%2F%2Fevil.example",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "///evil.example/",
    "/\r\n/evil.example",
    "https:/\\evil.example",
]


def test_safe_targets_are_kept():
    assert is_safe_next("/dashboard")
    assert is_safe_next("/directory?q=beneficial+ownership&page=2")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_unsafe_next_is_refused(payload):
    assert not is_safe_next(payload)


def test_login_never_redirects_off_site(client, app):
    """Signing in with each payload as `next` lands on the dashboard, never elsewhere."""
    make_user("walker@example.org")
    left_site = 0
    for payload in PAYLOADS:
        client.get("/")  # fresh page view
        response = client.post(
            f"/login?next={payload}", data={"email": "walker@example.org", "password": DEFAULT_PASSWORD}
        )
        location = response.headers.get("Location", "")
        if not location.startswith("/") or location.startswith("//"):
            left_site += 1
        with client.session_transaction() as sess:
            sess.clear()
    print(f"\n{len(PAYLOADS)} open-redirect payloads checked, {left_site} left the site")
    assert left_site == 0


def test_language_picker_next_is_checked(client, app):
    user = make_user()
    login(client, user)
    response = client.post("/language", data={"locale": "es", "next": "//evil.example"})
    assert response.headers["Location"] == "/"
