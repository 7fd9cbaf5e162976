"""One colour per event type, the same in every view (map markers, legend, timeline, counts) and in every session,
whatever types the data holds: a reader learns that red is ASSAULT once.

The PLOVER types are grouped by what they are (PLOVER's manual: cooperation, spoken conflict, material conflict),
and each group has its own family of hues, so a map of one kind of news reads at a glance: greens and blues for
agreement, aid and retreat; oranges for accusations, rejections and threats; reds and purples for protests,
sanctions, mobilisation, coercion and assault. Statements are slate, OTHER grey. A type outside the table (an
import's own, e.g. ACLED's "Battles") gets a colour of its own from a spare palette, chosen by its name (not by
which types happen to be present), so it too never changes.
"""
from __future__ import annotations

import zlib
from typing import Iterable

TYPE_COLORS: dict[str, str] = {
    # cooperation, spoken and material
    "AGREE": "#1b9e77", "CONSULT": "#66c2a5", "SUPPORT": "#a6d854", "CONCEDE": "#4daf4a",
    "COOPERATE": "#006d2c", "AID": "#2b8cbe", "RETREAT": "#74a9cf", "REQUEST": "#bc80bd",
    # conflict in words
    "ACCUSE": "#fdae61", "REJECT": "#f46d43", "THREATEN": "#d8b365",
    # conflict in deeds
    "PROTEST": "#e7298a", "SANCTION": "#8c510a", "MOBILIZE": "#762a83", "COERCE": "#b2182b", "ASSAULT": "#e41a1c",
    # not a PLOVER happening
    "STATEMENT": "#4a6fa5", "OTHER": "#969696",
}
# For types outside the table: distinct from the table's colours and from each other.
SPARE_COLORS = ("#17becf", "#bcbd22", "#8dd3c7", "#fb9a99", "#cab2d6", "#ffed6f", "#a65628", "#636363")


def type_color(event_type: str) -> str:
    """The colour of ``event_type``: the table's, else a spare one chosen by the name alone."""
    known = TYPE_COLORS.get(event_type) or TYPE_COLORS.get(event_type.upper())
    return known or SPARE_COLORS[zlib.crc32(event_type.encode("utf-8")) % len(SPARE_COLORS)]


def type_colors(types: Iterable[str]) -> dict[str, str]:
    """Each of ``types`` with its colour, in the table's order (PLOVER's), then the others by name."""
    present = set(types)
    order = [t for t in TYPE_COLORS if t in present] + sorted(present - TYPE_COLORS.keys(), key=str.lower)
    return {t: type_color(t) for t in order}
