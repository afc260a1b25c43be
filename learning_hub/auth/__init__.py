"""Accounts: register, sign in and out, passwords, sessions."""

from flask import Blueprint

bp = Blueprint("auth", __name__)


def init_app(app) -> None:
    """Routes, the emails' background tasks, the periodic purge of old links and tokens."""
    from learning_hub.auth import routes, tasks  # noqa: F401  (routes: declared on bp)
    from learning_hub.jobs import register_task

    app.register_blueprint(bp)
    register_task(app, "auth.password_reset_email", tasks.password_reset_email)
    register_task(app, "auth.registration_email", tasks.registration_email)
    register_task(app, "auth.login_failures_email", tasks.login_failures_email)
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
