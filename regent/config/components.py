"""The ``components:`` of a monorepo in `.release-regent.yml`: each a release line with its own
folder, tag and changelog, overriding any top-level setting under its own entry."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ValidationError, model_validator

from regent.config.notes import NotesConfig
from regent.config.publishing import ReleaseConfig, ReleasePrConfig
from regent.config.ref_names import tag_template_problem
from regent.config.sections import (
    BumpConfig,
    ChangelogConfig,
    CommitParsing,
    ConfigModel,
    RepoPath,
    TemplatesConfig,
    VersionFileEntry,
    VersionSchemeName,
    config_problem,
)
from regent.core.components.model import (
    DEFAULT_COMPONENT_TAG,
    Component,
    Monorepo,
    component_tag,
)
from regent.core.components.paths import normalise_folder
from regent.core.policy import ReleasePolicy

NAME_PATTERN = re.compile(r"[a-z0-9._-]+")
SHARED_KEYS = (
    "version_scheme",
    "initial_version",
    "prerelease",
    "commit_parsing",
    "bump",
    "changelog",
    "templates",
    "notes",
    "detect_version_files",
    "release_pr",
    "release",
    "since",
)
"""The top-level settings every component takes, unless it sets its own."""
CHANGELOG_FILE = "CHANGELOG.md"
RELEASE_PR_SHARED = (
    "components: {name!r} sets release_pr, but its title, draft and labels are one setting for "
    "the release pull requests of every component; move it to the top level (release_pr: ...)"
)


def _component_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise config_problem(
            f"{name!r} is not a component name: use lower-case letters, digits, '.', '_' and "
            "'-' only (e.g. api or web-ui)"
        )
    return name


ComponentName = Annotated[str, AfterValidator(_component_name)]


class ComponentConfig(ConfigModel):
    """One component of a monorepo: its own version, tags and changelog."""

    name: ComponentName
    """Unique name; {component} in tags and the scope that scope_as_component reads."""
    path: RepoPath
    """Folder from the repository root: commits changing a file under it belong to it."""
    tag: str = DEFAULT_COMPONENT_TAG
    """Tag name of its releases; {component} is its name, {version} appears once."""
    changelog: RepoPath | ChangelogConfig | None = None
    """Its changelog file (default <path>/CHANGELOG.md), or a changelog section of its own."""
    version_files: tuple[VersionFileEntry, ...] = ()
    """Files whose version is bumped, from the repository root; none: versioned by tags alone
    (and its detected manifests)."""
    version_scheme: VersionSchemeName | None = None
    """Its version scheme; default: the top-level setting."""
    initial_version: str | None = None
    """Its first version when it has no release tag; default: the top-level setting."""
    prerelease: str | None = None
    """Its prerelease channel; default: the top-level setting."""
    commit_parsing: CommitParsing | None = None
    """How its commits are read; default: the top-level setting."""
    bump: BumpConfig | None = None
    """Its bump rules (bump.types merged over the top-level ones); default: the top-level
    setting."""
    templates: TemplatesConfig | None = None
    """Its templates; default: the top-level setting."""
    notes: NotesConfig | None = None
    """What its notes show (contributors, entry text, generated notes); default: the top-level
    setting."""
    detect_version_files: bool | None = None
    """Bump the manifests in its folder (package.json, pyproject.toml, ...); default: the
    top-level setting."""
    release_pr: ReleasePrConfig | None = None
    """Refused: the release pull requests of all components take the top-level setting."""
    release: ReleaseConfig | None = None
    """How its tag and GitHub Release are made (annotated_tag, draft); default: the top-level
    setting."""
    since: str | None = None
    """The commit its first release's commits start after; default: the top-level setting."""
    dependents: Literal["patch", "none"] | None = None
    """Whether a release of a workspace package it requires releases it (patch); default: the
    top-level setting."""

    @model_validator(mode="after")
    def _tag_names_releases(self) -> ComponentConfig:
        problem = tag_template_problem(component_tag(self.tag, self.name))
        if problem is not None:
            raise config_problem(f"tag: {problem}")
        return self

    def folder(self) -> str:
        return normalise_folder(self.path)

    def overrides(self) -> dict[str, Any]:
        """The top-level settings this component sets itself, as plain data."""
        data = self.model_dump(include=set(SHARED_KEYS), exclude_unset=True, exclude_none=True)
        if isinstance(self.changelog, str):
            data["changelog"] = {"path": self.changelog}
        return data


def component_settings(
    shared: Mapping[str, Any], component: ComponentConfig, *, validate: Callable[[Any], Any]
) -> Any:
    """The settings of ``component``: ``shared`` (the top-level ones) under its overrides, with
    its changelog in its folder unless it names one; ``validate`` checks the merged data."""
    merged = _merge(dict(shared), component.overrides())
    changelog = dict(merged.get("changelog") or {})
    if not isinstance(component.changelog, str) and not _names_path(component.changelog):
        folder = component.folder()
        changelog["path"] = f"{folder}/{CHANGELOG_FILE}" if folder else CHANGELOG_FILE
    merged["changelog"] = changelog
    try:
        return validate(merged)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise config_problem(
            f"component {component.name!r}: {where + ': ' if where else ''}{first['msg']}"
        ) from None


def monorepo_of(
    components: tuple[ComponentConfig, ...],
    *,
    policies: Mapping[str, ReleasePolicy],
    linked: tuple[tuple[str, ...], ...],
    scope_as_component: bool,
    separate_pull_requests: bool,
    dependents: str = "patch",
) -> Monorepo:
    """The core's view of the components, each with its policy (``policies`` by name)."""
    return Monorepo(
        components=tuple(
            Component(
                component.name,
                component.folder(),
                policies[component.name],
                component.dependents or dependents,
            )
            for component in components
        ),
        linked=linked,
        scope_as_component=scope_as_component,
        separate_pull_requests=separate_pull_requests,
    )


def components_problem(
    components: tuple[ComponentConfig, ...], linked: tuple[tuple[str, ...], ...]
) -> str | None:
    """Why the names or the linked groups do not hold together, or None."""
    seen: set[str] = set()
    for component in components:
        if component.release_pr is not None:
            return RELEASE_PR_SHARED.format(name=component.name)
        if component.name in seen:
            return (
                f"components: {component.name!r} is named twice; give each component its own name"
            )
        seen.add(component.name)
    grouped: dict[str, int] = {}
    for index, group in enumerate(linked):
        if len(group) < 2:
            return f"linked: group {index + 1} names {len(group)} component; link two or more"
        for name in group:
            if name not in seen:
                known = ", ".join(sorted(seen)) or "none"
                return f"linked: {name!r} is not a component (components: {known})"
            if name in grouped:
                other = grouped[name] + 1
                return (
                    f"linked: {name!r} is in group {other} and group {index + 1}; a component "
                    "shares one version with one group only (merge the groups)"
                )
            grouped[name] = index
    return None


def _names_path(changelog: ChangelogConfig | None) -> bool:
    return changelog is not None and "path" in changelog.model_fields_set


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        earlier = merged.get(key)
        merged[key] = (
            _merge(earlier, value)
            if isinstance(earlier, dict) and isinstance(value, dict)
            else value
        )
    return merged
