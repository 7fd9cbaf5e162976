"""Reading news articles: files (.txt, .md, .html/.htm), pasted text and uploads become ``Article`` records.

Every way in goes through ``articles.read``: the CLIs (``python -m geo``, ``python -m timeline``), ingest and
the dashboard's upload form. The package knows nothing of places, dates in text or events; ``geo`` and
``timeline`` take the record's text. Public names::

    Article                                   the record (articles.record)
    read_article(path, published=None)        one file
    article_from_text(text, filename=None)    pasted or uploaded text (HTML by extension or by its look)
    article_from_bytes(data, filename=...)    an uploaded file's bytes
    parse_date(value, what=...)               the one parser of publication dates (articles.dates)
    split_front_matter(text)                  the one front-matter reader (articles.front_matter)
    ArticleError, InputError                  the errors (articles.errors)
    one_line(exc)                             an exception's message as one bounded line
"""
from articles.dates import iso_day, parse_date
from articles.errors import ArticleError, InputError, one_line
from articles.front_matter import split_front_matter
from articles.read import (ARTICLE_SUFFIXES, MAX_CHARS, article_from_bytes, article_from_text, check_text,
                           read_article)
from articles.record import Article

__all__ = ["ARTICLE_SUFFIXES", "MAX_CHARS", "Article", "ArticleError", "InputError", "article_from_bytes",
           "article_from_text", "check_text", "iso_day", "one_line", "parse_date", "read_article", "split_front_matter"]
