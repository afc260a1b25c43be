"""Errors raised by the matching library.

`InputError` is the one the command line turns into a single line on stderr
and exit code 2; library callers catch it to report bad input to their users.
"""


class MatchingError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(MatchingError, ValueError):
    """The caller's data or arguments are unusable (missing column, bad syntax, unknown id...)."""


class InfeasibleError(MatchingError):
    """The constraints cannot all hold at once; the message names the ones in conflict."""

    def __init__(self, message, conflicts=()):
        super().__init__(message)
        self.conflicts = tuple(conflicts)


class NotFittedError(MatchingError, AttributeError):
    """An estimator was used before `fit`."""
