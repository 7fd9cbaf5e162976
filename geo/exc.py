"""The errors the geo package raises on purpose: one root, and each kind also the builtin it means.

``except GeoError`` catches every one of them; code that knows nothing of geo still catches them by their
builtin (a bad supplement file is a ``ValueError``, a missing one a ``FileNotFoundError``). The message is
one line that names the problem. Anything else that escapes geo is a bug, not bad input.
"""
from __future__ import annotations


class GeoError(Exception):
    """Root of the errors geo raises on purpose."""


class GazetteerError(GeoError, RuntimeError):
    """The gazetteer index cannot be built or opened (a cache folder that cannot be written, a damaged file)."""


class IndexNotBuilt(GazetteerError):
    """``Gazetteer.open(build_missing=False)`` found no index of its setup (nothing built yet)."""


class SupplementError(GeoError, ValueError):
    """A supplement CSV of places the user passed in is malformed: the message names the file and line."""


class SupplementNotFound(SupplementError, FileNotFoundError):
    """A supplement CSV the user named does not exist."""


class ModelNotInstalled(GeoError, RuntimeError):
    """No English spaCy model is installed."""


class CorpusError(GeoError, ValueError):
    """An evaluation corpus file cannot be read or is not in the corpus format (shared/eval/README.md)."""


class GeocoderServiceError(GeoError, ConnectionError):
    """An online geocoding service gave no usable answer (``geo.online`` then keeps the offline result)."""


class GeocoderAnswerError(GeocoderServiceError, ValueError):
    """An online geocoder's answer lacks usable coordinates."""

