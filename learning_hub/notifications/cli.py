"""`flask notifications run-due`: check-ins, owed emails and digests, now (idempotent; meant for a timer)."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

notifications_cli = AppGroup("notifications", help="Notifications, digests and outcome check-ins.")


@notifications_cli.command("run-due")
@click.option("--now", "now", default=None, help="Act as if it were this UTC moment (ISO 8601); default: now.")
def run_due_command(now: str | None) -> None:
    """Send the check-ins that fall due, emails still owed, and today's and this week's digests."""
    from learning_hub.notifications.tasks import run_due

    moment = datetime.fromisoformat(now) if now else None
    for name, count in run_due(moment).items():
        click.echo(f"{name}: {count}")


def register(app) -> None:
    app.cli.add_command(notifications_cli)
