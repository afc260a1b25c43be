"""Landing page, dashboard, health check, error pages."""

from tests.factories import make_user
from tests.helpers import login


def test_landing_says_what_it_is_for(client):
    page = client.get("/").get_data(as_text=True)
    assert "open-government" in page
    assert 'lang="en"' in page
    assert "Skip to content" in page


def test_landing_counts_only_listed_profiles(client):
    make_user(listed=True, country="KE")
    make_user(listed=False, country="NG")
    page = client.get("/").get_data(as_text=True)
    assert "1 listed reformer" in page
    assert "1 country" in page


def test_healthz_reports_database(client, app):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["backend"] in ("sqlite", "postgresql")


def test_dashboard_per_role_navigation(client_as):
    reformer = make_user()
    coordinator = make_user(roles=("coordinator",))
    admin = make_user(roles=("admin",))
    assert "/admin/users" not in client_as(reformer).get("/dashboard").get_data(as_text=True)
    assert "/admin/users" not in client_as(coordinator).get("/dashboard").get_data(as_text=True)
    assert "/admin/users" in client_as(admin).get("/dashboard").get_data(as_text=True)


def test_error_pages_html_and_json(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Page not found" in page.get_data(as_text=True)
    api = client.get("/api/no-such-endpoint")
    assert api.status_code == 404
    assert api.get_json() == {"error": "not_found", "message": "Page not found"}


def test_forbidden_page(client):
    login(client, make_user())
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "do not have access" in response.get_data(as_text=True)


def test_server_error_page_rolls_back(make_app):
    other = make_app()

    @other.route("/boom-test")
    def boom():
        raise RuntimeError("boom")

    from learning_hub.authz import POLICY, PUBLIC

    POLICY["boom"] = PUBLIC
    try:
        response = other.test_client().get("/boom-test")
        assert response.status_code == 500
        assert "Nothing you entered is lost" in response.get_data(as_text=True)
    finally:
        POLICY.pop("boom")


def test_each_role_gets_its_own_dashboard_panels(client_as):
    """Coordinators see match lists, the mentoring queue and imports; organisers roundtables; admins the platform."""
    pages = {
        role: client_as(make_user(roles=(role,))).get("/dashboard").get_data(as_text=True)
        for role in ("coordinator", "organiser", "admin")
    }
    reformer = client_as(make_user()).get("/dashboard").get_data(as_text=True)
    assert "Peer-exchange match lists" in pages["coordinator"]
    assert "Mentoring requests to place" in pages["coordinator"]
    assert "Directory imports and exports" in pages["coordinator"]
    assert "Upcoming roundtables" in pages["organiser"]
    assert "Peer-exchange match lists" not in pages["organiser"]
    assert "Background jobs" in pages["admin"] or "No background job failed" in pages["admin"]
    assert not any(title in reformer for title in ("Peer-exchange match lists", "Upcoming roundtables", "Platform"))


def test_job_status_only_for_its_starter_and_the_role_whose_work_it_is(client, db):
    """A coordinator's match run is not an organiser's business, nor an organiser's mailing a coordinator's."""
    from learning_hub.models import Job

    coordinator = make_user(roles=("coordinator",))
    organiser = make_user(roles=("organiser",))
    other_coordinator = make_user(roles=("coordinator",))
    other_organiser = make_user(roles=("organiser",))
    admin = make_user(roles=("admin",))
    run = Job(kind="peer_exchange.run", created_by_id=coordinator.id)
    mailing = Job(kind="roundtables.send", created_by_id=organiser.id)
    db.session.add_all([run, mailing])
    db.session.commit()
    expected = {
        (coordinator, run): 200,
        (other_coordinator, run): 200,
        (organiser, run): 404,
        (admin, run): 200,
        (organiser, mailing): 200,
        (other_organiser, mailing): 200,
        (coordinator, mailing): 404,
        (admin, mailing): 200,
    }
    for (user, job), status in expected.items():
        login(client, user)
        assert client.get(f"/jobs/{job.id}?format=json").status_code == status, (user.roles, job.kind)


def test_too_large_page_names_the_limit(make_app):
    from tests.api.helpers import bearer

    small = make_app(MAX_CONTENT_LENGTH=1024 * 1024)
    body = "x" * (1024 * 1024 + 1)
    response = small.test_client().post("/login", data={"email": body})
    assert response.status_code == 413
    assert "1.0 MiB" in response.get_data(as_text=True)
    api = small.test_client().patch(
        "/api/v1/profile", data=body, content_type="application/json", headers=bearer(make_user())
    )
    assert api.status_code == 413
    assert "1.0 MiB" in api.get_json()["message"]
