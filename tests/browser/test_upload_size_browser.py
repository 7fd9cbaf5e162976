"""Issue #18, item 11: the uploader takes a file of 2,000,000 to 2,097,152 bytes, which the app's own 2 MB
limit (MAX_UPLOAD_BYTES, 2 x 1,048,576 bytes) allows. The real app in headless Chromium on a real store."""
from __future__ import annotations

import datetime as dt

from dashboard.upload import MAX_UPLOAD_BYTES
from tests.browser.conftest import fresh_app
from tests.reliability.test_upload_read_once import _page


def test_a_file_just_under_the_apps_limit_is_taken(page, tmp_path):
    from articles import Article
    from timeline.events import analyse_article
    from timeline.store import Store

    db = tmp_path / "events.sqlite"
    with Store.open(db) as store:  # not empty, so the app does not seed it
        store.save(analyse_article(Article(text="Clashes in Benghazi on Friday, officials said.", title="Benghazi",
                                           source="Wire", url="", published=dt.date(2016, 1, 31), path="")))
    upload = tmp_path / "sirte.html"
    upload.write_bytes(_page(2_050_000))
    assert 2_000_000 < upload.stat().st_size <= MAX_UPLOAD_BYTES
    with fresh_app(tmp_path, ["--db", str(db)]) as url:
        page.goto(url)
        page.get_by_text("Add your own article").first.click(timeout=120_000)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
        title = page.get_by_role("textbox", name="Title")
        page.wait_for_function("() => [...document.querySelectorAll('input')].some(i => i.value === 'Sirte attack')",
                               timeout=120_000)  # the app read the file: its title fills the form
        said = page.locator('[data-testid="stFileUploader"]').inner_text()
    assert "must be" not in said and "or smaller" not in said, said
    assert title.count() >= 1
