"""Reading article text from files and stdin, with the checks every command shares."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

MAX_CHARS = 1_000_000  # spaCy's own limit per document; a news article is ~5,000
_FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.DOTALL)


class InputError(ValueError):
    """Bad input: the message is one line that names the problem."""


def parse_date(value: str, *, what: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"invalid {what} {value!r}: expected YYYY-MM-DD") from None


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``---``-fenced ``key: value`` lines at the top of a Markdown file, and the body after them."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        if ":" in line:
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip().strip("'\"")
    return meta, text[m.end():]


def check_text(text: str, *, where: str) -> str:
    if "\x00" in text:
        raise InputError(f"{where}: looks like a binary file (NUL bytes), not text")
    if not text.strip():
        raise InputError(f"{where}: is empty")
    if len(text) > MAX_CHARS:
        raise InputError(f"{where}: {len(text):,} characters is too long for one article (limit {MAX_CHARS:,})")
    return text


def read_bytes(path: str | Path, *, max_bytes: int | None = None) -> bytes:
    """A file's bytes, or an InputError naming the file and what is wrong with it."""
    p = Path(path)
    try:
        if max_bytes is not None and p.stat().st_size > max_bytes:
            raise InputError(f"{p}: is larger than {max_bytes // (1024 * 1024)} MB")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None


def read_text_file(path: str | Path) -> str:
    p = Path(path)
    raw = read_bytes(p)
    if b"\x00" in raw[:8192]:
        raise InputError(f"{p}: looks like a binary file (NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not UTF-8 text (bad byte at offset {exc.start})") from None
    return check_text(text, where=str(p))
