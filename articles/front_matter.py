"""The one front-matter reader: ``---``-fenced ``key: value`` lines at the top of a Markdown or text file.

The fields are flat (``title``, ``source``, ``url``, ``published``), so each line is split at its first colon
(a title may hold more colons) rather than parsed as YAML; keys are lowercased, values lose surrounding quotes.
The body is what follows the closing fence, unchanged, so offsets found in it are offsets into the body.
"""
from __future__ import annotations

import re

_FENCED = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(fields, body); without front matter, ({}, text)."""
    m = _FENCED.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip().lower()] = _unquote(value.strip())
    return meta, text[m.end():]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
