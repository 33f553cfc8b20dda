"""The release PR's hidden state marker: one parse/format pair, and the digest of its files.

The marker is an HTML comment at the end of the PR body, invisible on GitHub::

    <!-- release-regent {"version": "1.4.0", "tag": "v1.4.0", "base_sha": "...",
         "content": "sha256:...", "date": "2026-11-26"} -->

It records what the release branch was last written from, so a run can tell that nothing
would change without reading the branch. Parsing is tolerant: a body edited by hand, or a
marker that is not ours, yields None and the run falls back to recomputing everything.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from regent.core.github_port import FileChange

MARKER_PREFIX = "<!-- release-regent "
MARKER_SUFFIX = " -->"
_MARKER = re.compile(r"<!-- release-regent (\{.*?\}) -->", re.DOTALL)
_FIELDS = ("version", "tag", "base_sha", "content", "date")
_HTML_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


@dataclass(frozen=True, slots=True)
class ReleasePrMarker:
    """What the release PR was last written from."""

    version: str
    tag: str
    base_sha: str
    content: str
    date: str


def format_marker(marker: ReleasePrMarker) -> str:
    """The marker as one HTML comment line (``<``, ``>`` and ``&`` escaped inside the JSON)."""
    data = json.dumps({name: getattr(marker, name) for name in _FIELDS}, ensure_ascii=True)
    for plain, escaped in _HTML_ESCAPES:
        data = data.replace(plain, escaped)
    return f"{MARKER_PREFIX}{data}{MARKER_SUFFIX}"


def parse_marker(body: str | None) -> ReleasePrMarker | None:
    """The last well-formed marker in ``body``, or None (no marker, or not one of ours)."""
    for found in reversed(_MARKER.findall(body or "")):
        marker = _read(found)
        if marker is not None:
            return marker
    return None


def content_digest(files: Iterable[FileChange]) -> str:
    """A digest of the release commit's files (paths and contents, in any order)."""
    digest = hashlib.sha256()
    for change in sorted(files, key=lambda change: change.path):
        digest.update(json.dumps([change.path, change.content]).encode("utf-8"))
        digest.update(b"\n")
    return "sha256:" + digest.hexdigest()


def _read(text: str) -> ReleasePrMarker | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    values = [data.get(name) for name in _FIELDS]
    if not all(isinstance(value, str) and value for value in values):
        return None
    version, tag, base_sha, content, date = (str(value) for value in values)
    return ReleasePrMarker(version, tag, base_sha, content, date)
