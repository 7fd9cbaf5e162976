"""Reading gold corpora (``../shared/eval/`` JSON lines) for the evaluation commands: one reader for all of them."""
from __future__ import annotations

import json

from articles import InputError, check_text
from timeline.errors import UsageError


def read_gold(paths) -> list[tuple[str, dict]]:
    """(path, document) for every non-blank line of the files; a document is an object with a string
    ``text`` within the one size limit. A bad line or file is a ``UsageError`` naming ``path:line``."""
    docs = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    try:
                        doc = json.loads(line)
                    except ValueError as e:
                        raise UsageError(f"{path}:{lineno}: not JSON ({e})") from None
                    if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
                        raise UsageError(f'{path}:{lineno}: need an object with a "text" string')
                    try:
                        check_text(doc["text"], where=f"{path}:{lineno}")  # before any work
                    except InputError as e:
                        raise UsageError(str(e)) from None
                    docs.append((str(path), doc))
        except OSError as e:
            raise UsageError(f"cannot read {path!r}: {e.strerror or e}") from None
    return docs
