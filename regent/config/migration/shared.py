"""Rules every tool's migration shares: changelog sections, version files, and checking a
mapped value against ``.release-regent.yml``'s own rules before it is written."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Set

from pydantic import ValidationError

from regent.config.migration.result import Draft, put
from regent.config.models import RegentConfig
from regent.core.version_files.kinds import ROOT_MANIFESTS, kind_for_path
from regent.core.version_files.line_based import VERSION_MARKER

NO_EQUIVALENT = "Release Regent has no setting for this"
GENERIC_MARKER_NOTE = (
    f"{{path}} is bumped as a generic file: only lines carrying the comment {VERSION_MARKER} "
    "are changed; add it to the version's line (it replaces markers such as "
    "x-release-please-version)"
)


def settings_problem(settings: Mapping[str, object]) -> str | None:
    """Why ``settings`` (a part of a configuration) is not valid here, or None when it is."""
    try:
        RegentConfig.model_validate(settings)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    return None


def set_checked(draft: Draft, key: str, value: object, *, setting: str) -> bool:
    """Set the dotted ``key`` when the value is valid here; else list ``setting`` unmapped."""
    fragment: dict[str, object] = {}
    put(fragment, key, value)
    problem = settings_problem(fragment)
    if problem is not None:
        draft.skip(setting, f"{shown(value)} cannot be used here ({problem})")
        return False
    draft.set(key, value)
    return True


def shown(value: object) -> str:
    """A value of the other tool's configuration as its JSON text."""
    return json.dumps(value, ensure_ascii=False, default=str)


DETECTED = frozenset(name for name, _ in ROOT_MANIFESTS)
"""Root manifests bumped without being listed (detect_version_files)."""


def version_file_entry(path: str, *, draft: Draft) -> str | dict[str, str] | None:
    """The ``version_files`` entry for ``path``: its kind from its name, else a generic file;
    None for a root manifest, which is bumped without being listed."""
    if path in DETECTED:
        return None
    if kind_for_path(path) is not None:
        return path
    draft.note(GENERIC_MARKER_NOTE.format(path=path))
    return {"path": path, "kind": "generic"}


SectionTypes = dict[str, list[str]]
"""Release-notes sections: each title and its commit types, in order."""


def sections_from_types(entries: object, *, setting: str, draft: Draft) -> SectionTypes | None:
    """Release-notes sections from ``[{type, section, hidden}]`` (release-please's
    ``changelog-sections``, conventional-changelog's ``types``); None when none are usable."""
    if not isinstance(entries, list):
        draft.skip(setting, "expected a list of {type, section}")
        return None
    titles: SectionTypes = {}
    for entry in entries:
        if not isinstance(entry, Mapping):
            draft.skip(setting, f"{shown(entry)} is not a {{type, section}} mapping")
            continue
        commit_type, title = entry.get("type"), entry.get("section")
        if not isinstance(commit_type, str) or not isinstance(title, str):
            draft.skip(setting, f"{shown(entry)} needs a type and a section title")
        elif entry.get("hidden") is not True:
            titles.setdefault(title, []).append(commit_type)
    problem = settings_problem({"changelog": {"sections": section_settings(titles)}})
    if problem is not None:
        draft.skip(setting, f"these sections cannot be used here ({problem})")
        return None
    return titles


def section_settings(sections: SectionTypes) -> list[dict[str, object]]:
    """``changelog.sections`` as written in the configuration."""
    return [{"title": title, "types": types} for title, types in sections.items()]


def matching_tags(template: str, tags: Set[str]) -> list[str]:
    """The tags ``template`` names: its text around ``{version}``, a version between."""
    before, _, after = template.partition("{version}")
    shape = re.compile(rf"{re.escape(before)}\d+(?:\.\d+)*\S*{re.escape(after)}")
    return sorted(tag for tag in tags if shape.fullmatch(tag))
