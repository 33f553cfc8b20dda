"""The release PR's hidden state marker: one parse/format pair, and the digest of its files.

The marker is an HTML comment on the last line of the PR body, invisible on GitHub, holding
the version, tag, base_sha, content and date (and, while a maintainer pins the version with
``!set-version``, the pin; a monorepo's release PR: every component's version and tag, and
the pin of each component a maintainer pinned)::

    <!-- release-regent {"version": "1.4.0", "tag": "v1.4.0", "base_sha": "...", ...} -->

It records what the release branch was last written from, so a run can tell that nothing
would change without reading the branch. It is read from that last line only, never searched
for: the notes above it quote commit text, which could hold a look-alike (it is escaped there
too, core/markdown.py). Parsing is tolerant and linear: a body edited by hand, a last line
that is not our marker, or one holding a string no file can encode (a lone surrogate) yields
None and the run falls back to recomputing everything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from regent.core.markdown import encodable
from regent.core.model import FileChange

MARKER_PREFIX = "<!-- release-regent "
MARKER_SUFFIX = " -->"
_FIELDS = ("version", "tag", "base_sha", "content", "date")
_PIN = "pin"
_COMPONENTS = "components"
_HTML_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


@dataclass(frozen=True, slots=True)
class VersionPin:
    """A version a maintainer set for the pending release, and who set it where."""

    version: str
    source: str
    """E.g. ``!set-version by @alice in #12``: shown in the plan's reason."""


@dataclass(frozen=True, slots=True)
class ComponentVersion:
    """One component's release in a monorepo's release PR."""

    name: str
    version: str
    tag: str
    previous: str | None = None
    """The component's version before this release (None: its first)."""
    pin: VersionPin | None = None
    """The version a maintainer pinned for it (``!set-version api 2.0.0``), kept until released."""


@dataclass(frozen=True, slots=True)
class ReleasePrMarker:
    """What the release PR was last written from."""

    version: str
    tag: str
    base_sha: str
    content: str
    date: str
    pin: VersionPin | None = None
    """The version pinned by a maintainer, kept by every update until it is released."""
    components: tuple[ComponentVersion, ...] = ()
    """A monorepo's release PR: each component it releases (``version``/``tag`` list them)."""


def format_marker(marker: ReleasePrMarker) -> str:
    """The marker as one HTML comment line (``<``, ``>`` and ``&`` escaped inside the JSON).

    Release bodies put it last (core/release_pr/body.py): ``parse_marker`` reads only there.
    """
    fields: dict[str, object] = {name: getattr(marker, name) for name in _FIELDS}
    if marker.pin is not None:
        fields[_PIN] = {"version": marker.pin.version, "source": marker.pin.source}
    if marker.components:
        fields[_COMPONENTS] = [_component_fields(c) for c in marker.components]
    data = json.dumps(fields, ensure_ascii=True)
    for plain, escaped in _HTML_ESCAPES:
        data = data.replace(plain, escaped)
    return f"{MARKER_PREFIX}{data}{MARKER_SUFFIX}"


def _component_fields(component: ComponentVersion) -> dict[str, object]:
    fields: dict[str, object] = {
        "name": component.name,
        "version": component.version,
        "tag": component.tag,
        "previous": component.previous,
    }
    if component.pin is not None:
        fields[_PIN] = {"version": component.pin.version, "source": component.pin.source}
    return fields


def parse_marker(body: str | None) -> ReleasePrMarker | None:
    """The marker on ``body``'s last non-blank line, or None (that line is not one of ours)."""
    text = (body or "").rstrip()
    line = text[text.rfind("\n") + 1 :].strip()
    if not (line.startswith(MARKER_PREFIX) and line.endswith(MARKER_SUFFIX)):
        return None
    return _read(line[len(MARKER_PREFIX) : len(line) - len(MARKER_SUFFIX)])


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
    if not all(isinstance(value, str) and value and encodable(value) for value in values):
        return None
    version, tag, base_sha, content, date = (str(value) for value in values)
    pin, components = _read_pin(data.get(_PIN)), _read_components(data.get(_COMPONENTS))
    return ReleasePrMarker(version, tag, base_sha, content, date, pin, components)


def _read_components(data: object) -> tuple[ComponentVersion, ...]:
    """The components field, or () (absent, as for a single package, or malformed)."""
    if not isinstance(data, list):
        return ()
    read = [_read_component(item) for item in data]
    return tuple(item for item in read if item is not None) if None not in read else ()


def _read_component(data: object) -> ComponentVersion | None:
    if not isinstance(data, dict):
        return None
    values = [data.get(name) for name in ("name", "version", "tag")]
    previous = data.get("previous")
    if not all(_text(value) for value in values) or not (previous is None or _text(previous)):
        return None
    name, version, tag = (str(value) for value in values)
    previous_text = None if previous is None else str(previous)
    return ComponentVersion(name, version, tag, previous_text, _read_pin(data.get(_PIN)))


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value) and encodable(value)


def _read_pin(data: object) -> VersionPin | None:
    """The pin field, or None (absent, as in markers written before pins, or malformed)."""
    if not isinstance(data, dict):
        return None
    version, source = data.get("version"), data.get("source")
    if not (_text(version) and _text(source)):
        return None
    return VersionPin(str(version), str(source))
