"""``regent init --from python-semantic-release``: ``[tool.semantic_release]`` in pyproject.toml,
or ``releaserc.toml`` / ``releaserc.json``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Set

from regent.config.migration.psr_details import (
    map_branches,
    map_changelog,
    map_parser_options,
    map_version_toml,
    map_version_variables,
)
from regent.config.migration.reading import first_configuration
from regent.config.migration.result import Draft, Migration
from regent.config.migration.shared import NO_EQUIVALENT, set_checked, shown

SOURCE_FILES = ("pyproject.toml", "releaserc.toml", "releaserc.json")
TABLES = (("tool", "semantic_release"), ("semantic_release",))
REGEX_CHARACTERS = frozenset("()|[]*+?\\^$")
CONVENTIONAL_PARSERS = frozenset({"conventional", "angular"})
SKIPPED = {
    "build_command": "nothing is built: build in your workflow after the release",
    "build_command_env": "nothing is built: build in your workflow after the release",
    "assets": "the release PR commits the version files and the changelog; other assets are not",
    "commit_message": "the release commit is GitHub's merge of the release PR (release_pr.title)",
    "commit_author": "the release commit is GitHub's merge of the release PR",
    "no_git_verify": "the release commit is GitHub's merge of the release PR",
    "remote": "the remote is the GitHub repository Release Regent runs in",
    "publish": "nothing is uploaded to the GitHub Release",
    "upload_to_vcs_release": "nothing is uploaded to the GitHub Release",
    "logging_use_named_masks": NO_EQUIVALENT,
}


def migrate_python_semantic_release(
    texts: Mapping[str, str], *, tags: Set[str] | None
) -> Migration:
    """The settings of the first python-semantic-release configuration found."""
    source, config = first_configuration(
        texts,
        files=SOURCE_FILES,
        tables=lambda name: TABLES[:1] if name == "pyproject.toml" else TABLES,
        missing="no python-semantic-release configuration here: no [tool.semantic_release] "
        "table, and no releaserc.toml or releaserc.json",
    )
    draft = Draft("python-semantic-release", (source,))
    draft.set("version_scheme", "semver")
    draft.set("tag_template", "v{version}")
    zero = config.get("allow_zero_version", False) is True
    draft.set("initial_version", "0.1.0" if zero else "1.0.0")
    on_zero = config.get("major_on_zero", True) is not False
    draft.set("bump", {"breaking_before_1_0": "major" if on_zero else "minor"})
    if "allow_zero_version" not in config:
        draft.note(
            "allow_zero_version is not set: read as python-semantic-release 10's default "
            "(false, the first release is 1.0.0); before version 10 the default was true"
        )
    for key, value in config.items():
        _map(key, value, draft)
    draft.tag_templates.append(str(draft.settings["tag_template"]))
    return draft.finish()


def _map(key: str, value: object, draft: Draft) -> None:
    if key in ("allow_zero_version", "major_on_zero"):
        return
    if key == "tag_format":
        _tag_format(value, draft)
    elif key == "version_variables":
        map_version_variables(value, draft=draft)
    elif key == "version_toml":
        map_version_toml(value, draft=draft)
    elif key == "branches":
        map_branches(value, draft=draft)
    elif key == "changelog":
        map_changelog(value, draft=draft)
    elif key == "commit_parser":
        if value not in CONVENTIONAL_PARSERS:
            draft.skip(key, f"{shown(value)}: commits are read as Conventional Commits")
    elif key == "commit_parser_options":
        map_parser_options(value, draft=draft)
    else:
        draft.skip(key, SKIPPED.get(key, NO_EQUIVALENT))


def _tag_format(value: object, draft: Draft) -> None:
    template = str(value)
    if REGEX_CHARACTERS & set(template.replace("{version}", "")) or re.search(
        r"{(?!version})", template
    ):
        draft.skip(
            "tag_format", f"{shown(value)}: a pattern of several tag shapes has no equivalent"
        )
        return
    set_checked(draft, "tag_template", template, setting="tag_format")
