"""Security baseline: safe redirects, session lifetimes, response headers (docs/SECURITY.md §1-3 and "Headers")."""

from __future__ import annotations

import time
from urllib.parse import unquote, urlsplit

from flask import current_app, request, session, url_for
from flask_login import current_user, logout_user
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def is_safe_next(target: str | None) -> bool:
    """Only a relative path on this site: one leading '/', not followed by '/' or '\\', no scheme, no control chars.

    The widely copied urlparse-based check let `/////evil.example` and `http:evil.example` through.
    """
    if not target or not isinstance(target, str) or len(target) > 2000:
        return False
    # Check the value and its percent-decoded form: some browsers and proxies decode once more.
    for candidate in (target, unquote(target)):
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in candidate):
            return False
        if not candidate.startswith("/") or candidate.startswith(("//", "/\\")) or "\\" in candidate:
            return False
    return True


def safe_next(target: str | None, default: str) -> str:
    return target if is_safe_next(target) else default


def is_get_page(target: str | None) -> bool:
    """A safe relative path that some view answers with GET (not a POST-only form target, not an unknown URL)."""
    if not is_safe_next(target):
        return False
    try:
        current_app.create_url_adapter(request).match(urlsplit(target).path, method="GET")
    except RequestRedirect:  # a missing trailing slash: still a page to read
        return True
    except HTTPException:
        return False
    return True


def page_to_return_to() -> str:
    """The page to come back to after a language change or a refresh: this one with its query string when it can be
    read with GET; after a form posted to a POST-only address, the page that held the form (the Referer, when it is
    on this site and readable); else the home page. Never a POST target, which would answer 405."""
    here = request.full_path.rstrip("?")
    if is_get_page(here):
        return here
    if request.referrer:
        parts = urlsplit(request.referrer)
        if parts.netloc == request.host:
            there = parts.path + (f"?{parts.query}" if parts.query else "")
            if is_get_page(there):
                return there
    return url_for("main.index")


def start_session(remember: bool = False) -> None:
    """Called right after login_user: stamp the absolute lifetime and make the cookie expire when idle."""
    session.permanent = True  # PERMANENT_SESSION_LIFETIME is the idle limit, refreshed on each request
    session["_auth_at"] = int(time.time())
    session["_seen_at"] = int(time.time())


def check_session_lifetime() -> None:
    """before_request: end a session that was idle too long or is older than the absolute limit.

    The cookie's own expiry handles a browser that honours it; this check holds against a replayed cookie.
    """
    if not current_user.is_authenticated or "_auth_at" not in session:
        return
    now = int(time.time())
    idle = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    absolute = current_app.config["SESSION_ABSOLUTE_LIFETIME"].total_seconds()
    if now - session.get("_seen_at", 0) > idle or now - session["_auth_at"] > absolute:
        logout_user()
        session.clear()
        return
    session["_seen_at"] = now


def set_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("HSTS"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if current_user.is_authenticated and request.endpoint != "static":
        # Pages with personal data must not be kept by shared caches or the back button after logout.
        headers.setdefault("Cache-Control", "no-store")
    return response
