"""``regent init --from commitizen``: ``[tool.commitizen]`` in pyproject.toml, or ``.cz.toml``,
``cz.toml``, ``.cz.json``, ``cz.json``, ``.cz.yaml``, ``cz.yaml``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Set

from regent.config.migration.reading import first_configuration
from regent.config.migration.result import Draft, Migration
from regent.config.migration.shared import NO_EQUIVALENT, set_checked, shown, version_file_entry

SOURCE_FILES = (
    ".cz.toml",
    "cz.toml",
    ".cz.json",
    "cz.json",
    ".cz.yaml",
    "cz.yaml",
    "pyproject.toml",
)
SCHEMES = {"pep440": "pep440", "semver": "semver", "semver2": "semver"}
DETECTED_PROVIDERS = frozenset({"pep621", "poetry", "uv", "cargo", "npm"})
PROMPT = "a setting of the commit prompt (cz commit), not of releases"
SKIPPED = {
    "legacy_tag_formats": "one tag template counts: older tags of another shape are not read",
    "ignored_tag_formats": "tags that do not follow the tag template are ignored already",
    "changelog_incremental": "a release's entry is added to the changelog; it is never rebuilt",
    "changelog_start_rev": "the changelog gets an entry per release from now on",
    "changelog_merge_prerelease": NO_EQUIVALENT,
    "changelog_format": "the changelog is Markdown",
    "gpg_sign": "tags are created through the GitHub API, unsigned",
    "bump_message": "the release commit is GitHub's merge of the release PR (release_pr.title)",
    "pre_bump_hooks": "commands are not run: run them in your workflow",
    "post_bump_hooks": "commands are not run: run them in your workflow",
    "prerelease_offset": NO_EQUIVALENT,
    "customize": "commits are read as Conventional Commits; a custom rule set is not read",
    "encoding": "files are read as UTF-8",
    **dict.fromkeys(
        [
            "allow_abort",
            "allowed_prefixes",
            "message_length_limit",
            "retry_after_failure",
            "use_shortcuts",
            "style",
            "always_signoff",
            "template",
            "extras",
            "breaking_change_exclamation_in_title",
        ],
        PROMPT,
    ),
}
HANDLED = frozenset({"version_scheme", "major_version_zero", "tag_format", "version"})


def migrate_commitizen(texts: Mapping[str, str], *, tags: Set[str] | None) -> Migration:
    """The settings of the first commitizen configuration found, in commitizen's order."""
    source, config = first_configuration(
        texts,
        files=SOURCE_FILES,
        tables=_tables,
        missing=f"no commitizen configuration here: looked for {', '.join(SOURCE_FILES[:-1])} "
        "and [tool.commitizen] in pyproject.toml",
    )
    draft = Draft("commitizen", (source,))
    scheme = config.get("version_scheme", "pep440")
    if scheme not in SCHEMES:
        draft.skip("version_scheme", f"{shown(scheme)}: pep440 and semver map")
    draft.set("version_scheme", SCHEMES.get(str(scheme), "pep440"))
    _tag_format(config.get("tag_format", "$version"), draft)
    zero = config.get("major_version_zero") is True
    draft.set("bump", {"breaking_before_1_0": "minor" if zero else "major"})
    draft.set("bump.types", {"refactor": "patch"})
    if config.get("update_changelog_on_bump") is not True:
        draft.note("commitizen updated no changelog on bump here; Release Regent keeps one")
    for key, value in config.items():
        if key not in HANDLED:
            _map(key, value, draft)
    template = str(draft.settings["tag_template"])
    draft.tag_templates.append(template)
    _check_version(config.get("version"), template, draft, tags)
    return draft.finish()


def _tables(name: str) -> tuple[tuple[str, ...], ...]:
    """Where a commitizen file holds its settings: ``[tool.commitizen]`` in TOML, and
    ``commitizen`` in its own files."""
    tool = (("tool", "commitizen"),) if name.endswith(".toml") else ()
    return tool + ((("commitizen",),) if name != "pyproject.toml" else ())


def _tag_format(value: object, draft: Draft) -> None:
    template = re.sub(r"\$\{version\}|\$version\b", "{version}", str(value))
    if "$" in template:
        draft.skip("tag_format", f"{shown(value)}: only $version has an equivalent ({{version}})")
        template = "{version}"
    if not set_checked(draft, "tag_template", template, setting="tag_format"):
        draft.set("tag_template", "{version}")


def _map(key: str, value: object, draft: Draft) -> None:
    if key == "name":
        if value != "cz_conventional_commits":
            draft.skip(key, f"{shown(value)}: commits are read as Conventional Commits")
    elif key == "version_provider":
        _provider(value, draft)
    elif key == "version_files":
        _version_files(value, draft)
    elif key == "changelog_file":
        set_checked(draft, "changelog.path", value, setting=key)
    elif key == "annotated_tag":
        draft.set("release.annotated_tag", value is True)
    elif key != "update_changelog_on_bump":
        draft.skip(key, SKIPPED.get(key, NO_EQUIVALENT))


def _provider(value: object, draft: Draft) -> None:
    if value == "scm":
        draft.set("detect_version_files", False)
    elif value == "commitizen":
        draft.note("the version kept in the commitizen configuration is not bumped: tags carry it")
    elif value not in DETECTED_PROVIDERS:
        draft.skip("version_provider", f"{shown(value)}: manifests found by name are bumped")
    elif value == "uv":
        draft.note("version_provider uv: pyproject.toml is bumped; uv.lock is not (run uv lock)")


def _version_files(value: object, draft: Draft) -> None:
    files: list[object] = []
    for item in value if isinstance(value, list) else [value]:
        path, _, pattern = str(item).partition(":")
        if pattern:
            draft.note(f"version_files: {item}: the pattern {pattern!r} is not used")
        if (entry := version_file_entry(path, draft=draft)) is not None:
            files.append(entry)
    if files:
        set_checked(draft, "version_files", files, setting="version_files")


def _check_version(version: object, template: str, draft: Draft, tags: Set[str] | None) -> None:
    if not isinstance(version, str) or tags is None:
        return
    tag = template.replace("{version}", version)
    if tag not in tags:
        draft.note(
            f"the configuration says version {version} but there is no tag {tag}: tag the "
            f"commit that released it (git tag {tag} <commit>), or the next release starts "
            "from initial_version"
        )
