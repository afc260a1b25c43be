"""Command-line interface: thin click wrappers over services (`flask --help` lists them)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

users_cli = AppGroup("users", help="Manage accounts.")
seed_cli = AppGroup("seed", help="Load demonstration data.")
audit_cli = AppGroup("audit", help="The audit log.")
backup_cli = AppGroup("backup", help="Back up and restore the database.")


@audit_cli.command("prune")
@click.option("--days", type=click.IntRange(min=1), default=None, help="Keep this many days (AUDIT_RETENTION_DAYS).")
def audit_prune_command(days: int | None) -> None:
    """Delete audit rows older than the retention period (the only deletion the audit log allows)."""
    from learning_hub.audit import prune

    days = days or current_app.config["AUDIT_RETENTION_DAYS"]
    click.echo(f"{prune(days)} audit rows older than {days} days deleted.")


@backup_cli.command("create")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), default=None, help="Directory (default: instance/backups)."
)
def backup_create_command(out_dir: str | None) -> None:
    """Write a consistent backup of the database while the app keeps serving."""
    import os

    from learning_hub.backup import BackupError, create

    try:
        path = create(out_dir or os.path.join(current_app.instance_path, "backups"))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Backup written: {path} ({path.stat().st_size} bytes)")


@backup_cli.command("restore")
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def backup_restore_command(backup_file: str, yes: bool) -> None:
    """Replace the database's content with a backup's. Stop the app and its workers first."""
    from learning_hub.backup import BackupError, restore

    if not yes:
        click.confirm("This replaces everything in the configured database. Continue?", abort=True)
    try:
        restore(backup_file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored from {backup_file}. Run `flask db upgrade` if the backup predates the current release.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="The new admin's password (asked for when omitted).",
)
def create_admin_command(email: str, password: str) -> None:
    """Create an administrator, or make an existing account one."""
    from learning_hub.auth.services import create_admin

    if len(password) < 10:
        raise click.UsageError("Use a password of at least 10 characters.")
    from learning_hub.errors import DomainError

    try:
        user = create_admin(email, password)
    except DomainError as exc:
        raise click.UsageError(exc.message) from None
    click.echo(f"{user.email} is an administrator.")


@seed_cli.command("demo")
def seed_demo_command() -> None:
    """Create the demo people (idempotent: a second run adds nothing)."""
    from learning_hub.seed import seed_demo

    if not current_app.config.get("ALLOW_DEMO_SEED"):
        raise click.ClickException("Demo data is for development only; this configuration refuses it.")
    summary = seed_demo(password=current_app.config["DEMO_PASSWORD"], echo=click.echo)
    click.echo(summary)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run a background-job worker on Redis (needs REDIS_URL)."""
    from redis import Redis
    from rq import Queue, Worker

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("Set REDIS_URL to use the Redis worker; without it jobs run in-process.")
    from learning_hub.jobs import QUEUE_NAME, reap

    click.echo(f"Reaper at start-up: {reap()}")
    connection = Redis.from_url(url)
    Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(burst=burst)


jobs_cli = AppGroup("jobs", help="Background jobs.")


@jobs_cli.command("reap")
@click.option(
    "--stale-after",
    type=click.IntRange(min=0),
    default=None,
    help="Seconds without a heartbeat that make a running job dead (default JOB_STALE_SECONDS; 0 at a start-up "
    "where no worker runs yet).",
)
def reap_command(stale_after: int | None) -> None:
    """Re-queue or end jobs whose worker died (no heartbeat for JOB_STALE_SECONDS); dispatch jobs never handed over."""
    from learning_hub.jobs import reap

    click.echo(str(reap(stale_seconds=stale_after)))


schedule_cli = AppGroup("schedule", help="Periodic tasks (run `flask schedule run-due` from cron or a systemd timer).")


@schedule_cli.command("run-due")
@click.option("--task", "only", default=None, help="Run only this task (if due).")
@click.option("--force", is_flag=True, help="Run even if not due yet (still never twice at the same time).")
def run_due_command(only: str | None, force: bool) -> None:
    """Run every periodic task whose interval has passed since its last run; print what each did."""
    from learning_hub.scheduler import registered, run_due

    if only and only not in {t.name for t in registered()}:
        raise click.UsageError(f"No periodic task named {only!r}; see `flask schedule list`.")
    ran = run_due(only=only, force=force)
    for name, figures in ran.items():
        click.echo(f"{name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
    click.echo(f"{len(ran)} tasks ran")
    if any(f.get("status") == "failed" for f in ran.values()):
        raise SystemExit(1)


@schedule_cli.command("list")
def list_command() -> None:
    """Every periodic task, its interval and its last run."""
    from learning_hub.scheduler import overview

    for item in overview():
        row, spec = item["row"], item["spec"]
        last = f"{row.last_started_at:%Y-%m-%d %H:%M} {row.last_status}" if row and row.last_started_at else "never"
        click.echo(f"{spec.name:24} every {spec.every}  last: {last}{'  (due)' if item['due'] else ''}")


def register_commands(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(seed_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(worker_command)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(schedule_cli)
    # Feature commands register here as `<feature>.cli.register(app)`.
    from learning_hub.directory import cli as directory_cli
    from learning_hub.learning import cli as learning_cli
    from learning_hub.mentoring import cli as mentoring_cli
    from learning_hub.notifications import cli as notifications_cli
    from learning_hub.peer_exchange import cli as peer_exchange_cli

    directory_cli.register(app)
    learning_cli.register(app)
    peer_exchange_cli.register(app)
    mentoring_cli.register(app)
    notifications_cli.register(app)
