"""Articles from JSON lines (``{"id", "text", "published"}``), for commands that analyse many short texts."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Iterator

from articles.errors import InputError
from articles.read import article_from_text
from articles.record import Article


@dataclass(frozen=True, slots=True)
class ArticleLine:
    """One input line: its number, the caller's id, and the article, or the one-line reason it is unusable."""

    lineno: int
    id: object
    article: Article | None
    record: dict | None = None
    error: str | None = None


def read_article_lines(lines: Iterable[str]) -> Iterator[ArticleLine]:
    """Each non-blank line as an article; a bad line is yielded with its error so the caller can go on."""
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON ({exc.msg})") from None
            if not isinstance(rec, dict):
                raise InputError("not a JSON object")
            if not isinstance(rec.get("text"), str):
                raise InputError('missing or non-string "text"')
            article = article_from_text(rec["text"], published=rec.get("published"), title=rec.get("title"))
        except InputError as exc:
            # article_from_text names its input "pasted text"; here the line number already says which
            yield ArticleLine(lineno, None, None, error=str(exc).removeprefix("pasted text: "))
            continue
        yield ArticleLine(lineno, rec.get("id"), article, record=rec)
