"""Lines of an article that are not its news: copyright notices, bylines, photo credits, wire flashes.

They name people and organisations ("By Jon Herskovitz", "Image copyright Getty Images") and dates
("Copyright 2024 ..."), so left in they would become events and actors nobody reported.
"""
from __future__ import annotations

import re

_NOTICE = re.compile(r"(?i)\bcopyright\b|©|\(c\)\s*\d{4}|\ball rights reserved\b")
_CREDIT = re.compile(
    r"(?i)^\(?\s*(?:(?:additional\s+)?reporting|editing|writing|compiled|translated)\s+by\b|"
    r"^\(?\s*(?:[A-Z]+\s+)?photo(?:graph)?s?\s*(?:credit)?\s*[:/]|\bphoto\s*(?:credit|courtesy)\b|"
    r"^\(?(?:image|picture|photo|video)\s+(?:source|courtesy|credit)\b")
_BYLINE = re.compile(r"^By\s+[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|and|de|van|von|al-\w+))*\s*(?:[,|/-].*)?$")
_FLASH = re.compile(r"(?i)^(?:flash|breaking(?:\s+news)?|urgent|bulletin|update|in this article)\s*[:!.]?$")
_BYLINE_WORDS = 8  # a byline is a name and maybe an agency, not a sentence


def is_boilerplate(line: str) -> bool:
    """True when a line (one paragraph of the article) is a notice, a byline, a credit or a flash."""
    text = line.strip()
    if not text:
        return False
    if _NOTICE.search(text) and len(text.split()) <= 25 or _CREDIT.search(text) or _FLASH.match(text):
        return True
    return bool(_BYLINE.match(text)) and len(text.split()) <= _BYLINE_WORDS


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) character spans of the text's boilerplate lines."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        if is_boilerplate(line):
            spans.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return spans
