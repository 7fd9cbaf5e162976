"""timeline.ingest and ``python -m timeline ingest``: real files, real SQLite and the real analysis
(``timeline.events.analyse_article``: the spaCy model, the gazetteer, the temporal tagger), so the whole path
(read, analyse, save, query) runs as it does for a user."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from timeline.cli import main
from timeline.ingest import find_article_files, ingest
from timeline.events import analyse_article
from timeline.records import Analysis, Article
from timeline.query import Filters
from timeline.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"

MD = """---
title: Ministers meet in Rome
source: Wire
url: https://wire.example.org/rome
published: 2016-02-02
---
Ministers meet in Rome

Italy hosted NATO ministers in Rome on February 2, 2016.
They discussed the situation in Tripoli.
"""
TXT = "Obama speaks on Libya\n\nObama said in Washington on January 30, 2016 that Sirte is a threat.\n"


@pytest.fixture
def articles_dir(tmp_path):
    d = tmp_path / "articles"
    (d / "sub").mkdir(parents=True)
    (d / "rome.md").write_text(MD, encoding="utf-8")
    (d / "sub" / "obama.txt").write_text(TXT, encoding="utf-8")
    shutil.copy(FIXTURES / "coalition-sirte.html", d / "sub" / "coalition.html")
    (d / "notes.csv").write_text("not,an,article\n", encoding="utf-8")  # not an article extension: ignored
    (d / ".hidden.txt").write_text("Hidden draft in Rome on February 1, 2016.\n", encoding="utf-8")
    return d


def test_find_article_files(articles_dir):
    files = find_article_files([articles_dir, articles_dir / "rome.md"])
    assert [f.relative_to(articles_dir).as_posix() for f in files] == ["rome.md", "sub/coalition.html",
                                                                        "sub/obama.txt"]


def test_ingest_folder_with_a_bad_file_reports_it_and_stores_the_others(tmp_path, articles_dir):
    (articles_dir / "broken.txt").write_bytes(b"\xff\xfe\x00\x00binary junk")
    (articles_dir / "menu.html").write_text((FIXTURES / "menu-only.html").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    seen = []
    with Store.open(tmp_path / "db.sqlite") as store:
        report = ingest([articles_dir], store=store, analyse=analyse_article,
                        progress=lambda done, total, path: seen.append((done, total, Path(path).name)))
        assert report.articles == 3
        assert [Path(p).name for p, _ in report.failed] == ["broken.txt", "menu.html"]
        for path, message in report.failed:
            assert path in message and "\n" not in message
        assert seen == [(0, 5, "broken.txt"), (1, 5, "menu.html"), (2, 5, "rome.md"), (3, 5, "coalition.html"),
                        (4, 5, "obama.txt"), (5, 5, "")]
        assert report.events == len(store.events()) > 0
        assert report.places == store.count()["places"]
        assert report.actors == store.count()["actors"]
        assert {"Obama", "Italy", "NATO"} <= {a.actor.name for a in store.actors()}
        titles = sorted(a["title"] for a in store.articles())
        assert titles == ["Coalition weighs strikes on Sirte", "Ministers meet in Rome", "Obama speaks on Libya"]
        feb2 = dt.date(2016, 2, 2)
        rome = store.events(Filters(start=feb2, end=feb2, sources=("Wire",)), bbox=(41.0, 12.0, 42.0, 13.0))
        hosted = [e for e in rome if e.event.sentence.startswith("Italy hosted")]
        assert [e.event.actors for e in hosted] == [("Italy", "NATO")]
        assert rome[0].source == "Wire" and rome[0].url == "https://wire.example.org/rome"
        html_events = store.events(Filters(sources=("Example News",)))
        # the HTML page's own dates: the meeting reported on its publication day and the next one in Brussels
        assert {"2016-02-02", "2016-02-11"} <= {e.event.date.value for e in html_events if e.event.date}


def test_reingest_is_idempotent_and_skip_existing_skips(tmp_path, articles_dir):
    db = tmp_path / "db.sqlite"
    with Store.open(db) as store:
        first = ingest([articles_dir], store=store, analyse=analyse_article)
        counts = store.count()
        events = store.events()
        again = ingest([articles_dir], store=store, analyse=analyse_article)
        assert again.to_dict() == first.to_dict()
        assert store.count() == counts
        assert [e.event.id for e in store.events()] == [e.event.id for e in events]

        # An edited file without a URL gets a new Article.id: it replaces its old version, not joins it.
        txt = articles_dir / "sub" / "obama.txt"
        txt.write_text(TXT.replace("a threat", "a grave threat"), encoding="utf-8")
        edited = ingest([txt], store=store, analyse=analyse_article)
        assert edited.articles == 1 and store.count()["articles"] == 3
        assert "grave threat" in store.article(edited.article_ids[0])["text"]
        assert store.article(edited.article_ids[0])["path"] == str(txt.resolve())

        calls = []
        skipped = ingest([articles_dir], store=store, skip_existing=True,
                         analyse=lambda a: calls.append(a) or analyse_article(a))
        assert (skipped.articles, skipped.skipped, calls) == (0, 3, [])
        assert store.count()["articles"] == 3


def test_analysis_failure_is_reported_and_the_rest_goes_on(tmp_path, articles_dir):
    def picky(article: Article) -> Analysis:
        if "Obama" in article.text:
            raise RuntimeError("tagger crashed\non this one")
        return analyse_article(article)

    with Store.open(tmp_path / "db.sqlite") as store:
        report = ingest([articles_dir], store=store, analyse=picky)
        assert report.articles == 2
        [(path, message)] = report.failed
        assert path.endswith("obama.txt")
        assert message == f"{path}: analysis failed (RuntimeError: tagger crashed on this one)"


def test_published_override_applies_to_every_article(tmp_path, articles_dir):
    with Store.open(tmp_path / "db.sqlite") as store:
        ingest([articles_dir], store=store, analyse=analyse_article, published=dt.date(2016, 3, 3))
        assert {a["published"] for a in store.articles()} == {"2016-03-03"}


# --- the command line, in-process ---------------------------------------------------------------------------

def test_cli_ingest_prints_summary_and_exits_0(tmp_path, articles_dir, capsys):
    db = tmp_path / "out" / "db.sqlite"
    assert main(["ingest", str(articles_dir), "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    summary = json.loads(out)
    assert summary["articles"] == 3 and summary["failed"] == []
    assert summary["store"]["articles"] == 3
    assert summary["db"] == str(db)
    assert err == ""  # not a terminal: no progress line
    # again: replaced, not duplicated
    assert main(["ingest", str(articles_dir), "--db", str(db), "--published", "2016-02-10"]) == 0
    summary2 = json.loads(capsys.readouterr().out)
    assert summary2["store"] == summary["store"]
    with Store.open(db) as store:
        assert {a["published"] for a in store.articles()} == {"2016-02-10"}


def test_cli_exit_1_when_some_failed(tmp_path, articles_dir, capsys):
    (articles_dir / "empty.md").write_text("", encoding="utf-8")
    assert main(["ingest", str(articles_dir), "--db", str(tmp_path / "db.sqlite")]) == 1
    out, err = capsys.readouterr()
    summary = json.loads(out)
    assert summary["articles"] == 3
    assert [f["path"] for f in summary["failed"]] == [str(articles_dir / "empty.md")]
    assert err.strip().splitlines() == [f"python -m timeline: error: {articles_dir / 'empty.md'}: is empty"]


@pytest.mark.parametrize("argv,needle", [
    (["ingest", "{dir}", "--db", "{db}", "--published", "2016-02-31"], "invalid --published date '2016-02-31'"),
    (["ingest", "--db", "{db}"], "the following arguments are required: PATH"),
    (["ingest", "{dir}/missing.txt", "--db", "{db}"], "missing.txt: no such file or directory"),
    (["ingest", "{dir}"], "the following arguments are required: --db"),
    (["ingest", "{dir}/empty_dir", "--db", "{db}"], "no article files"),
    (["ingest", "{dir}", "--db", "{dir}/junk.sqlite"], "not a usable SQLite store"),
])
def test_cli_usage_errors_exit_2_with_one_line(tmp_path, articles_dir, capsys, argv, needle):
    (articles_dir / "empty_dir").mkdir()
    (articles_dir / "junk.sqlite").write_bytes(b"not a database " * 200)
    argv = [a.format(dir=articles_dir, db=tmp_path / "db.sqlite") for a in argv]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m timeline: error: ") and needle in lines[0], err
    assert not (tmp_path / "db.sqlite").exists()


def test_html_headline_and_paragraphs_are_separate_sentences(tmp_path):
    """A page's headline has no full stop and trafilatura puts each block on its own line: the headline and
    the first paragraph must not become one event sentence (they did, "Coalition weighs ... Defence ministers")."""
    with Store.open(tmp_path / "db.sqlite") as store:
        ingest([FIXTURES / "coalition-sirte.html"], store=store, analyse=analyse_article)
        sentences = [e.event.sentence for e in store.events()]
    assert sentences and not [s for s in sentences if "\n" in s]
    assert not [s for s in sentences if s.startswith("Coalition weighs") and "Defence" in s]
