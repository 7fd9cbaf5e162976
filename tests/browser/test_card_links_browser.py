"""Issue #18, item 11: a URL or an e-mail address in an article's text is shown as text in its event card, not
made a link (Markdown's autolinks). The real app in headless Chromium (tests/browser/conftest.py), on a store
holding an article analysed by the real pipeline."""
from __future__ import annotations

import datetime as dt

from tests.browser.conftest import fresh_app

SENTENCE = ("Rebels attacked a checkpoint in Sirte on Saturday and posted the video at https://evil.example/attack, "
            "on www.evil.example and by mail from press@evil.example.")


def test_urls_in_an_article_are_not_links_in_its_card(page, tmp_path):
    from articles import Article
    from timeline.events import analyse_article
    from timeline.store import Store

    db = tmp_path / "events.sqlite"
    with Store.open(db) as store:
        store.save(analyse_article(Article(text=SENTENCE, title="Sirte video", source="Wire", url="",
                                           published=dt.date(2016, 1, 31), path="")))
    with fresh_app(tmp_path, ["--db", str(db)]) as url:
        page.goto(url)
        card = page.locator('[data-testid="stMarkdownContainer"]', has_text="posted the video").first
        card.wait_for(timeout=120_000)
        text = card.inner_text()
        links = card.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert "evil.example/attack" in text.replace("\u2060", "") and "press@" in text
    assert not [h for h in links if h and "evil.example" in h], links
