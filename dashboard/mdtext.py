"""Text from articles or URLs shown through Streamlit's Markdown, escaped so it reads as plain text."""
from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~=$:\"'])")


def md_escape(text: object, limit: int | None = None) -> str:
    """Backslash-escape every Markdown/HTML-significant character; newlines become spaces."""
    s = " ".join(str(text).split())
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    return _MD_SPECIAL.sub(r"\\\1", s)


def safe_url(url: object) -> str | None:
    """The URL if it is a plain http(s) URL, else None (no javascript:, data: ... links)."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    if re.match(r"^https?://[^\s<>\"'()\\]+$", u, flags=re.IGNORECASE):
        return u
    return None
