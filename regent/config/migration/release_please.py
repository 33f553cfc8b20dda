"""``regent init --from release-please``: ``release-please-config.json`` and the manifest of
current versions, as one package or as components."""

from __future__ import annotations

import re
from collections.abc import Mapping, Set

from regent.config.migration.reading import as_settings, read_data
from regent.config.migration.release_please_options import (
    PackageScope,
    map_options,
    package_setting,
)
from regent.config.migration.release_please_packages import map_components
from regent.config.migration.release_please_tags import (
    MANIFEST_FILE,
    check_version,
    component_name,
    tag_template,
)
from regent.config.migration.result import Draft, Migration
from regent.config.migration.shared import (
    NO_EQUIVALENT,
    matching_tags,
    set_checked,
    settings_problem,
    shown,
)
from regent.core.errors import ConfigError

CONFIG_FILE = "release-please-config.json"
SOURCE_FILES = (CONFIG_FILE, MANIFEST_FILE)
TOP_LEVEL_SKIPPED = {
    "last-release-sha": "a release starts at the last release tag; since applies to the first",
    "group-pull-request-title-pattern": "one release PR lists every component in its title",
    "release-search-depth": "releases are read from tags, whatever their age",
    "commit-search-depth": "commits are read since the last release tag, all of them",
    "sequential-calls": NO_EQUIVALENT,
    "signoff": "the release commit is GitHub's merge of the release PR",
    "always-link-local": NO_EQUIVALENT,
}
TOP_LEVEL = frozenset(
    {*TOP_LEVEL_SKIPPED, "packages", "bootstrap-sha", "plugins", "separate-pull-requests"}
    | {"pull-request-title-pattern", "release-as"}
)
RELEASE_AS_NOTE = (
    "{setting} ({value}) is not mapped: in release-please it stays in force until removed; "
    "here a version is pinned for one release with a `!set-version {value}` comment on the "
    "release PR or a `Release-As: {value}` footer in a commit, and released once"
)


def migrate_release_please(texts: Mapping[str, str], *, tags: Set[str] | None) -> Migration:
    """The settings of release-please's manifest configuration (``texts`` by file name)."""
    if CONFIG_FILE not in texts:
        raise ConfigError(
            "not found: --from release-please reads release-please-config.json and "
            ".release-please-manifest.json from the repository root",
            path=CONFIG_FILE,
        )
    config = as_settings(
        read_data(texts[CONFIG_FILE], source=CONFIG_FILE), source=CONFIG_FILE, where="the file"
    )
    versions = _manifest(texts.get(MANIFEST_FILE))
    draft = Draft("release-please", tuple(name for name in SOURCE_FILES if name in texts))
    draft.set("version_scheme", "semver")
    packages = _packages(config)
    shared = {key: value for key, value in config.items() if key not in TOP_LEVEL}
    _release_as(config, "release-as", draft)
    if list(packages) == ["."]:
        _single_package(shared, packages["."], draft=draft, versions=versions, tags=tags)
    else:
        draft.set("bump", {"breaking_before_1_0": "major"})
        map_components(
            shared,
            packages,
            plugins=config.get("plugins"),
            draft=draft,
            versions=versions,
            tags=tags,
        )
        for path, options in packages.items():
            _release_as(options, package_setting(path, "release-as"), draft)
    _top_level(config, draft, several=list(packages) != ["."])
    return draft.finish()


def _manifest(text: str | None) -> dict[str, str] | None:
    """The manifest's version of each package path; None when there is no manifest."""
    if text is None:
        return None
    data = as_settings(
        read_data(text, source=MANIFEST_FILE), source=MANIFEST_FILE, where="the file"
    )
    for path, version in data.items():
        if not isinstance(version, str):
            raise ConfigError(
                f"{path}: expected a version string, not {shown(version)}", path=MANIFEST_FILE
            )
    return {path.strip("/") or ".": str(version) for path, version in data.items()}


def _packages(config: Mapping[str, object]) -> dict[str, Mapping[str, object]]:
    packages = config.get("packages", {".": {}})
    listed = as_settings(packages, source=CONFIG_FILE, where="packages")
    if not listed:
        raise ConfigError('packages lists no package; add one, such as ".": {}', path=CONFIG_FILE)
    return {
        path.strip("/") or ".": as_settings(
            options or {}, source=CONFIG_FILE, where=f"packages.{path}"
        )
        for path, options in listed.items()
    }


def _single_package(
    shared: Mapping[str, object],
    own: Mapping[str, object],
    *,
    draft: Draft,
    versions: Mapping[str, str] | None,
    tags: Set[str] | None,
) -> None:
    options = {**shared, **own}
    component = component_name(options) or _component_from_tags(options, tags, draft=draft)
    template = tag_template(options, component)
    draft.set("tag_template", template)
    draft.tag_templates.append(template)
    draft.set("bump", {"breaking_before_1_0": "major"})
    draft.merge(map_options(options, scope=PackageScope(".", component), draft=draft))
    if versions is not None:
        check_version(".", versions, template, draft=draft, tags=tags)
    _release_as(own, package_setting(".", "release-as"), draft)


def _component_from_tags(
    options: Mapping[str, object], tags: Set[str] | None, *, draft: Draft
) -> str:
    """The one component name existing tags carry, when the configuration names none."""
    if tags is None or options.get("include-component-in-tag") is False:
        return ""
    if matching_tags(tag_template(options, ""), tags):
        return ""  # tags without a component exist: the package has none
    separator = re.escape(str(options.get("tag-separator", "-")))
    v = "v" if options.get("include-v-in-tag", True) is not False else ""
    shape = re.compile(rf"(?P<name>[^/]+?){separator}{v}\d+\.\d+\.\d+(?:[-+.].*)?")
    names = {found["name"] for tag in tags if (found := shape.fullmatch(tag)) is not None}
    if len(names) != 1:
        return ""
    draft.note(f"the component {next(iter(names))} is taken from the existing tags")
    return names.pop()


def _release_as(options: Mapping[str, object], setting: str, draft: Draft) -> None:
    value = options.get("release-as")
    if value is not None:
        draft.note(RELEASE_AS_NOTE.format(setting=setting, value=value))


def _top_level(config: Mapping[str, object], draft: Draft, *, several: bool) -> None:
    for key, reason in TOP_LEVEL_SKIPPED.items():
        if key in config:
            draft.skip(key, reason)
    if "bootstrap-sha" in config:
        set_checked(draft, "since", config["bootstrap-sha"], setting="bootstrap-sha")
    if "separate-pull-requests" in config and several:
        draft.set("separate_pull_requests", config["separate-pull-requests"] is True)
    if "plugins" in config and not several:
        draft.skip("plugins", "plugins act on several packages; this configuration has one")
    if "pull-request-title-pattern" in config:
        _title(config["pull-request-title-pattern"], draft)


def _title(pattern: object, draft: Draft) -> None:
    setting = "pull-request-title-pattern"
    title = str(pattern).replace("${version}", "{version}")
    if "${" in title:
        draft.skip(setting, "only ${version} has an equivalent ({version}); write the title anew")
    elif (problem := settings_problem({"release_pr": {"title": title}})) is not None:
        draft.skip(setting, problem)
    else:
        draft.set("release_pr.title", title)
