"""The good articles of ``{"id", "text", "published"}`` lines on a stream, for the commands that analyse them
(``events --jsonl``, ``incidents``): a bad line is one line on stderr with its number, and the others go on."""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from typing import Iterator

from articles.jsonl import ArticleLine, read_article_lines


class ArticleLines:
    """Iterate for each good line (``ArticleLine`` with its article, dated ``default_published`` when the line
    has no date); ``bad`` counts the lines skipped so far."""

    def __init__(self, stream, default_published: dt.date | None = None) -> None:
        self.stream = stream
        self.default_published = default_published
        self.bad = 0

    def __iter__(self) -> Iterator[ArticleLine]:
        for item in read_article_lines(getattr(self.stream, "buffer", self.stream)):  # bytes, decoded line by line
            if item.article is None:
                self.bad += 1
                print(f"line {item.lineno}: skipped: {item.error}", file=sys.stderr)
                continue
            if item.article.published is None and self.default_published is not None:
                item = replace(item, article=replace(item.article, published=self.default_published))
            yield item
