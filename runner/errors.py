"""Errors of the judge itself (never of the user's code)."""


class JudgeError(Exception):
    """The judge could not run: a broken problem, a missing device, a dead sandbox."""


class ProblemFormatError(JudgeError):
    """A problem folder that does not load; the message names file, key and line."""


class UsageError(JudgeError):
    """The caller asked for something impossible (unknown language, no CUDA device)."""
