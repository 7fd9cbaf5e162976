"""Reading article files for the dates command: text checks, YAML front matter, publication dates.

Errors are ``InputError`` with a one-line message naming the problem; the CLI turns them into exit 2.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path


class InputError(ValueError):
    """The input cannot be used (unreadable, empty, binary, bad date); the message is one line."""


_FRONT = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_PUBLISHED = re.compile(r"^published\s*:\s*['\"]?(?P<v>[^'\"\r\n#]*?)['\"]?\s*(?:#.*)?$", re.M)


def parse_date(value: str, *, what: str = "date") -> dt.date:
    """Strict YYYY-MM-DD (a longer ISO timestamp keeps its date part)."""
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ][\d:.+\-Z]*)?", value.strip())
    if not m:
        raise InputError(f"bad {what} {value!r}: expected YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(m.group(1))
    except ValueError as e:
        raise InputError(f"bad {what} {value!r}: {e}") from None


def read_text(path: str | Path) -> str:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {str(p)!r}: {e.strerror or e}") from None
    if not raw.strip():
        raise InputError(f"{str(p)!r} is empty")
    # NUL bytes never occur in text; a failed UTF-8 decode means some other binary (or legacy) encoding.
    if b"\x00" in raw[:8192]:
        raise InputError(f"{str(p)!r} looks binary (NUL bytes), expected UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{str(p)!r} is not UTF-8 text (byte {e.start})") from None


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(front matter fields we use, body). Without front matter the body is the whole text.

    Only ``published`` is read, with a line regex rather than a YAML parser: the field is flat and this
    keeps the command free of a YAML dependency.
    """
    m = _FRONT.match(text)
    if not m:
        return {}, text
    fields = {}
    pm = _PUBLISHED.search(m["yaml"])
    if pm and pm["v"].strip():
        fields["published"] = pm["v"].strip()
    return fields, text[m.end():]
