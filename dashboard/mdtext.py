"""Text from articles or URLs shown through Streamlit's Markdown, escaped so it reads as plain text."""
from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~=$:\"'])")


# What GitHub-flavoured Markdown turns into a link by itself, after escapes are read: "https://", "www.", an
# e-mail's "@". A word joiner (U+2060, invisible) at each keeps the text as written and not a link.
_AUTOLINK = re.compile(r"(?i)(?<=http:)(?=//)|(?<=https:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)")


def md_escape(text: object, limit: int | None = None, *, joiners: bool = True) -> str:
    """Backslash-escape every Markdown/HTML-significant character; newlines become spaces; a URL or e-mail
    address in the text stays text (Markdown would make it a link), unless ``joiners`` is False: for text that
    is a link's own words already (``md_link``), where nothing is made a link again and the reader copies
    the text as written."""
    s = " ".join(str(text).split())
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub("\u2060", s) if joiners else s)


def md_link(url: object) -> str:
    """A URL the reader gave (a feed they follow) as a link whose words are the URL as written, so what they
    see and copy is what they typed; a URL that is not plain http(s) stays escaped text."""
    href = safe_url(url)
    if href is None:
        return md_escape(url)
    return f"[{md_escape(href, joiners=False)}]({href})"


def safe_url(url: object) -> str | None:
    """The URL if it is a plain http(s) URL, else None (no javascript:, data: ... links)."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    if re.match(r"^https?://[^\s<>\"'()\\]+$", u, flags=re.IGNORECASE):
        return u
    return None
