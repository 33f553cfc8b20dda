"""release-please's ``packages`` (several paths) as ``components``, and its ``plugins``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Set

from regent.config.migration.release_please_options import (
    PackageScope,
    map_options,
    package_setting,
)
from regent.config.migration.release_please_tags import (
    check_version,
    component_name,
    tag_template,
)
from regent.config.migration.result import Draft
from regent.config.migration.shared import NO_EQUIVALENT, settings_problem, shown

PATH_RELATIVE = frozenset({"extra-files", "version-file", "changelog-path"})
COMPONENT_OVERRIDES = frozenset({"bump", "initial_version", "prerelease"})
_NOT_NAME = re.compile(r"[^a-z0-9._-]+")
WORKSPACE_PLUGINS = frozenset({"node-workspace", "cargo-workspace"})


def map_components(
    shared: Mapping[str, object],
    packages: Mapping[str, Mapping[str, object]],
    *,
    plugins: object,
    draft: Draft,
    versions: Mapping[str, str] | None,
    tags: Set[str] | None,
) -> None:
    """One component per package, with the settings where it differs from the top level."""
    top = {key: value for key, value in shared.items() if key not in PATH_RELATIVE}
    draft.merge(map_options(top, scope=PackageScope(".", ""), draft=draft))
    relative = {key: value for key, value in shared.items() if key in PATH_RELATIVE}
    components: list[dict[str, object]] = []
    names: dict[str, str] = {}
    for path, own in packages.items():
        options = {**shared, **own}
        component = component_name(options) or (path.rsplit("/", 1)[-1] if path != "." else "")
        name = _usable_name(component or "root", taken=set(names.values()))
        names[component] = name
        scope = PackageScope(path, name, one_of_several=True)
        mapped = map_options({**relative, **own}, scope=scope, draft=draft, inherited=shared)
        template = tag_template(options, component)
        entry = _component(name, path, template, mapped, draft=draft)
        if (problem := settings_problem({"components": [entry]})) is not None:
            draft.skip(package_setting(path, "(the package)"), problem)
            del names[component]
            continue
        components.append(entry)
        draft.tag_templates.append(template)
        if versions is not None:
            check_version(path, versions, template, draft=draft, tags=tags)
    draft.set("components", components)
    if "." in packages:
        draft.note("the root package is a component whose folder is the whole repository")
    workspace = _plugins(plugins, names, draft=draft) if plugins is not None else False
    if not workspace:  # release-please releases no dependent without a workspace plugin
        draft.set("dependents", "none")


def _plugins(plugins: object, names: Mapping[str, str], *, draft: Draft) -> bool:
    """``linked-versions`` groups as ``linked``; other plugins are listed as not mapped. True
    when a workspace plugin releases the dependents (``dependents: patch``, the default)."""
    linked: list[list[str]] = []
    workspace = False
    for plugin in plugins if isinstance(plugins, list) else [plugins]:
        kind = plugin.get("type") if isinstance(plugin, Mapping) else plugin
        setting = f"plugins: {kind}"
        if kind == "linked-versions" and isinstance(plugin, Mapping):
            members = plugin.get("components")
            group = [names.get(str(member)) for member in members or []]
            if isinstance(members, list) and len(group) > 1 and None not in group:
                linked.append([str(name) for name in group])
            else:
                draft.skip(setting, f"components {shown(members)} are not all packages listed here")
        elif kind in WORKSPACE_PLUGINS:
            workspace = True  # dependents: patch, the default (docs/monorepo.md)
        else:
            draft.skip(setting, NO_EQUIVALENT)
    if linked:
        problem = settings_problem({"components": draft.settings["components"], "linked": linked})
        if problem is None:
            draft.set("linked", linked)
        else:
            draft.skip("plugins: linked-versions", problem)
    return workspace


def _component(
    name: str, path: str, template: str, mapped: dict[str, object], *, draft: Draft
) -> dict[str, object]:
    entry: dict[str, object] = {"name": name, "path": path}
    if "version_files" in mapped:
        entry["version_files"] = mapped.pop("version_files")
    if template != f"{name}-v{{version}}":
        entry["tag"] = template
    changelog = mapped.pop("changelog", {})
    assert isinstance(changelog, dict)
    default_changelog = "CHANGELOG.md" if path == "." else f"{path}/CHANGELOG.md"
    if "sections" in changelog:
        entry["changelog"] = {"path": changelog.get("path", default_changelog), **changelog}
    elif changelog.get("path", default_changelog) != default_changelog:
        entry["changelog"] = changelog["path"]
    for key, value in mapped.items():
        if key in COMPONENT_OVERRIDES:
            _override(entry, key, value, draft=draft)
        else:
            draft.skip(package_setting(path, key), f"{key} is one setting for the repository")
    return entry


def _override(entry: dict[str, object], key: str, value: object, *, draft: Draft) -> None:
    """Keep ``value`` on the component where it differs from the top-level setting."""
    top = draft.settings.get(key)
    if isinstance(value, dict) and isinstance(top, dict):
        differs = {inner: item for inner, item in value.items() if top.get(inner) != item}
        if differs:
            entry[key] = differs
    elif value != top:
        entry[key] = value


def _usable_name(component: str, *, taken: set[str]) -> str:
    """A component name of ``[a-z0-9._-]+`` for ``component``, unique among ``taken``."""
    base = _NOT_NAME.sub("-", component.lower()).strip("-") or "component"
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    return name
