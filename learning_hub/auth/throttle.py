"""Sign-in slow-down per email address, instead of a lock-out that anyone could trigger against anyone.

After `LOGIN_FREE_FAILURES` wrong passwords for one address, each further try from an unknown browser must wait
twice as long as the one before (`LOGIN_DELAY_BASE_SECONDS` doubling, at most `LOGIN_DELAY_MAX_SECONDS`); a try
made too early is answered 429 without checking the password. A browser where the account signed in before carries
a signed "known browser" cookie, and from there the owner's correct password always passes. A successful sign-in
clears the count; the owner gets one email after `LOGIN_NOTICE_AFTER` wrong passwords in a row.
"""

from __future__ import annotations

import hashlib
import math
from datetime import timedelta

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from learning_hub.extensions import db
from learning_hub.models import LoginThrottle, utcnow

KNOWN_BROWSER_COOKIE = "lh_known"
KNOWN_BROWSER_MAX_ACCOUNTS = 5


def _key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="known-browser")


def known_user_ids() -> list[int]:
    """The accounts that signed in on this browser (from the signed cookie; empty if absent, forged or too old)."""
    raw = request.cookies.get(KNOWN_BROWSER_COOKIE)
    if not raw:
        return []
    max_age = current_app.config["KNOWN_BROWSER_DAYS"] * 86400
    try:
        ids = _serializer().loads(raw, max_age=max_age)
    except BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def remember_browser(response, user_id: int) -> None:
    """Mark this browser as known to the account (after a successful sign-in)."""
    ids = [user_id] + [i for i in known_user_ids() if i != user_id]
    cfg = current_app.config
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        _serializer().dumps(ids[:KNOWN_BROWSER_MAX_ACCOUNTS]),
        max_age=cfg["KNOWN_BROWSER_DAYS"] * 86400,
        httponly=True,
        secure=cfg["SESSION_COOKIE_SECURE"],
        samesite="Lax",
    )


def delay_after(failures: int) -> int:
    """Seconds the next try must wait after `failures` wrong passwords in a row (0: no wait)."""
    cfg = current_app.config
    beyond = failures - cfg["LOGIN_FREE_FAILURES"]
    if beyond <= 0:
        return 0
    return min(cfg["LOGIN_DELAY_BASE_SECONDS"] * 2 ** (beyond - 1), cfg["LOGIN_DELAY_MAX_SECONDS"])


def seconds_to_wait(email: str) -> int:
    row = db.session.get(LoginThrottle, _key(email))
    if row is None:
        return 0
    remaining = delay_after(row.failures) - (utcnow() - row.last_failed_at).total_seconds()
    return max(0, math.ceil(remaining))


def record_failure(email: str) -> int:
    """Count one wrong password for `email` (atomically, under concurrent tries); returns the new count."""
    key, now = _key(email), utcnow()
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = LoginThrottle.__table__
    statement = insert(table).values(key=key, failures=1, last_failed_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.key], set_={"failures": table.c.failures + 1, "last_failed_at": now}
    )
    db.session.execute(statement)
    count = db.session.scalar(db.select(LoginThrottle.failures).where(LoginThrottle.key == key))
    forget_old()
    return int(count or 0)


def record_success(email: str) -> None:
    db.session.execute(db.delete(LoginThrottle).where(LoginThrottle.key == _key(email)))


def forget_old() -> None:
    """Counts untouched for a day are dropped (the longest wait is far shorter), so the table stays small."""
    db.session.execute(db.delete(LoginThrottle).where(LoginThrottle.last_failed_at < utcnow() - timedelta(days=1)))
