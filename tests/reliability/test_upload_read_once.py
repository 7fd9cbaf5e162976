"""Issue #18, item 9: a file left in the uploader is read once per session, not on every rerun (a 1.99 MB
HTML page took 28-31 s a rerun). The form's own reader on a real page through trafilatura; the memo is the
session's state (a plain mapping here, ``st.session_state`` in the app)."""
from __future__ import annotations

from dashboard.upload import MAX_UPLOAD_BYTES, UPLOAD_MEMO, forget_upload, read_upload_once

PARAGRAPH = "<p>Militants attacked a checkpoint in Sirte on Saturday, officials in Misrata said. {}</p>\n"


def _page(size: int) -> bytes:
    """A page of ``size`` bytes that is mostly markup, as a saved news page is: 200 paragraphs of text."""
    body = b"".join(PARAGRAPH.format(n).encode() for n in range(200))
    tail = b"</article></body></html>"
    head = b"<html><head><title>Sirte attack</title><style>\n"
    rule = b".c{color:#123456;margin:0 auto}\n"
    style = rule * ((size - len(head) - len(body) - len(tail) - 200) // len(rule))
    page = head + style + b"</style></head><body><article><h1>Sirte attack</h1>\n" + body + tail
    return page + b" " * (size - len(page))


def test_the_same_upload_is_read_once_and_a_new_one_again():
    page = _page(1_990_000)
    assert len(page) <= MAX_UPLOAD_BYTES
    session: dict = {}
    first = read_upload_once(session, "sirte.html", page)
    assert "Sirte" in first.text and first.title == "Sirte attack"
    again = read_upload_once(session, "sirte.html", bytes(page))  # the next rerun: the same bytes, a new copy
    assert again is first  # not read (and extracted) a second time
    other = read_upload_once(session, "sirte.html", page.replace(b"Saturday", b"Sunday", 1))
    assert other is not first and "Sunday" in other.text
    forget_upload(session)  # the uploader emptied: nothing of the page is kept
    assert UPLOAD_MEMO not in session


def test_a_refused_upload_is_refused_again_without_reading_it():
    session: dict = {}
    for _ in range(2):
        try:
            read_upload_once(session, "notes.pdf", b"%PDF-1.4")
        except ValueError as exc:
            assert "Only .txt, .md and .html" in str(exc)
        else:
            raise AssertionError("a .pdf was read")
    assert session[UPLOAD_MEMO][1] is None
