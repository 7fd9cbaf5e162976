"""Lines of an article that are not its news: copyright notices, bylines, photo credits, wire flashes.

They name people and organisations ("By Jon Herskovitz", "Image copyright Getty Images") and dates
("Copyright 2024 ..."), so left in they would become events and actors nobody reported. The pipeline
parses the text with these lines blanked out, so no part of it (places, dates, actors, events) sees them.
"""
from __future__ import annotations

import re

_NOTICE = re.compile(r"(?i)©|\(c\)\s*\d{4}|\ball rights reserved\b|\bcopyright\s*(?:©|\(c\))?\s*\d{4}|"
                     r"\b(?:image|photo|picture|video)\s+copyright\b")
_CREDIT = re.compile(
    r"(?i)^\(?\s*(?:(?:additional\s+)?reporting|editing|writing|compiled|translated)\s+by\b|"
    r"^\(?\s*(?:[A-Z]+\s+)?photo(?:graph)?s?\s*(?:credit)?\s*[:/]|\bphoto\s*(?:credit|courtesy)\b|"
    r"^\(?(?:image|picture|photo|video)\s+(?:source|courtesy|credit)\b")
_BYLINE = re.compile(r"^By\s+[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|and|de|van|von|al-\w+))*\s*(?:[,|/-].*)?$")
_FLASH = re.compile(r"(?i)^(?:flash|breaking(?:\s+news)?|urgent|bulletin|update|in this article)\s*[:!.]?$")
_NOTICE_WORDS = 25  # a notice is a line or two; a longer paragraph naming a copyright is news
_BYLINE_WORDS = 8  # a byline is a name and maybe an agency, not a sentence


def is_boilerplate(line: str, source: str = "") -> bool:
    """True when a line (one paragraph of the article) is a notice, a byline, a credit, a flash, or the
    outlet's own name standing alone (``source``: "Libya Channel")."""
    text = line.strip()
    if not text:
        return False
    if source and text.casefold() == source.strip().casefold():
        return True
    if _NOTICE.search(text) and len(text.split()) <= _NOTICE_WORDS or _CREDIT.search(text) or _FLASH.match(text):
        return True
    return bool(_BYLINE.match(text)) and len(text.split()) <= _BYLINE_WORDS


def mask_boilerplate(text: str, source: str = "") -> str:
    """The text with its boilerplate lines blanked out (spaces, so every offset still points into ``text``)."""
    for start, end in boilerplate_spans(text, source):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def boilerplate_spans(text: str, source: str = "") -> list[tuple[int, int]]:
    """The [start, end) character spans of the text's boilerplate lines."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        if is_boilerplate(line, source):
            spans.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return spans
