"""The sections of `.release-regent.yml` (bump, changelog, templates, version files) as
pydantic models, and the validation helpers every model shares."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from regent.core.errors import ConfigError
from regent.core.policy import (
    DEFAULT_SECTIONS,
    DEFAULT_TYPE_BUMPS,
    BumpPolicy,
    ChangelogPolicy,
    ChangelogSection,
    ReleasePolicy,
    TemplateFilter,
    TemplatePolicy,
    VersionFileSpec,
)
from regent.core.repo_paths import control_character_problem
from regent.core.versioning.bump import Bump

CONFIG_PROBLEM = "regent_config"
COMMIT_TYPE_PATTERN = r"^[^\s():!]+$"
BUMP_RULE_PATTERN = r"^[^\s():!]+(?:\([^()]+\))?$"

DEFAULTS = ReleasePolicy()

ParsingStyle = Literal["strict", "lenient"]
PARSING_STYLES: tuple[ParsingStyle, ...] = ("strict", "lenient")
BumpLabel = Literal["major", "minor", "patch", "none"]
VersionFileKind = Literal[
    "pyproject", "package-json", "package-lock", "cargo", "setup-cfg", "python", "generic"
]
CommitType = Annotated[str, StringConstraints(pattern=COMMIT_TYPE_PATTERN)]


def _bump_rule_key(key: str) -> str:
    """Accept ``type`` or ``type(scope)``, as a commit header writes them."""
    if re.fullmatch(BUMP_RULE_PATTERN, key) is None:
        raise config_problem(
            f"{key!r} is not a commit type or type(scope): a type has no spaces and none of "
            "( ) : !, a scope is non-empty and has no parentheses; e.g. fix or chore(deps)"
        )
    return key


BumpRuleKey = Annotated[
    str,
    AfterValidator(_bump_rule_key),
    Field(json_schema_extra={"pattern": BUMP_RULE_PATTERN}),
]


def config_problem(message: str) -> PydanticCustomError:
    """A validation error whose message is ``message`` exactly (braces included)."""
    return PydanticCustomError(CONFIG_PROBLEM, "{reason}", {"reason": message})


def _known_scheme(name: str) -> str:
    """Accept a built-in scheme or an installed plugin's (``regent.config.plugins``)."""
    from regent.config import version_scheme  # noqa: PLC0415 - the package imports this module

    try:
        version_scheme(name)
    except ConfigError as error:
        raise config_problem(error.message) from None
    return name


VersionSchemeName = Annotated[
    str,
    AfterValidator(_known_scheme),
    WithJsonSchema({"type": "string", "examples": ["semver", "pep440", "calver"]}),
]
"""semver, pep440, calver, or the name of a version scheme plugin."""


def _filter_plugin(name: str) -> str:
    """Accept the name of an installed template filter plugin."""
    from regent.config.plugins import PluginError, template_filter  # noqa: PLC0415 - entry points

    try:
        template_filter(name)
    except PluginError as error:
        raise config_problem(error.reason) from None
    return name


FilterName = Annotated[str, AfterValidator(_filter_plugin)]


def _inside_repository(path: str) -> str:
    """Accept a non-empty path relative to the repository root that stays inside it."""
    if not path.strip():
        raise config_problem("must not be empty; give a path relative to the repository root")
    pure = PurePosixPath(path)
    if pure.is_absolute() or path[1:3] == ":\\":
        raise config_problem(f"{path!r} must be a path relative to the repository root")
    if ".." in pure.parts:
        raise config_problem(f"{path!r} must stay inside the repository (no '..')")
    if (problem := control_character_problem(path)) is not None:
        raise config_problem(f"{path!r} {problem}")
    return path


RepoPath = Annotated[str, AfterValidator(_inside_repository)]
Title = Annotated[str, StringConstraints(min_length=1)]


class ConfigModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        field_title_generator=lambda name, _info: name,
    )


class BumpConfig(ConfigModel):
    """Which commit types bump the version, and how far before 1.0.0."""

    types: dict[BumpRuleKey, BumpLabel] = Field(
        default={}, json_schema_extra={"additionalProperties": False}
    )
    """Bump per commit type or type(scope), merged over feat: minor, fix: patch, perf: patch;
    none disables; a type(scope) rule wins over its type's."""
    breaking_before_1_0: Literal["minor", "major"] = "minor"
    """What a breaking change bumps while the major version is 0."""
    feature_before_1_0: Literal["minor", "patch"] = "minor"
    """What a feature bumps while the major version is 0."""

    def to_policy(self) -> BumpPolicy:
        """The core bump rules; commit types compare case-insensitively."""
        merged = dict(DEFAULT_TYPE_BUMPS)
        for name, label in self.types.items():
            merged[name.lower()] = Bump.from_label(label)
        return BumpPolicy(
            type_bumps=tuple(merged.items()),
            breaking_before_1_0=Bump.from_label(self.breaking_before_1_0),
            feature_before_1_0=Bump.from_label(self.feature_before_1_0),
        )


class SectionConfig(ConfigModel):
    """One section of the release notes."""

    title: Title
    """Heading of the section."""
    types: tuple[CommitType, ...] = Field(min_length=1)
    """Commit types listed under this heading."""

    def to_policy(self) -> ChangelogSection:
        """The core section, with commit types in lower case."""
        return ChangelogSection(self.title, tuple(name.lower() for name in self.types))


class ChangelogConfig(ConfigModel):
    """Where the changelog lives and how release notes are grouped."""

    path: RepoPath = DEFAULTS.changelog.path
    """Changelog file, from the repository root."""
    breaking_title: Title = DEFAULTS.changelog.breaking_title
    """Heading of the breaking changes section, always listed first."""
    sections: tuple[SectionConfig, ...] = tuple(
        SectionConfig(title=section.title, types=section.types) for section in DEFAULT_SECTIONS
    )
    """Ordered sections of the release notes; replaces the default list when given."""
    show_other_types: bool = DEFAULTS.changelog.show_other_types
    """List commits whose type has no section under other_title."""
    other_title: Title = DEFAULTS.changelog.other_title
    """Heading for commit types without a section."""

    @field_validator("sections")
    @classmethod
    def _each_type_in_one_section(
        cls, sections: tuple[SectionConfig, ...]
    ) -> tuple[SectionConfig, ...]:
        owners: dict[str, str] = {}
        for section in sections:
            for name in section.types:
                owner = owners.setdefault(name.lower(), section.title)
                if owner != section.title:
                    raise config_problem(
                        f"commit type {name!r} is listed under both {owner!r} and "
                        f"{section.title!r}; keep it in one section"
                    )
        return sections

    def to_policy(self) -> ChangelogPolicy:
        """The core changelog rules."""
        return ChangelogPolicy(
            path=self.path,
            breaking_title=self.breaking_title,
            sections=tuple(section.to_policy() for section in self.sections),
            show_other_types=self.show_other_types,
            other_title=self.other_title,
        )


class CommitParsingConfig(ConfigModel):
    """How commit messages are read."""

    style: ParsingStyle = "lenient" if DEFAULTS.lenient_parsing else "strict"
    """strict: Conventional Commits 1.0.0 to the letter; lenient: also common near misses."""
    squash_bodies: bool = DEFAULTS.squash_bodies
    """Each Conventional Commit a squash body lists (* feat: a) is a change of its own."""


def _style_or_mapping(value: object) -> object:
    """Accept ``strict`` or ``lenient`` as short for ``{style: ...}``."""
    if isinstance(value, str):
        if value not in PARSING_STYLES:
            raise config_problem(f"{value!r} is not one of {', '.join(PARSING_STYLES)}")
        return {"style": value}
    if isinstance(value, dict):
        return value
    raise config_problem(
        "expected strict, lenient, or a mapping like {style: strict, squash_bodies: true}"
    )


CommitParsing = Annotated[
    CommitParsingConfig,
    BeforeValidator(_style_or_mapping, json_schema_input_type=ParsingStyle | CommitParsingConfig),
]


class TemplatesConfig(ConfigModel):
    """Repository paths of Jinja templates replacing the built-in ones (null: built-in)."""

    release_notes: RepoPath | None = None
    """Template of the GitHub Release notes."""
    changelog_entry: RepoPath | None = None
    """Template of one release's entry in the changelog."""
    pr_body: RepoPath | None = None
    """Template of the release pull request body."""
    filters: tuple[FilterName, ...] = ()
    """Jinja filters from plugins (entry point group release_regent.template_filters) the
    templates may use, by name; they run inside the same sandbox."""

    def to_policy(self) -> TemplatePolicy:
        """The core template paths and the plugins' filters."""
        from regent.config.plugins import template_filter  # noqa: PLC0415 - entry points

        return TemplatePolicy(
            release_notes=self.release_notes,
            changelog_entry=self.changelog_entry,
            pr_body=self.pr_body,
            filters=tuple(TemplateFilter(name, template_filter(name)) for name in self.filters),
        )


class VersionFileConfig(ConfigModel):
    """A file whose version is bumped at each release."""

    path: RepoPath
    """File path from the repository root."""
    kind: VersionFileKind | None = None
    """File format; detected from the file name when omitted."""

    def to_policy(self) -> VersionFileSpec:
        """The core version file spec."""
        return VersionFileSpec(path=self.path, kind=self.kind)


def _path_or_mapping(entry: object) -> object:
    """Accept ``- path`` as short for ``- {path: path}``."""
    if isinstance(entry, str):
        return {"path": entry}
    if isinstance(entry, dict):
        return entry
    raise config_problem(
        "expected a path or a mapping like {path: chart/Chart.yaml, kind: generic}"
    )


VersionFileEntry = Annotated[
    VersionFileConfig,
    BeforeValidator(_path_or_mapping, json_schema_input_type=str | VersionFileConfig),
]
