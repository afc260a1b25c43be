"""Command line: `python -m matching <command> ...`.

Each command lives in the module that owns it and registers itself through a
`register(subparsers)` function; this module only wires them together and turns
`InputError` (and other expected failures) into one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from matching.errors import InfeasibleError, InputError

# Modules that contribute sub-commands, in the order `--help` lists them.
# Each exposes register(subparsers) and sets `func` on its parser (args -> int exit code).
COMMAND_MODULES = (
    "matching.cli_core",  # neighbours, evaluate, bench
    "matching.cli_optimise",  # pairs, mentors, roundtable
)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own usage errors: one line, exit 2
        self.exit(2, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m matching", description="Learning Hub matching engine.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a command module not written yet
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
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
