"""The tags release-please makes (``<component><separator>v<version>``) and the manifest's
versions checked against the tags that exist."""

from __future__ import annotations

from collections.abc import Mapping, Set

from regent.config.migration.result import Draft

MANIFEST_FILE = ".release-please-manifest.json"


def component_name(options: Mapping[str, object]) -> str:
    """The component release-please names in tags: ``component``, else the package name."""
    for key in ("component", "package-name"):
        value = options.get(key)
        if isinstance(value, str) and value:
            return value.rsplit("/", 1)[-1] if key == "package-name" else value
    return ""


def tag_template(options: Mapping[str, object], component: str) -> str:
    """release-please's tag for ``options``: ``<component><separator>v<version>`` by default."""
    separator = options.get("tag-separator", "-")
    with_component = options.get("include-component-in-tag", True) is not False
    prefix = f"{component}{separator}" if with_component and component else ""
    with_v = options.get("include-v-in-tag", True) is not False
    return f"{prefix}{'v' if with_v else ''}{{version}}"


def check_version(
    path: str, versions: Mapping[str, str], template: str, *, draft: Draft, tags: Set[str] | None
) -> None:
    """Note when the manifest's version of ``path`` has no tag: tags are what count here."""
    version = versions.get(path)
    if version is None:
        draft.note(f"{MANIFEST_FILE} lists no version for {path}")
        return
    tag = template.replace("{version}", version)
    if tags is None:
        draft.note(f"not a git repository: {MANIFEST_FILE}'s {path}: {version} not checked")
    elif tag not in tags:
        draft.note(
            f"{MANIFEST_FILE} has {path} at {version} but there is no tag {tag}: Release Regent "
            f"takes the current version from tags, so tag the commit that released {version} "
            f"(git tag {tag} <commit>), or the next release starts from initial_version"
        )
