"""`flask courses ...`: load the courses folder, revoke a certificate."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

courses_cli = AppGroup("courses", help="Learning modules: validate and load courses/, manage certificates.")


@courses_cli.command("sync")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    default=None,
    help="The courses folder (default: config COURSES_DIR, the project's courses/).",
)
@click.option("--check", is_flag=True, help="Validate only; write nothing.")
@click.option("--quiet", is_flag=True, help="Do not print the per-lesson readability lines.")
def sync_command(directory: str | None, check: bool, quiet: bool) -> None:
    """Validate every course file and load the courses: all or nothing, by slug; learners' records are kept."""
    from learning_hub.learning.sync import sync_folder

    path = directory or current_app.config["COURSES_DIR"]
    report = sync_folder(path, check_only=check)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if report.ok:
        _print_figures(report.specs, quiet)
    if not report.ok:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        files = len({problem.path for problem in report.problems})
        raise click.ClickException(f"{len(report.problems)} problem(s) in {files} file(s); nothing was written.")
    if check:
        click.echo(f"{len(report.unchanged)} course(s) checked in {path}: no problems. Nothing was written (--check).")
        return
    if not report.changed and not report.embedded:
        click.echo(f"No changes: {len(report.unchanged)} course(s) already up to date.")
        return
    lines = [
        f"Created: {', '.join(report.created) or 'none'}",
        f"Updated: {', '.join(report.updated) or 'none'}",
        f"Unchanged: {len(report.unchanged)}",
    ]
    if report.retired:
        lines.append(f"Retired (no longer in the folder; learners' records kept): {', '.join(report.retired)}")
    if report.reference_changed:
        lines.append("Reference page (OGP rules at a glance): updated")
    if report.lessons_retired or report.lessons_restored:
        lines.append(
            f"Lessons retired: {report.lessons_retired}; restored: {report.lessons_restored} (progress kept either way)"
        )
    lines.append(f"Course texts embedded for recommendations: {report.embedded} new")
    click.echo("\n".join(lines))


def _print_figures(specs, quiet: bool) -> None:
    """Per lesson (unless `quiet`) and per language: words and readability."""
    from learning_hub.learning.sync import language_figures

    if not quiet:
        click.echo("Readability per lesson (language, course/lesson, words, measure):")
        for spec in specs:
            for language, text in spec.texts.items():
                for lesson in text.lessons:
                    measured = lesson.readability.describe() if lesson.readability else "no measure"
                    click.echo(f"  {language}  {spec.slug}/{lesson.slug}  {lesson.words} words  {measured}")
    click.echo("Per language:")
    for row in language_figures(specs):
        scores = (
            f"{row.measure} {row.lowest:.1f} to {row.highest:.1f}, mean {row.mean:.1f} ({row.target}); "
            f"{row.over_target} lesson(s) over target"
            if row.mean is not None
            else "no readability measure"
        )
        click.echo(f"  {row.language}: {row.courses} course(s), {row.lessons} lessons, {row.words:,} words; {scores}")


@courses_cli.command("revoke-certificate")
@click.argument("code")
def revoke_certificate_command(code: str) -> None:
    """Revoke a certificate by its verification code (it then shows as revoked at /certificates/<code>)."""
    from learning_hub.errors import DomainError
    from learning_hub.learning.certificates import revoke_certificate

    try:
        certificate = revoke_certificate(code)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"Certificate {certificate.code} is revoked.")


@courses_cli.command("review-reminders")
def review_reminders_command() -> None:
    """Milestone peer reviews: assign waiting submissions, remind reviewers once 4 days before the 14-day deadline,
    hand overdue reviews to another reviewer. Idempotent: safe to run as often as the scheduler likes."""
    from learning_hub.learning.milestones import sweep

    report = sweep()
    click.echo(
        f"Assigned: {len(report.assigned)}; reminded: {len(report.reminded)}; released (overdue, reassigned): "
        f"{len(report.released)}; still waiting for a reviewer: {report.waiting}"
    )


def register(app) -> None:
    app.cli.add_command(courses_cli)
