"""Accounts: register, sign in and out, passwords, sessions."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from learning_hub.auth import routes, tasks  # noqa: E402,F401


def init_app(app) -> None:
    """The feature's periodic task (see learning_hub/scheduler.py)."""
    from datetime import timedelta

    from learning_hub.auth.services import purge_expired_tokens
    from learning_hub.scheduler import periodic

    periodic(
        app,
        "auth.purge_tokens",
        every=timedelta(days=1),
        run=purge_expired_tokens,
        description="Delete expired or used password-reset and invitation links, and expired access tokens",
    )
