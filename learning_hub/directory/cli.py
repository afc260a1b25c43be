"""`flask directory ...`: synthetic profiles for load tests, embedding, and imports from the command line."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

directory_cli = AppGroup("directory", help="The reformer directory.")


@directory_cli.command("synthesize")
@click.argument("count", type=click.IntRange(1, 200_000))
@click.option("--seed", default=0, show_default=True, help="Same seed, same people.")
@click.option("--embed/--no-embed", default=True, show_default=True, help="Embed their texts afterwards.")
def synthesize_command(count: int, seed: int, embed: bool) -> None:
    """Create COUNT synthetic, realistic-looking profiles (for load tests; never in production)."""
    from learning_hub.directory.synthetic.synth import synthesize
    from learning_hub.directory.tasks import embed_profile_ids

    if not current_app.config.get("ALLOW_DEMO_SEED"):
        raise click.ClickException(
            "Synthetic profiles are for development and load tests; this configuration refuses them."
        )
    started = time.perf_counter()
    ids = synthesize(count, seed=seed, echo=click.echo)
    click.echo(f"{len(ids)} profiles created in {time.perf_counter() - started:.1f} s")
    if embed:
        started = time.perf_counter()
        embed_profile_ids(ids, echo=click.echo)
        click.echo(f"embedded with {current_app.config['MATCHING_ENCODER']} in {time.perf_counter() - started:.1f} s")


@directory_cli.command("embed")
@click.option("--library", is_flag=True, help="Embed the reform library instead of the profiles.")
def embed_command(library: bool) -> None:
    """Embed every profile's texts (or the library's); texts already in the cache cost nothing."""
    from learning_hub.directory.tasks import embed_all, embed_library

    started = time.perf_counter()
    count = embed_library() if library else embed_all(progress=lambda pct, msg=None: click.echo(f"  {msg}"))
    click.echo(f"{count} {'reforms' if library else 'profiles'} embedded in {time.perf_counter() - started:.1f} s")


@directory_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(["profiles", "commitments"]), required=True)
@click.option("--apply", "apply_", is_flag=True, help="Apply the file if the dry run finds no problem.")
def import_command(path: Path, kind: str, apply_: bool) -> None:
    """Dry-run (and with --apply, import) a CSV file, as the coordinators' import page does."""
    from flask_babel import force_locale

    from learning_hub.directory.imports import services as imports

    with force_locale("en"):  # messages in English: there is no request to choose a language from
        _import(imports, path, kind, apply_)


def _import(imports, path: Path, kind: str, apply_: bool) -> None:
    result = imports.dry_run(None, kind, path.name, path.read_bytes())
    for notice in result.notices:
        click.echo(f"note: {notice}")
    if result.problems:
        for problem in result.problems:
            click.echo(f"problem: {problem}", err=True)
        raise click.ClickException(f"{len(result.problems)} problems: nothing was imported.")
    click.echo(f"valid: {result.counts}")
    if not apply_:
        imports.discard_batch(result.batch)
        click.echo("dry run only (add --apply to import)")
        return
    current_app.config["JOBS_BACKEND"] = "sync"  # the command finishes its follow-up job before returning
    batch = imports.confirm(None, result.batch.id, batch=result.batch)
    click.echo(f"imported: { ({k: v for k, v in batch.summary.items() if isinstance(v, int)}) }")


def register(app) -> None:
    app.cli.add_command(directory_cli)
