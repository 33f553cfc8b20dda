"""Pydantic models of `.release-regent.yml`; `to_policy()` turns them into core policy."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from regent.config.schemes import SCHEME_TITLES, version_scheme
from regent.core.bump import Bump
from regent.core.errors import InvalidVersionError
from regent.core.policy import (
    DEFAULT_SECTIONS,
    DEFAULT_TYPE_BUMPS,
    BumpPolicy,
    ChangelogPolicy,
    ChangelogSection,
    PublishPolicy,
    ReleasePolicy,
    ReleasePrPolicy,
    TemplatePolicy,
    VersionFileSpec,
)
from regent.core.release_labels import PENDING_LABEL, RELEASED_LABEL
from regent.core.release_pr import title_template_problem

CONFIG_PROBLEM = "regent_config"
COMMIT_TYPE_PATTERN = r"^[^\s():!]+$"

_DEFAULTS = ReleasePolicy()
_GIT_REF_FORBIDDEN = frozenset("~^:?*[\\")
GITHUB_LABEL_LIMIT = 50

VersionSchemeName = Literal["semver", "pep440"]
CommitParsing = Literal["strict", "lenient"]
BumpLabel = Literal["major", "minor", "patch", "none"]
VersionFileKind = Literal[
    "pyproject", "package-json", "package-lock", "cargo", "setup-cfg", "python", "generic"
]
CommitType = Annotated[str, StringConstraints(pattern=COMMIT_TYPE_PATTERN)]


def _problem(message: str) -> PydanticCustomError:
    """A validation error whose message is ``message`` exactly (braces included)."""
    return PydanticCustomError(CONFIG_PROBLEM, "{reason}", {"reason": message})


def _inside_repository(path: str) -> str:
    """Accept a non-empty path relative to the repository root that stays inside it."""
    if not path.strip():
        raise _problem("must not be empty; give a path relative to the repository root")
    pure = PurePosixPath(path)
    if pure.is_absolute() or path[1:3] == ":\\":
        raise _problem(f"{path!r} must be a path relative to the repository root")
    if ".." in pure.parts:
        raise _problem(f"{path!r} must stay inside the repository (no '..')")
    return path


RepoPath = Annotated[str, AfterValidator(_inside_repository)]
Title = Annotated[str, StringConstraints(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        field_title_generator=lambda name, _info: name,
    )


class BumpConfig(_Model):
    """Which commit types bump the version, and how far before 1.0.0."""

    types: dict[CommitType, BumpLabel] = Field(
        default={}, json_schema_extra={"additionalProperties": False}
    )
    """Bump per commit type, merged over feat: minor, fix: patch, perf: patch; none disables."""
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


class SectionConfig(_Model):
    """One section of the release notes."""

    title: Title
    """Heading of the section."""
    types: tuple[CommitType, ...] = Field(min_length=1)
    """Commit types listed under this heading."""

    def to_policy(self) -> ChangelogSection:
        """The core section, with commit types in lower case."""
        return ChangelogSection(self.title, tuple(name.lower() for name in self.types))


class ChangelogConfig(_Model):
    """Where the changelog lives and how release notes are grouped."""

    path: RepoPath = _DEFAULTS.changelog.path
    """Changelog file, from the repository root."""
    breaking_title: Title = _DEFAULTS.changelog.breaking_title
    """Heading of the breaking changes section, always listed first."""
    sections: tuple[SectionConfig, ...] = tuple(
        SectionConfig(title=section.title, types=section.types) for section in DEFAULT_SECTIONS
    )
    """Ordered sections of the release notes; replaces the default list when given."""
    show_other_types: bool = _DEFAULTS.changelog.show_other_types
    """List commits whose type has no section under other_title."""
    other_title: Title = _DEFAULTS.changelog.other_title
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
                    raise _problem(
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


class TemplatesConfig(_Model):
    """Repository paths of Jinja templates replacing the built-in ones (null: built-in)."""

    release_notes: RepoPath | None = None
    """Template of the GitHub Release notes."""
    changelog_entry: RepoPath | None = None
    """Template of one release's entry in the changelog."""
    pr_body: RepoPath | None = None
    """Template of the release pull request body."""

    def to_policy(self) -> TemplatePolicy:
        """The core template paths."""
        return TemplatePolicy(
            release_notes=self.release_notes,
            changelog_entry=self.changelog_entry,
            pr_body=self.pr_body,
        )


class VersionFileConfig(_Model):
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
    raise _problem("expected a path or a mapping like {path: chart/Chart.yaml, kind: generic}")


VersionFileEntry = Annotated[
    VersionFileConfig,
    BeforeValidator(_path_or_mapping, json_schema_input_type=str | VersionFileConfig),
]


def _usable_label(name: str) -> str:
    """Accept a label name GitHub takes that is not one of the state labels."""
    if not name.strip():
        raise _problem("a label name must not be empty")
    if len(name) > GITHUB_LABEL_LIMIT:
        raise _problem(f"{name!r} is longer than GitHub's {GITHUB_LABEL_LIMIT} characters")
    if name.casefold() in (PENDING_LABEL.casefold(), RELEASED_LABEL.casefold()):
        raise _problem(f"{name!r} is a state label Release Regent sets itself; leave it out")
    return name


LabelName = Annotated[str, AfterValidator(_usable_label)]


class ReleasePrConfig(_Model):
    """How the release pull request is opened."""

    title: str = _DEFAULTS.release_pr.title
    """Title of the release PR; {version} and {tag} are filled in."""
    draft: bool = _DEFAULTS.release_pr.draft
    """Open the release PR as a draft."""
    labels: tuple[LabelName, ...] = _DEFAULTS.release_pr.labels
    """Labels added to the release PR beside its release-regent state label."""

    @field_validator("title")
    @classmethod
    def _title_is_usable(cls, title: str) -> str:
        problem = title_template_problem(title)
        if problem is not None:
            raise _problem(problem)
        return title

    def to_policy(self) -> ReleasePrPolicy:
        """The core release PR options."""
        return ReleasePrPolicy(
            title=self.title, draft=self.draft, labels=tuple(dict.fromkeys(self.labels))
        )


class ReleaseConfig(_Model):
    """How a merged release PR is published."""

    annotated_tag: bool = _DEFAULTS.release.annotated_tag
    """Tag the release with an annotated tag instead of a lightweight one."""
    draft: bool = _DEFAULTS.release.draft
    """Create the GitHub Release as a draft, for a person to publish."""

    def to_policy(self) -> PublishPolicy:
        """The core publishing options."""
        return PublishPolicy(annotated_tag=self.annotated_tag, draft=self.draft)


class RegentConfig(_Model):
    """Release Regent configuration (.release-regent.yml). Every key is optional."""

    version_scheme: VersionSchemeName = "semver"
    """How versions are written and compared."""
    tag_template: str = _DEFAULTS.tag_template
    """Tag name of a release; contains {version} exactly once."""
    initial_version: str = _DEFAULTS.initial_version
    """First release when no release tag exists yet; a version of version_scheme."""
    prerelease: str | None = None
    """Prerelease channel such as rc or beta; null releases stable versions."""
    commit_parsing: CommitParsing = "strict"
    """strict: Conventional Commits 1.0.0 to the letter; lenient: also common near misses."""
    bump: BumpConfig = BumpConfig()
    """Bump rules: the bump of each commit type, and the rules while the major version is 0."""
    changelog: ChangelogConfig = ChangelogConfig()
    """The changelog file and the sections of the release notes."""
    templates: TemplatesConfig = TemplatesConfig()
    """Repository paths of Jinja templates replacing the built-in ones."""
    version_files: tuple[VersionFileEntry, ...] = ()
    """Extra files whose version is bumped: a path, or {path, kind}."""
    detect_version_files: bool = _DEFAULTS.detect_version_files
    """Also bump the manifests in the repository root (pyproject.toml, package.json, ...)."""
    release_pr: ReleasePrConfig = ReleasePrConfig()
    """The release pull request: title, draft state and extra labels."""
    release: ReleaseConfig = ReleaseConfig()
    """Publishing a merged release PR: tag kind and draft release."""

    @field_validator("tag_template")
    @classmethod
    def _tag_template_is_usable(cls, template: str) -> str:
        problem = _tag_template_problem(template)
        if problem is not None:
            raise _problem(problem)
        return template

    @field_validator("initial_version")
    @classmethod
    def _initial_version_parses(cls, text: str, info: ValidationInfo) -> str:
        scheme_name = info.data.get("version_scheme")
        if scheme_name is None:
            return text
        try:
            version_scheme(scheme_name).parse(text)
        except InvalidVersionError as error:
            raise _problem(_not_a_version(text, scheme_name, error.message)) from None
        return text

    @field_validator("prerelease")
    @classmethod
    def _channel_is_usable(cls, channel: str | None, info: ValidationInfo) -> str | None:
        scheme_name = info.data.get("version_scheme")
        if channel is None or scheme_name is None:
            return channel
        try:
            return version_scheme(scheme_name).check_channel(channel)
        except InvalidVersionError as error:
            raise _problem(error.message) from None

    @field_validator("version_files")
    @classmethod
    def _each_file_once(cls, files: tuple[VersionFileConfig, ...]) -> tuple[VersionFileConfig, ...]:
        seen: set[PurePosixPath] = set()
        for entry in files:
            path = PurePosixPath(entry.path)
            if path in seen:
                raise _problem(f"{entry.path!r} is listed more than once; keep one entry")
            seen.add(path)
        return files

    def to_policy(self) -> ReleasePolicy:
        """The plain core policy these settings describe."""
        return ReleasePolicy(
            version_scheme=self.version_scheme,
            tag_template=self.tag_template,
            initial_version=self.initial_version,
            prerelease=self.prerelease,
            lenient_parsing=self.commit_parsing == "lenient",
            bump=self.bump.to_policy(),
            changelog=self.changelog.to_policy(),
            templates=self.templates.to_policy(),
            version_files=tuple(entry.to_policy() for entry in self.version_files),
            detect_version_files=self.detect_version_files,
            release_pr=self.release_pr.to_policy(),
            release=self.release.to_policy(),
        )


def _not_a_version(text: str, scheme_name: str, reason: str) -> str:
    """The scheme's reason, led by what was expected when the reason starts with the text."""
    for echo in (f"{text}: ", f"{text!r}: "):
        if reason.startswith(echo):
            title = SCHEME_TITLES[scheme_name]
            return f"{text!r} is not a {title} version: {reason.removeprefix(echo)}"
    return reason


def _tag_template_problem(template: str) -> str | None:
    """Why ``template`` cannot name release tags, or None when it can."""
    count = template.count("{version}")
    if count != 1:
        return (
            f"{template!r} must contain {{version}} exactly once, not {count} times; "
            "e.g. 'v{version}' or 'release-{version}'"
        )
    literal = template.replace("{version}", "")
    if "{" in literal or "}" in literal:
        return f"{template!r}: {{version}} is the only placeholder; remove the other braces"
    unusable = sorted(
        char
        for char in set(literal)
        if char in _GIT_REF_FORBIDDEN or char.isspace() or not char.isprintable()
    )
    if unusable:
        shown = " ".join(repr(char) for char in unusable)
        return f"{template!r} cannot name a git tag: it contains {shown}"
    if any(".." in part for part in template.split("{version}")):
        return f"{template!r} cannot name a git tag: it contains '..'"
    return None


def config_json_schema() -> dict[str, object]:
    """The JSON Schema of ``.release-regent.yml``, for editors and ``regent schema``."""
    schema: dict[str, object] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update(RegentConfig.model_json_schema())
    schema["title"] = "Release Regent configuration"
    return schema
