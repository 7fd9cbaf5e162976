"""An analysis for tests of worker processes (``timeline.analysis_pool``): module-level, so a spawned worker
imports it by name; the real analysis, plus a note of the process that ran it and a failure on demand."""
from __future__ import annotations

import os
from pathlib import Path

from timeline.events import analyse_article
from timeline.records import Analysis, Article

PID_DIR = "NEWSMAP_TEST_PID_DIR"  # environment: a folder where each analysing process leaves a file named by its pid
CRASH = "CRASH-HERE"  # an article holding this fails its analysis


def analyse_marked(article: Article) -> Analysis:
    where = os.environ.get(PID_DIR)
    if where:
        Path(where, str(os.getpid())).touch()
    if CRASH in article.text:
        raise RuntimeError("tagger crashed\non this one")
    return analyse_article(article)
