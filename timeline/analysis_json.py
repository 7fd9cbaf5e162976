"""Analyses as JSON, for caches of work that is slow to redo (a corpus run through the pipeline).

Each record is written with its class's name; reading builds only the record classes named here, field by
field, so a file planted at a cache path can at worst hold wrong analyses, never run code (as a pickle would).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

__all__ = ["FORMAT", "dumps", "loads", "read", "write"]

FORMAT = "newsmap-analyses-1"


def _classes() -> dict[str, type]:
    from articles.record import Article
    from geo.records import GazetteerEntry, PlaceMention
    from timeline.records import Actor, Analysis, Event
    from timeline.timex import Timex

    return {c.__name__: c for c in (Analysis, Article, Event, Actor, PlaceMention, GazetteerEntry, Timex)}


def _encode(value):
    if dataclasses.is_dataclass(value):
        return {"__record__": type(value).__name__,
                **{f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def _decode(value, classes: dict):
    if isinstance(value, list):
        return tuple(_decode(v, classes) for v in value)  # every sequence field of the records is a tuple
    if isinstance(value, dict):
        if set(value) == {"__date__"}:
            return dt.date.fromisoformat(value["__date__"])
        cls = classes.get(value.get("__record__"))
        if cls is None:
            raise ValueError(f"unknown record {value.get('__record__')!r}")
        names = {f.name for f in dataclasses.fields(cls)}
        fields = {k: v for k, v in value.items() if k != "__record__"}
        if not set(fields) <= names:
            raise ValueError(f"{cls.__name__} has no field {sorted(set(fields) - names)[0]!r}")
        return cls(**{k: _decode(v, classes) for k, v in fields.items()})
    return value


def dumps(value) -> str:
    """JSON of records (an Analysis, a list of them, or a dict holding them)."""
    return json.dumps(_encode(value), ensure_ascii=False)


def loads(text: str | bytes):
    """The records of ``dumps``; ValueError (or TypeError for a field of the wrong kind) for anything else."""
    return _decode(json.loads(text), _classes())


def write(path: Path, value, **about) -> None:
    """``{"format", **about, "records": value}`` into ``path``, through a temporary file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps({"format": FORMAT, **about, "records": _encode(value)}, ensure_ascii=False),
                   encoding="utf-8")
    tmp.replace(path)


def read(path: Path) -> tuple[dict, object]:
    """(about, records) of a file ``write`` made; ValueError when it is not one."""
    data = json.loads(path.read_bytes())
    if not isinstance(data, dict) or data.get("format") != FORMAT or "records" not in data:
        raise ValueError(f"{path}: not an analyses file of this version")
    about = {k: v for k, v in data.items() if k not in ("format", "records")}
    return about, _decode(data["records"], _classes())
