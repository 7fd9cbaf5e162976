"""The article record: text and what is known of where and when it was published."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: dt.date | None = None
    path: str = ""

    @property
    def id(self) -> str:
        """Stable across runs: the URL when there is one, else the title, date and text."""
        basis = self.url or f"{self.title}\n{self.published}\n{self.text}"
        return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "source": self.source, "url": self.url,
                "published": self.published.isoformat() if self.published else None, "path": self.path}
