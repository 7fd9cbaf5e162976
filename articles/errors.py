"""The errors of ``articles``: a root class, and the bad-input error that is also a ``ValueError``."""
from __future__ import annotations


class ArticleError(Exception):
    """Root of every error this package raises."""


class InputError(ArticleError, ValueError):
    """The input cannot be used (unreadable, empty, binary, too long, bad date); the message is one line
    naming the file (or "pasted text") and the problem. The CLIs turn it into ``prog: error: ...``, exit 2."""
