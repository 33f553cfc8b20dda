"""UTF-8 JSON for ``regent plan``: orjson when the ``fast`` extra is installed, else the stdlib."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

Dumps = Callable[[object], bytes]


@dataclass(frozen=True, slots=True)
class JsonEncoder:
    """Compact and indented JSON of plain values (dicts, lists, str, int, bool, None)."""

    name: str
    compact: Dumps
    indented: Dumps


def _standard_compact(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _standard_indented(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=True, indent=2).encode("ascii")


STANDARD = JsonEncoder("json", _standard_compact, _standard_indented)


def fast_encoder() -> JsonEncoder | None:
    """orjson (about 8x the standard library on a plan's commits), or None when not installed.

    What orjson refuses (a lone surrogate from a config value, an integer past 64 bits) is
    written by the standard library instead, so every plan it can encode is still printed.
    """
    try:
        import orjson
    except ImportError:
        return None

    def compact(value: object) -> bytes:
        try:
            return orjson.dumps(value)
        except orjson.JSONEncodeError:
            return _standard_compact(value)

    def indented(value: object) -> bytes:
        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2)
        except orjson.JSONEncodeError:
            return _standard_indented(value)

    return JsonEncoder("orjson", compact, indented)


def best_encoder() -> JsonEncoder:
    """The fastest encoder installed."""
    return fast_encoder() or STANDARD
