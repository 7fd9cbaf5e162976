"""One write of the dashboard's forms under a store that cannot take it, in a process of its own (issue #18,
item 8): ``python dashboard_write_child.py DB PROBLEM ACTION`` prints what the page showed as one JSON line.

The app runs through Streamlit's AppTest (its real script, on the real store at ``DB``). PROBLEM is made real
just before the button is pressed: ``lock`` another connection holds ``BEGIN IMMEDIATE`` (the store's 30 s
busy timeout runs out), ``full`` the process may not write past 4 KiB of a file (RLIMIT_FSIZE, so SQLite gets EFBIG),
``readonly`` the file was made immutable before the app opened it (``chattr +i``: SQLite opens it read-only,
even for root). ACTION is ``add`` (paste an article, "Add article"), ``date`` ("Save date") or ``place``
("Save place") on the first listed event.
"""
from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ("---\ntitle: Benghazi protest\npublished: 2016-03-03\n---\n"
           "Protesters gathered in Benghazi on Thursday, police said. The crowd later marched to Tobruk.")
DAY = "2016-01-20"


def _problem(kind: str, db: str):
    if kind == "lock":
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        return holder
    if kind == "full":
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        # no write may reach past 4 KiB of any file: the store's journal or WAL frames cannot be written
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    return None


def main(db: str, kind: str, action: str) -> None:
    os.environ.update(NEWSMAP_DB=db, MAP_TILES="offline")
    from streamlit import config as st_config
    from streamlit.testing.v1 import AppTest

    st_config.set_option("server.enableStaticServing", True)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.run()
    if action == "add":
        at.text_area(key="up_text").input(ARTICLE).run()
        typed = lambda: at.text_area(key="up_text").value  # noqa: E731
        press = lambda: at.button(key="up_go")  # noqa: E731
    else:
        next(b for b in at.button if b.label == "Show evidence").click().run()
        eid = next(t.key.removeprefix("nm_cur_date_") for t in at.text_input if (t.key or "").startswith("nm_cur_date_"))
        if action == "date":
            at.text_input(key=f"nm_cur_date_{eid}").input(DAY).run()
            typed = lambda: at.text_input(key=f"nm_cur_date_{eid}").value  # noqa: E731
            press = lambda: at.button(key=f"nm_cur_date_go_{eid}")  # noqa: E731
        else:
            at.text_input(key=f"nm_cur_q_{eid}").input("Tripoli").run()  # readings of another name
            box = at.selectbox(key=f"nm_cur_place_{eid}_Tripoli")
            box.set_value(next(i for i, o in enumerate(box.options) if "current" not in o)).run()
            typed = lambda: next(s for s in at.selectbox if (s.key or "").startswith(f"nm_cur_place_{eid}")).value  # noqa: E731
            press = lambda: at.button(key=f"nm_cur_place_go_{eid}")  # noqa: E731
    before = typed()
    holder = _problem(kind, db)
    press().click().run()
    if holder is not None:
        holder.rollback()
        holder.close()
    print(json.dumps({"exceptions": [e.value for e in at.exception], "errors": [e.value for e in at.error],
                      "kept": typed() == before, "typed": str(before)}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
