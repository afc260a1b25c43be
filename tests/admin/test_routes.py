"""Admins manage roles and accounts; nobody else can."""

from tests.factories import make_user
from tests.helpers import login


def test_admin_grants_and_removes_roles(client, db):
    admin = make_user("root@example.org", roles=("admin",))
    user = make_user("someone@example.org")
    login(client, admin)
    page = client.get("/admin/users?q=someone").get_data(as_text=True)
    assert "someone@example.org" in page
    assert "root@example.org" not in page
    client.post(f"/admin/users/{user.id}/roles", data={"coordinator": "y", "organiser": "y"})
    assert user.has_role("coordinator")
    assert user.has_role("organiser")
    client.post(f"/admin/users/{user.id}/roles", data={"organiser": "y"})
    assert not user.has_role("coordinator")
    assert user.has_role("organiser")


def test_admin_cannot_remove_own_admin_role(client):
    admin = make_user(roles=("admin",))
    login(client, admin)
    client.post(f"/admin/users/{admin.id}/roles", data={})
    assert admin.is_admin


def test_deactivation_ends_sessions(client, app):
    admin = make_user(roles=("admin",))
    user = make_user()
    their_browser = login(app.test_client(), user)
    assert their_browser.get("/account").status_code == 200
    login(client, admin)
    client.post(f"/admin/users/{user.id}/active", data={"active": "0"})
    assert not user.active
    assert their_browser.get("/account").status_code == 302


def test_unknown_user_is_reported(client):
    login(client, make_user(roles=("admin",)))
    response = client.post("/admin/users/999999/roles", data={"coordinator": "y"}, follow_redirects=True)
    assert "No such user" in response.get_data(as_text=True)


def test_create_admin_command(runner, db):
    result = runner.invoke(args=["users", "create-admin", "chief@example.org", "--password", "long enough pass"])
    assert result.exit_code == 0, result.output
    from learning_hub.models import User

    user = db.session.scalar(db.select(User).where(User.email == "chief@example.org"))
    assert user.is_admin
    assert user.check_password("long enough pass")
    short = runner.invoke(args=["users", "create-admin", "x@example.org", "--password", "short"])
    assert short.exit_code != 0
    assert "10 characters" in short.output


def test_user_search_takes_percent_and_underscore_literally(client):
    """`%` and `_` are characters people search for in addresses and names, not wildcards."""
    admin = make_user("root@example.org", roles=("admin",))
    make_user("a_b@example.org", display_name="Underscore")
    make_user("axb@example.org", display_name="Any Letter")
    make_user("c@example.org", display_name="Fund 100% Open")
    make_user("d@example.org", display_name="Fund 1000 Open")
    login(client, admin)
    page = client.get("/admin/users?q=a_b").get_data(as_text=True)
    assert "a_b@example.org" in page
    assert "axb@example.org" not in page
    page = client.get("/admin/users?q=100%25").get_data(as_text=True)
    assert "c@example.org" in page
    assert "d@example.org" not in page
    page = client.get("/admin/users?q=%25").get_data(as_text=True)  # a lone % matches only names holding one
    assert "c@example.org" in page
    assert "root@example.org" not in page


def test_defect_12_an_admin_is_never_offered_to_lock_themselves_out(client):
    """The list offers no deactivate button and no removable admin box on the admin's own row; the service
    refuses both anyway."""
    admin = make_user("self@example.org", roles=("admin",))
    other = make_user("other-admin@example.org", roles=("admin",))
    login(client, admin)
    page = client.get("/admin/users").get_data(as_text=True)
    assert f'action="/admin/users/{admin.id}/active' not in page
    assert f'action="/admin/users/{other.id}/active' in page
    own_row = page.split("self@example.org", 1)[1].split("</tr>", 1)[0]
    assert '<input type="checkbox" name="admin"' not in own_row
    assert "your own account" in own_row
    client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
    client.post(f"/admin/users/{admin.id}/roles", data={"coordinator": "y"})
    assert admin.active
    assert admin.is_admin
