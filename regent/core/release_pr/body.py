"""The release PR body (the maintainers' section, the rendered notes, then the state marker) and
the GitHub Release body, each within GitHub's size limit."""

from __future__ import annotations

from regent.core.release_pr.maintainer_notes import maintainer_section
from regent.core.release_pr.marker import ReleasePrMarker, format_marker

PR_BODY_LIMIT = 65_536
"""GitHub refuses a pull request body longer than this many characters."""
TRUNCATION_NOTICE = (
    "_The release notes are too long for a pull request body and are cut here; "
    "the GitHub Release and CHANGELOG.md carry them._"
)
_UNIT = 2  # bytes per UTF-16 code unit


def release_pr_body(
    visible: str,
    marker: ReleasePrMarker,
    *,
    maintainer_notes: str = "",
    limit: int = PR_BODY_LIMIT,
) -> str:
    """The maintainers' section, ``visible`` and the marker; long text is cut at a line end,
    with a notice, the section and the marker kept (notes too long for the body are cut too).

    Sizes are counted in UTF-16 code units, never fewer than GitHub's characters.
    """
    tail = "\n" + format_marker(marker) + "\n"
    notice = _size("\n\n" + TRUNCATION_NOTICE + "\n")
    room = limit - _size(tail) - notice - _size(maintainer_section("")) - 3  # 3 line feeds
    if _size(maintainer_notes) > room:
        maintainer_notes = _cut(maintainer_notes, max(room, 0)).rstrip("\n")
    head = maintainer_section(maintainer_notes) + "\n"
    if _size(head) + _size(tail) + notice > limit:
        head = ""  # a limit too small even for the empty section: the marker comes first
    text = _fit(
        visible.rstrip("\n") + "\n", notice=TRUNCATION_NOTICE, tail=tail, limit=limit - _size(head)
    )
    return head + text


RELEASE_BODY_LIMIT = 125_000
"""GitHub refuses a release body longer than this many characters."""
RELEASE_TRUNCATION_NOTICE = (
    "_The release notes are too long for a GitHub Release and are cut here; "
    "CHANGELOG.md in the tagged commit holds them in full._"
)


def release_body(notes: str, *, limit: int = RELEASE_BODY_LIMIT) -> str:
    """``notes`` as a GitHub Release body: long notes cut at a line end, with a notice."""
    return _fit(notes, notice=RELEASE_TRUNCATION_NOTICE, tail="", limit=limit)


def _fit(text: str, *, notice: str, tail: str, limit: int) -> str:
    """``text`` then ``tail`` within ``limit``; past it, ``text`` cut at a line end + ``notice``."""
    if _size(text) + _size(tail) <= limit:
        return text + tail
    notice = "\n\n" + notice + "\n"
    room = max(limit - _size(tail) - _size(notice), 0)
    return _cut(text, room).rstrip("\n") + notice + tail


def _size(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // _UNIT


def _cut(text: str, room: int) -> str:
    """The longest prefix of whole lines within ``room`` code units (else of whole characters)."""
    encoded = text.encode("utf-16-le", "surrogatepass")
    prefix = encoded[: room * _UNIT].decode("utf-16-le", errors="ignore")
    end = prefix.rfind("\n")
    return prefix[: end + 1] if end >= 0 else prefix
