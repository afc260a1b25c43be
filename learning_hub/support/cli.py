"""`flask support evaluate`: the brokering's precision at 3 on the labelled set, beside the keyword baseline."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

support_cli = AppGroup("support", help="Implementation support: brokering between needs and partner offers.")

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "evaluation"


@support_cli.command("evaluate")
@click.option("--dir", "directory", type=click.Path(exists=True, file_okay=False, path_type=Path), default=DEFAULT_DIR)
@click.option("--k", default=3, show_default=True)
def evaluate_command(directory: Path, k: int) -> None:
    """Rank the offers for every labelled need with the engine and with TF-IDF; print precision at k for both."""
    from learning_hub.support import evaluation

    for line in evaluation.evaluate(directory, k).lines():
        click.echo(line)


def register(app) -> None:
    app.cli.add_command(support_cli)
