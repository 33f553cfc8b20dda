"""Versions in npm manifests (package.json, package-lock.json), found by key path.

``json`` validates the file and decodes values; the scan walks only the objects on the way to a
wanted key, so a ``"version"`` anywhere else (a dependency's, a nested object's) is never touched.
"""

from __future__ import annotations

import json

from regent.core.markdown import encodable
from regent.core.version_files.spans import VersionFileError, VersionSpan

PACKAGE_JSON_KEYS: tuple[tuple[str, ...], ...] = (("version",),)
PACKAGE_LOCK_KEYS: tuple[tuple[str, ...], ...] = (("version",), ("packages", "", "version"))

DECODER = json.JSONDecoder()
_WHITESPACE = " \t\r\n"


def locate_json(
    text: str, *, path: str, keys: tuple[tuple[str, ...], ...]
) -> tuple[VersionSpan, ...]:
    """The string values at the key paths ``keys`` that exist, in the order of ``keys``."""
    try:
        json.loads(text)
    except RecursionError:
        raise VersionFileError(
            path,
            "nests arrays or objects too deeply to be a manifest; fix it or remove it "
            "from version_files",
        ) from None
    except ValueError as error:  # JSONDecodeError, or a number of more than 4300 digits
        raise VersionFileError(
            path, f"is not valid JSON ({error}); fix it or remove it from version_files"
        ) from None
    found: dict[tuple[str, ...], VersionSpan] = {}
    start = skip_whitespace(text, 0)
    if text[start] == "{":
        _scan_object(text, start, (), set(keys), found)
    spans = tuple(found[key] for key in keys if key in found)
    if any(not encodable(span.value) for span in spans):
        raise VersionFileError(
            path,
            "has a version holding a lone surrogate escape (such as \\ud800) that no file or "
            "tag can hold; write the version in plain characters",
        )
    return spans


def _scan_object(
    text: str,
    start: int,
    prefix: tuple[str, ...],
    wanted: set[tuple[str, ...]],
    found: dict[tuple[str, ...], VersionSpan],
) -> None:
    """Record the wanted string members of the object at ``start``, descending toward them."""
    position = skip_whitespace(text, start + 1)
    while text[position] != "}":
        name, after_name = DECODER.raw_decode(text, position)
        value_start = skip_whitespace(text, skip_whitespace(text, after_name) + 1)
        value, value_end = DECODER.raw_decode(text, value_start)
        key = (*prefix, name)
        if key in wanted and isinstance(value, str):
            found[key] = VersionSpan(value_start + 1, value_end - 1, value)
        elif isinstance(value, dict) and _leads_to(key, wanted):
            _scan_object(text, value_start, key, wanted, found)
        position = skip_whitespace(text, value_end)
        if text[position] == ",":
            position = skip_whitespace(text, position + 1)


def _leads_to(key: tuple[str, ...], wanted: set[tuple[str, ...]]) -> bool:
    return any(len(target) > len(key) and target[: len(key)] == key for target in wanted)


def skip_whitespace(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position
