"""The one reader of ``{"id", "text", "published"}`` lines (``geo parse --jsonl``, ``timeline dates|events --jsonl``).

Every line stands alone: a line that is not UTF-8, not JSON, not an object, or holds a field of the wrong
type becomes a ``BadLine`` naming the problem, and the lines after it are read as usual. Lines are read as
bytes and decoded one by one, so one bad byte costs its own line only, and each is handed over as soon as it
is read (a caller can answer it before the next one arrives). ``read_lines`` gives the checked fields,
``read_article_lines`` the same lines as ``Article`` records (for the commands that analyse whole articles).
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from articles.dates import parse_date
from articles.errors import InputError
from articles.read import article_from_text, check_text, check_unicode
from articles.record import Article


@dataclass(frozen=True, slots=True)
class JsonLine:
    lineno: int
    id: str | int | None  # the line's "id"; None when it has none
    text: str
    published: dt.date | None  # None when the line has no "published" (null or absent)
    record: dict  # the whole line, for the fields a caller reads itself ("title", gold annotations)


@dataclass(frozen=True, slots=True)
class BadLine:
    lineno: int
    message: str  # one line, without the line number (the caller names it once)


def read_lines(lines: Iterable[bytes | str]) -> Iterator[JsonLine | BadLine]:
    """One record or ``BadLine`` per non-blank line of ``lines`` (bytes, or text already decoded)."""
    for lineno, raw in enumerate(lines, start=1):
        try:
            line = _decoded(raw, first=lineno == 1)
            if not line.strip():
                continue
            yield _record(lineno, line)
        except InputError as exc:
            yield BadLine(lineno, str(exc))


@dataclass(frozen=True, slots=True)
class ArticleLine:
    """One input line: its number, the caller's id, and the article, or the one-line reason it is unusable."""

    lineno: int
    id: object
    article: Article | None
    record: dict | None = None
    error: str | None = None


def read_article_lines(lines: Iterable[bytes | str]) -> Iterator[ArticleLine]:
    """Each non-blank line as an article (its "title" too); a bad line comes with its error, and the rest go on."""
    for item in read_lines(lines):
        if isinstance(item, BadLine):
            yield ArticleLine(item.lineno, None, None, error=item.message)
            continue
        try:
            article = article_from_text(item.text, published=item.published, title=item.record.get("title"))
        except InputError as exc:
            # article_from_text names its input "pasted text"; here the line number already says which
            yield ArticleLine(item.lineno, None, None, error=str(exc).removeprefix("pasted text: "))
            continue
        yield ArticleLine(item.lineno, item.id, article, record=item.record)


def _decoded(raw: bytes | str, *, first: bool) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (bad byte at offset {exc.start})") from None


def _record(lineno: int, line: str) -> JsonLine:
    try:
        obj = json.loads(line)
    except ValueError as exc:  # JSONDecodeError
        raise InputError(f"not JSON ({exc})") from None
    except RecursionError:  # "[[[[..." nested deeper than the parser's stack
        raise InputError("not JSON (nested too deeply)") from None
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError(f'missing or non-string "text" (got {_kind(text)})')
    doc_id = obj.get("id")
    if doc_id is not None and (isinstance(doc_id, bool) or not isinstance(doc_id, (str, int))):
        raise InputError(f'"id" must be a string or an integer, got {_kind(doc_id)}')
    for key in ("id", "title"):
        if isinstance(obj.get(key), str):
            check_unicode(obj[key], where=f'"{key}"')
    published = obj.get("published")
    if published is not None:
        if not isinstance(published, str):
            raise InputError(f'"published" must be a YYYY-MM-DD string, got {_kind(published)}')
        published = parse_date(published, what="published date")
    check_text(text, where="text")
    return JsonLine(lineno, doc_id, text, published, obj)


def _kind(value: object) -> str:
    return "nothing" if value is None else f"{type(value).__name__} {json.dumps(value)[:40]}"
