"""The "Add your own article" form's reading: an upload or a paste, through the one article reader.

``articles`` reads every format (HTML extracted once, front matter, dates); this module adds only what the
form needs on top: its size limit and messages a reader understands.
"""
from __future__ import annotations

import hashlib
from collections.abc import MutableMapping
from datetime import date

from articles import Article, InputError, article_from_bytes, article_from_text, parse_date

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # 2 MB: the form's own limit (Streamlit's uploader is set to the same)
ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm")


def read_upload(filename: str, data: bytes) -> Article:
    """An uploaded file as an Article; ValueError (one line) when too large, not a text type, or not text."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError(f"The file is {len(data) / 1048576:.1f} MB; the limit is 2 MB.")
    if not (filename or "").lower().endswith(ALLOWED_SUFFIXES):
        raise ValueError("Only .txt, .md and .html files can be added.")
    try:
        return article_from_bytes(data, filename=filename)
    except InputError as exc:
        raise ValueError(str(exc)) from None


UPLOAD_MEMO = "nm_upload_read"  # the session's last upload read: (key, Article or None, error or None)


def read_upload_once(memo: MutableMapping, filename: str, data: bytes) -> Article:
    """``read_upload``, remembered in ``memo`` (the session's state) for the same file: every rerun of a
    session with a file left in the uploader would read it again (28 s for a 2 MB HTML page)."""
    key = (filename, len(data), hashlib.sha1(data).hexdigest())
    held = memo.get(UPLOAD_MEMO)
    if held is None or held[0] != key:
        try:
            held = (key, read_upload(filename, data), None)
        except ValueError as exc:
            held = (key, None, str(exc))
        memo[UPLOAD_MEMO] = held
    if held[2] is not None:
        raise ValueError(held[2])
    return held[1]


def forget_upload(memo: MutableMapping) -> None:
    """Drop the remembered upload (the uploader was emptied)."""
    memo.pop(UPLOAD_MEMO, None)


def read_pasted(text: str) -> Article:
    """Pasted text (plain, with front matter, or a whole HTML page) as an Article; ValueError (one line)."""
    if len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
        raise ValueError("The pasted text is over the 2 MB limit.")
    if not text.strip():
        raise ValueError("Paste an article's text first.")
    try:
        return article_from_text(text)
    except InputError as exc:
        raise ValueError(str(exc)) from None


EARLIEST_PUBLISHED = date(1900, 1, 1)


def read_published(text: str, today: date | None = None, *, what: str = "publication date") -> date | None:
    """The form's publication date (YYYY-MM-DD, 1900-01-01 to a year after ``today``), None when left empty;
    ValueError (one line, naming what was typed) for an impossible or out-of-range day. ``what``: the name
    of the field in the messages (the curation form reads an event's corrected date with it)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        day = parse_date(text, what=what)
    except InputError as exc:
        msg = str(exc)
        raise ValueError(f"{msg[:1].upper()}{msg[1:]}.") from None
    today = today or date.today()
    latest = date(today.year + 1, today.month, today.day - (today.month == 2 and today.day == 29))  # a leap day
    if not EARLIEST_PUBLISHED <= day <= latest:
        raise ValueError(f"The {what} {text} is outside {EARLIEST_PUBLISHED} to {latest}.")
    return day


def both_given_note(filename: str) -> str:
    """What the form says when a file and pasted text are both given: the file is read, the text is not."""
    return (f"Both a file and pasted text were given: the file “{filename}” is the one read, the pasted text "
            "is ignored. Remove the file (×) to add the pasted text instead.")
