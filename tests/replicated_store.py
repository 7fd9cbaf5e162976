"""Stores of many events for the tests of the dashboard's scale (issue #12): the real analyses of the
dashboard's fixture articles, replicated by the benchmark's own generator (benchmarks/make_big_store.py: new
ids, dates moved by whole weeks), saved with the real ``Store.save``."""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = Path(__file__).resolve().parent / "fixtures" / "dashboard_articles"


def generator():
    """benchmarks/make_big_store.py as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_big_store", ROOT / "benchmarks" / "make_big_store.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def templates() -> tuple:
    """The fixture articles analysed by the real pipeline (each with a publication date)."""
    from articles import read_article
    from timeline.events import analyse_article

    out = []
    for path in sorted(ARTICLES.glob("*.md")):
        analysis = analyse_article(read_article(path))
        assert analysis.events and analysis.article.published, path
        out.append(analysis)
    return tuple(out)


def build_store(path: Path, *, articles: int, events_per_article: int, seed: int = 4) -> Path:
    """A SQLite store at ``path`` of ``articles`` replicated articles of ``events_per_article`` events."""
    from timeline.store import Store

    with Store.open(path) as store:
        for analysis in generator().replicas(list(templates()), articles=articles,
                                             events_per_article=events_per_article, seed=seed):
            store.save(analysis)
    return path
