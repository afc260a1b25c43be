"""Security headers, password hashing strength, login throttling, production configuration."""

import pytest

from config import Config, ProductionConfig
from learning_hub import create_app
from learning_hub.security import CONTENT_SECURITY_POLICY
from tests.factories import make_user


def test_security_headers(client):
    response = client.get("/")
    headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # development and tests run on plain HTTP


def test_no_inline_script_in_pages(client):
    for path in ("/", "/login", "/register", "/forgot-password"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page
        assert "<script " not in page.replace("<script src=", "")
        assert ' style="' not in page
        assert " onclick=" not in page


def test_password_hash_meets_owasp_floor(app):
    assert Config.PASSWORD_HASH_METHOD == "scrypt:131072:8:1"
    from werkzeug.security import check_password_hash, generate_password_hash

    hashed = generate_password_hash("x" * 12, method=Config.PASSWORD_HASH_METHOD)
    assert hashed.startswith("scrypt:131072:8:1$")
    assert check_password_hash(hashed, "x" * 12)


def test_login_is_throttled_per_address(client):
    statuses = [
        client.post("/login", data={"email": f"user{i}@example.org", "password": "wrong password"}).status_code
        for i in range(52)
    ]
    assert 429 in statuses
    assert statuses.index(429) == 50


def test_successful_logins_are_not_counted(client):
    make_user("regular@example.org")
    for _ in range(12):
        response = client.post(
            "/login", data={"email": "regular@example.org", "password": "correct horse battery staple"}
        )
        assert response.status_code == 302
        client.post("/logout")


def test_production_refuses_to_start_without_secrets(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY, DATABASE_URL"):
        create_app(ProductionConfig)


def test_production_starts_with_secrets(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"]
    assert app.config["SECRET_KEY"] == "s" * 32
    assert app.config["ALLOW_DEMO_SEED"] is False
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code != 0
    assert "development only" in result.output


CHILD = """
import sys
from config import TestingConfig
from learning_hub import create_app
cls = type("C", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": sys.argv[1]})
client = create_app(cls).test_client()
print(" ".join(str(client.post("/login", data={"email": sys.argv[2], "password": "guess"}).status_code)
               for _ in range(5)))
"""


def test_login_slow_down_is_shared_across_processes(make_app, config_class):
    """The per-account count lives in the database: another process's wrong passwords count against the account."""
    import subprocess
    import sys
    import uuid

    email = f"shared-{uuid.uuid4().hex[:12]}@example.org"
    make_user(email)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, config_class.SQLALCHEMY_DATABASE_URI, email],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert child.stdout.split() == ["422"] * 5
    here = make_app().test_client()
    # The 6th wrong password is still checked (5 are free), then the next try must wait 2 seconds.
    statuses = [here.post("/login", data={"email": email, "password": "guess"}).status_code for _ in range(2)]
    assert statuses == [422, 429]
