"""The build's inputs as units of work: JSONL files, folders of article files, WARC files of news crawls.

``plan_units(paths, size)`` cuts the input into ``Unit`` records of at most ``size`` articles each, cheaply (it
reads line ends and WARC record headers, not the articles) and the same way on every run, so a unit's ``id``
names the same articles on a resumed run. ``read_unit(unit)`` (on a worker) gives each of its articles as an
``Item``: the ``Article`` or the one-line reason it cannot be read, and where it is (file, line, id).

- JSONL: one JSON object per line with ``text`` and optional ``id``, ``published`` (YYYY-MM-DD), ``title``,
  ``url``, ``source``; blank lines are skipped.
- folders (and files named on their own): .txt/.md/.html/.htm, read by ``articles.read_article``.
- WARC (.warc, .warc.gz; read with warcio): every ``response`` record of an HTML page; its URL is the article's
  ``url`` (so its id), the page's own date else the record's WARC-Date its publication date.
The article ids are ``Article.id``: the URL when there is one, else the title, date and text.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from articles import InputError, article_from_bytes, check_text, parse_date, read_article
from articles.read import check_unicode
from articles.errors import one_line
from timeline.errors import UsageError
from timeline.ingest import find_article_files
from timeline.records import Article

JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
KINDS = ("jsonl", "files", "warc")
DEFAULT_PARTITION_SIZE = 50  # articles per unit: a commit every few seconds per worker, few small files


@dataclass(frozen=True)
class Unit:
    """Up to ``count`` articles: JSONL lines or WARC records from byte ``offset`` of ``path``, or ``files``."""

    kind: str  # one of KINDS
    path: str = ""  # the JSONL or WARC file (absolute)
    offset: int = 0  # byte where its first line or record starts
    first: int = 0  # 1-based line number (JSONL) or record number (WARC) of its first article
    count: int = 0
    files: tuple[str, ...] = ()  # kind "files": the article files (absolute)

    @property
    def id(self) -> str:
        basis = json.dumps([self.kind, self.path, self.first, self.count, list(self.files)])
        return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]

    @property
    def label(self) -> str:
        if self.kind == "files":
            return f"{len(self.files)} files from {self.files[0]}" if self.files else "no files"
        return f"{self.path} from {'line' if self.kind == 'jsonl' else 'record'} {self.first}"


@dataclass(frozen=True)
class Item:
    """One article of a unit: ``article`` read, or ``error`` saying why not; ``where`` names it."""

    where: str
    article: Article | None = None
    error: str | None = None


def kind_of(path: Path) -> str:
    name = path.name.lower()
    if path.is_dir():
        return "files"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    return "files"


def plan_units(paths: Iterable[str | Path], size: int) -> list[Unit]:
    """The input cut into units of at most ``size`` articles, in input order; a usage error names a bad path."""
    if size < 1:
        raise UsageError(f"--partition-size must be at least 1, got {size}")
    units: list[Unit] = []
    loose: list[Path] = []  # article files and folders, cut together once the others are planned
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise UsageError(f"{p}: no such file or directory")
        kind = kind_of(p)
        if kind == "files":
            loose.append(p)
        elif kind == "jsonl":
            units += _cut("jsonl", p, _jsonl_starts(p), size)
        else:
            units += _cut("warc", p, _warc_starts(p), size)
    files = [str(f.resolve()) for f in find_article_files(loose)] if loose else []
    units += [Unit(kind="files", files=tuple(files[i:i + size])) for i in range(0, len(files), size)]
    if not units:
        raise UsageError(f"no articles in {', '.join(map(str, paths))} (JSONL, WARC, .txt, .md, .html, .htm)")
    return units


def _cut(kind: str, path: Path, starts: list[tuple[int, int]], size: int) -> list[Unit]:
    """``starts``: (number, byte offset) of each article's line or record."""
    path = path.resolve()
    return [Unit(kind=kind, path=str(path), offset=starts[i][1], first=starts[i][0],
                 count=len(starts[i:i + size])) for i in range(0, len(starts), size)]


def _jsonl_starts(path: Path) -> list[tuple[int, int]]:
    starts, offset = [], 0
    try:
        with path.open("rb") as fh:
            for number, line in enumerate(fh, 1):
                if line.strip():
                    starts.append((number, offset))
                offset += len(line)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None
    return starts


def _warc_starts(path: Path) -> list[tuple[int, int]]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    starts = []
    try:
        with path.open("rb") as fh:
            records = ArchiveIterator(fh)
            for number, record in enumerate(records, 1):
                if _is_page(record):
                    starts.append((number, records.get_record_offset()))
    except (OSError, ArchiveLoadFailed) as exc:
        raise UsageError(f"{path}: not a readable WARC file ({one_line(exc)})") from None
    return starts


def _is_page(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    return "html" in (record.http_headers.get_header("Content-Type") or "").lower()


# --- on the worker -----------------------------------------------------------------------------------------

def read_unit(unit: Unit) -> Iterator[Item]:
    """Each article of ``unit`` (a bad one as an ``Item`` with its error, never an exception)."""
    if unit.kind == "jsonl":
        yield from _read_jsonl(unit)
    elif unit.kind == "warc":
        yield from _read_warc(unit)
    else:
        for name in unit.files:
            try:
                article = read_article(name)
            except InputError as exc:
                yield Item(where=name, error=one_line(exc))
            else:
                yield Item(where=name, article=dataclasses.replace(article, path=name))


def _read_jsonl(unit: Unit) -> Iterator[Item]:
    with open(unit.path, "rb") as fh:
        fh.seek(unit.offset)
        number, taken = unit.first, 0
        for raw in fh:
            if taken == unit.count:
                break
            if raw.strip():
                taken += 1
                yield _jsonl_item(unit.path, number, raw)
            number += 1


def _jsonl_item(path: str, number: int, raw: bytes) -> Item:
    where = f"{path}:{number}"
    try:
        record = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Item(where=where, error=f"not a JSON object ({one_line(exc)})")
    if not isinstance(record, dict):
        return Item(where=where, error=f"not a JSON object but {type(record).__name__}")
    try:
        for key in ("id", "title", "url", "source"):
            if isinstance(record.get(key), str):
                check_unicode(record[key], where=key)
    except InputError as exc:  # its id cannot even be named: the line's number does
        return Item(where=where, error=one_line(exc))
    if record.get("id") is not None:
        where += f" (id {record['id']})"
    try:
        fields = {k: record.get(k) or "" for k in ("title", "url", "source")}
        bad = [k for k, v in fields.items() if not isinstance(v, str)]
        if bad:
            raise InputError(f"{bad[0]} must be text, got {type(fields[bad[0]]).__name__}")
        text = record.get("text")
        if not isinstance(text, str):
            raise InputError("no text" if text is None else f"text must be text, got {type(text).__name__}")
        published = record.get("published")
        article = Article(text=check_text(text, where="text"), published=parse_date(published) if published else None,
                          path=f"{path}#{record.get('id') if record.get('id') is not None else number}", **fields)
    except InputError as exc:
        return Item(where=where, error=one_line(exc))
    return Item(where=where, article=article)


def _read_warc(unit: Unit) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    with open(unit.path, "rb") as fh:
        fh.seek(unit.offset)
        records = ArchiveIterator(fh)
        number, taken = unit.first, 0
        for record in records:
            if taken == unit.count:
                break
            if _is_page(record):
                taken += 1
                yield _warc_item(unit.path, number, record)
            number += 1


def _warc_item(path: str, number: int, record) -> Item:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{path}: record {number} ({url or 'no URL'})"
    try:
        article = article_from_bytes(record.content_stream().read(), filename="page.html", url=url or None)
        crawled = record.rec_headers.get_header("WARC-Date")
        if article.published is None and crawled:
            article = dataclasses.replace(article, published=parse_date(crawled[:10], what="WARC-Date"))
        if not article.source and url:
            article = dataclasses.replace(article, source=urlsplit(url).hostname or "")
    except InputError as exc:
        return Item(where=where, error=one_line(exc))
    except Exception as exc:  # a broken record (bad gzip member, truncated body): this page only
        return Item(where=where, error=f"unreadable record ({type(exc).__name__}: {one_line(exc)})")
    return Item(where=where, article=dataclasses.replace(article, path=f"{path}#record-{number}"))

