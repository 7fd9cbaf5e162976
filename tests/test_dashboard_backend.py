"""dashboard.backend with the real store and pipeline: the start-up warm-up and the app seed an empty store once."""
from __future__ import annotations

import threading
from pathlib import Path

from dashboard import backend
from timeline.ingest import find_article_files

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_warm_up_and_the_app_seed_an_empty_store_once(tmp_path):
    db = str(tmp_path / "events.sqlite")
    done: dict[str, int] = {}
    warm = threading.Thread(target=lambda: done.__setitem__("warm_up", backend.warm_up(db, SEEDS)))
    warm.start()
    store = backend.open_store(db)
    try:
        messages: list[str] = []
        done["app"] = backend.ensure_seeded(store, SEEDS, lambda frac, msg: messages.append(msg))
        warm.join(timeout=300)
        assert not warm.is_alive()
        # whichever came first stored the seeds; the other found them stored
        assert sorted(n > 0 for n in done.values()) == [False, True], done
        assert len(store.article_ids()) == len(find_article_files([SEEDS]))
        events = store.count()["events"]
        assert events == max(done.values())
        assert backend.warm_up(db, SEEDS) == 0  # a store with articles is left alone
        assert store.count()["events"] == events
    finally:
        store.close()
