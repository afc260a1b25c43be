"""Errors raised by the matching library.

`InputError` is the one the command line turns into a single line on stderr and exit code 2; library callers catch it
to report bad input to their users.
"""

from collections.abc import Iterable


class MatchingError(Exception):
    """Base class for every error the library raises on purpose.

    Parameters:
        message: what went wrong, in words a user can act on.
    """


class InputError(MatchingError, ValueError):
    """The caller's data or arguments are unusable (missing column, bad syntax, unknown id...).

    Parameters:
        message: what is wrong and where (the file and line, the argument).
    """


class InfeasibleError(MatchingError):
    """The constraints cannot all hold at once; the message names the ones in conflict.

    Parameters:
        message: the conflict in words.
        conflicts: labels of the constraints (or ids of the people) in conflict, kept as the `conflicts` tuple.
    """

    def __init__(self, message: str, conflicts: Iterable[str] = ()):
        super().__init__(message)
        self.conflicts = tuple(conflicts)


class NotFittedError(MatchingError, AttributeError):
    """An estimator (the TF-IDF encoder) was used before `fit`.

    Parameters:
        message: which estimator and what to call first.
    """
