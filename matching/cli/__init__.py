"""Command line: `python -m matching <command> ...`.

- `core.py`: `neighbours`, `evaluate`, `probe`, `bench` (the last two run development tools from matching/tools,
  imported only when their command is chosen);
- `optimise.py`: `pairs`, `mentors`, `roundtable`;
- `decisions.py`: `decisions` (the simulation of learning from decisions);
- `common.py`: the encoder and cache options every command shares.

Each command module registers its sub-commands through `register(subparsers, command)`; this module wires them
together and turns `InputError` (and other expected failures) into one `error:` line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from matching.cli import core, decisions, optimise
from matching.errors import InfeasibleError, InputError


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own usage errors: one line, exit 2
        self.exit(2, f"error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of `python -m matching`.

    Parameters:
        command: the sub-command about to run, if known. A command whose flags belong to a development tool (`bench`)
            gets them, importing the tool, only when it is the one named; every command is listed either way.

    Returns:
        the parser, with one sub-parser per command in the order `--help` lists them.
    """
    parser = _Parser(prog="python -m matching", description="Learning Hub matching engine.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    core.register(sub, command)
    optimise.register(sub, command)
    decisions.register(sub, command)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The sub-command named on the command line: its first word that is not an option (the top level has none)."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `python -m matching` with `argv` (default: sys.argv[1:]).

    Parameters:
        argv: the arguments after the program name.

    Returns:
        the exit code: 0 on success, 2 after one `error: ...` line on stderr for bad input or infeasible constraints,
        130 when interrupted.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command(argv))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (InputError, InfeasibleError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
