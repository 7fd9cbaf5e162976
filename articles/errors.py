"""The errors of ``articles``: a root class, and the bad-input error that is also a ``ValueError``."""
from __future__ import annotations


class ArticleError(Exception):
    """Root of every error this package raises."""


class InputError(ArticleError, ValueError):
    """The input cannot be used (unreadable, empty, binary, too long, bad date); the message is one line
    naming the file (or "pasted text") and the problem. The CLIs turn it into ``prog: error: ...``, exit 2."""


def one_line(exc: BaseException, *, limit: int = 300) -> str:
    """An exception's message as one line of at most ``limit`` characters, for ``prog: error: ...`` and for
    the per-article failures of a report (a library's message may span lines or quote a whole input)."""
    return " ".join(str(exc).split())[:limit]
