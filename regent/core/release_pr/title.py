"""The release PR's title, and the version a merged release PR releases."""

from __future__ import annotations

import re
from dataclasses import dataclass

from regent.core.errors import RegentError
from regent.core.model import PullRequest
from regent.core.release_pr.marker import parse_marker
from regent.core.versioning.tags import VERSION_FIELD, TagTemplate
from regent.core.versioning.versions import Version, VersionScheme

TAG_FIELD = "{tag}"
MAX_TITLE_LENGTH = 512
"""Characters of a title read for a version: twice GitHub's limit of 256 for a pull request's
title, so no title GitHub holds is cut, and matching (quadratic in the worst case) stays small."""
_FIELDS = re.compile(r"(\{version\}|\{tag\})")


class ReleasePrError(RegentError):
    """A release PR that Release Regent cannot act on as it stands."""


@dataclass(frozen=True, slots=True)
class MergedReleaseVersion:
    """The version a merged release PR releases, and where it was read from."""

    version: Version
    source: str


def release_pr_title(template: str, *, version: str, tag: str) -> str:
    """The PR title: ``template`` with ``{version}`` and ``{tag}`` filled in."""
    return template.replace(VERSION_FIELD, version).replace(TAG_FIELD, tag)


def title_template_problem(template: str) -> str | None:
    """Why ``template`` cannot title release PRs (and be read back), or None when it can."""
    if VERSION_FIELD not in template and TAG_FIELD not in template:
        return f"{template!r} must contain {VERSION_FIELD} or {TAG_FIELD}"
    literal = _FIELDS.sub("", template)
    if "{" in literal or "}" in literal:
        return f"{template!r}: {VERSION_FIELD} and {TAG_FIELD} are the only placeholders"
    if not template.strip() or "\n" in template:
        return f"{template!r} must be one non-empty line"
    return None


def version_from_title(title: str, template: str, *, tag_template: TagTemplate) -> str | None:
    """The version text a title written from ``template`` carries, or None if it does not fit
    (a title over ``MAX_TITLE_LENGTH`` characters never does)."""
    title = title.strip()
    if len(title) > MAX_TITLE_LENGTH:
        return None
    match = title_pattern(template).fullmatch(title)
    if match is None:
        return None
    fields = match.groupdict()
    from_tag = tag_template.version_text(fields["tag"]) if fields.get("tag") else None
    version = fields.get("version")
    if fields.get("tag") and from_tag is None:
        return None
    if version is not None and from_tag is not None and version != from_tag:
        return None
    return version or from_tag


def merged_release_version(
    pull: PullRequest, *, title_template: str, tag_template: TagTemplate, scheme: VersionScheme
) -> MergedReleaseVersion:
    """The version of a merged release PR: its marker, else its title; else ReleasePrError."""
    marker = parse_marker(pull.body)
    found = scheme.try_parse(marker.version) if marker is not None else None
    if found is not None:
        return MergedReleaseVersion(found, "its state marker")
    text = version_from_title(pull.title, title_template, tag_template=tag_template)
    found = scheme.try_parse(text) if text is not None else None
    if found is not None:
        return MergedReleaseVersion(found, "its title (no state marker in the body)")
    example = release_pr_title(title_template, version="1.2.3", tag=tag_template.format("1.2.3"))
    raise unreadable_release_pr(pull, "its version", title_template=title_template, example=example)


def unreadable_release_pr(
    pull: PullRequest, what: str, *, title_template: str, example: str
) -> ReleasePrError:
    """The error for a merged release PR whose ``what`` (``its version``) neither its marker
    nor its title gives, with an ``example`` of a title that would."""
    return ReleasePrError(
        f"release PR #{pull.number} was merged, but {what} cannot be read: the body has "
        f"no Release Regent state marker and the title {pull.title!r} does not follow "
        f"{title_template!r}. Give it a title such as {example!r} and run again, or remove "
        "its 'release-regent: pending' label to skip releasing it"
    )


def title_pattern(template: str, *, field: str = r"\S+?") -> re.Pattern[str]:
    """A pattern matching titles written from ``template``, each field matched by ``field``."""
    parts: list[str] = []
    seen: set[str] = set()
    for piece in _FIELDS.split(template.strip()):
        if piece in (VERSION_FIELD, TAG_FIELD):
            name = piece[1:-1]
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{field})")
            seen.add(name)
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts))
