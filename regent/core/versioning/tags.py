"""Release tags: naming them from a template and finding the releases among a repository's tags."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from regent.core.errors import ConfigError
from regent.core.versioning.versions import Precedence, Version, VersionScheme

VERSION_FIELD = "{version}"


@dataclass(frozen=True, slots=True)
class TaggedVersion:
    """A release tag and the version it names."""

    tag: str
    version: Version


@dataclass(frozen=True, slots=True)
class ReleaseHistory:
    """The releases reachable from HEAD that the next version is computed from."""

    latest: TaggedVersion | None = None
    last_stable: TaggedVersion | None = None
    latest_prerelease: TaggedVersion | None = None


@dataclass(frozen=True, slots=True)
class TagTemplate:
    """A tag name pattern such as ``v{version}``."""

    template: str

    def __post_init__(self) -> None:
        if self.template.count(VERSION_FIELD) != 1:
            raise ConfigError(
                f"tag_template {self.template!r} must contain {VERSION_FIELD} exactly once"
            )

    def format(self, version: Version | str) -> str:
        return self.template.replace(VERSION_FIELD, str(version))

    def version_text(self, tag: str) -> str | None:
        """The version part of ``tag``, or None when the tag does not follow the template."""
        prefix, suffix = self.template.split(VERSION_FIELD)
        if not tag.startswith(prefix) or not tag.endswith(suffix):
            return None
        end = len(tag) - len(suffix)
        return tag[len(prefix) : end] if end > len(prefix) else None

    @property
    def glob(self) -> str:
        """A ``git`` ref glob that pre-selects candidate tags."""
        return re.sub(r"[\[\]?*]", "?", self.template).replace(VERSION_FIELD, "*")


def release_tags(
    tags: Iterable[str], *, template: TagTemplate, scheme: VersionScheme
) -> list[TaggedVersion]:
    """The tags naming a version under ``template`` and ``scheme``, highest precedence first.

    Tags that do not follow the template or whose version does not parse are ignored.
    """
    versions: list[TaggedVersion] = []
    for tag in tags:
        text = template.version_text(tag)
        version = scheme.try_parse(text) if text is not None else None
        if version is not None:
            versions.append(TaggedVersion(tag, version))
    return sorted(versions, key=_precedence, reverse=True)


def unparsed_tags(
    tags: Iterable[str], *, template: TagTemplate, parsed: Iterable[TaggedVersion]
) -> list[str]:
    """The tags that follow ``template`` but are not among ``parsed`` (``release_tags`` of the
    same tags: the scheme does not read their version), sorted. No version is parsed again."""
    read = {tagged.tag for tagged in parsed}
    return sorted(tag for tag in tags if tag not in read and template.version_text(tag) is not None)


def find_releases(
    tags: Iterable[str], *, template: TagTemplate, scheme: VersionScheme
) -> ReleaseHistory:
    """Pick the latest release, the last stable one and a newer prerelease among ``tags``."""
    versions = release_tags(tags, template=template, scheme=scheme)
    if not versions:
        return ReleaseHistory()
    latest = versions[0]
    last_stable = next((t for t in versions if not t.version.is_prerelease), None)
    latest_prerelease = latest if latest.version.is_prerelease else None
    return ReleaseHistory(
        latest=latest, last_stable=last_stable, latest_prerelease=latest_prerelease
    )


def _precedence(tagged: TaggedVersion) -> Precedence:
    return Precedence(tagged.version)
