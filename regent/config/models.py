"""Pydantic models of `.release-regent.yml`; `to_policy()` turns them into core policy."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath
from typing import Literal

from pydantic import (
    ValidationInfo,
    field_validator,
    model_validator,
)

from regent.config import SCHEME_TITLES, initial_version_of, version_scheme
from regent.config.branch_lines import BaseBranchConfig, BaseBranchEntry
from regent.config.components import (
    SHARED_KEYS,
    ComponentConfig,
    component_settings,
    components_problem,
    monorepo_of,
)
from regent.config.notes import NotesConfig
from regent.config.notifications import NotificationsConfig
from regent.config.publishing import ReleaseConfig, ReleasePrConfig
from regent.config.ref_names import tag_template_problem, usable_since
from regent.config.sections import (
    CONFIG_PROBLEM,
    DEFAULTS,
    BumpConfig,
    ChangelogConfig,
    CommitParsing,
    CommitParsingConfig,
    ConfigModel,
    TemplatesConfig,
    VersionFileConfig,
    VersionFileEntry,
    VersionSchemeName,
    config_problem,
)
from regent.core.components.model import Monorepo, component_tag
from regent.core.errors import InvalidVersionError
from regent.core.policy import ReleasePolicy
from regent.core.release_pr.branch import RELEASE_BRANCH_PREFIX

__all__ = ["CONFIG_PROBLEM", "RegentConfig", "config_json_schema"]


class RegentConfig(ConfigModel):
    """Release Regent configuration (.release-regent.yml). Every key is optional."""

    version_scheme: VersionSchemeName = "semver"
    """How versions are written and compared."""
    tag_template: str = DEFAULTS.tag_template
    """Tag name of a release; contains {version} exactly once."""
    initial_version: str = DEFAULTS.initial_version
    """First release when no release tag exists yet; a version of version_scheme."""
    prerelease: str | None = None
    """Prerelease channel such as rc or beta; null releases stable versions."""
    commit_parsing: CommitParsing = CommitParsingConfig()
    """strict: Conventional Commits 1.0.0 to the letter; lenient: also common near misses; or
    {style: strict|lenient, squash_bodies: true|false} (squash_bodies: each Conventional Commit
    a squash body lists is a change of its own; default true)."""
    bump: BumpConfig = BumpConfig()
    """Bump rules: the bump of each commit type, and the rules while the major version is 0."""
    changelog: ChangelogConfig = ChangelogConfig()
    """The changelog file and the sections of the release notes."""
    templates: TemplatesConfig = TemplatesConfig()
    """Repository paths of Jinja templates replacing the built-in ones."""
    notes: NotesConfig = NotesConfig()
    """What the notes show besides the commits: contributors, entry text, GitHub's notes."""
    version_files: tuple[VersionFileEntry, ...] = ()
    """Extra files whose version is bumped: a path, or {path, kind}."""
    detect_version_files: bool = DEFAULTS.detect_version_files
    """Also bump the manifests in the repository root (pyproject.toml, package.json, ...)."""
    release_pr: ReleasePrConfig = ReleasePrConfig()
    """The release pull request: title, draft state and extra labels."""
    release: ReleaseConfig = ReleaseConfig()
    """Publishing a merged release PR: tag kind and draft release."""
    base_branches: tuple[BaseBranchEntry, ...] = ()
    """Branches with a release PR of their own: names or patterns (release/*), or mappings
    {name, range, prerelease, since} giving a branch its release line; empty: the default
    branch."""
    since: str | None = None
    """While no release tag exists, the first release lists only the commits after this one
    (a sha, a tag, or a ref such as main~100); a release tag always wins."""
    components: tuple[ComponentConfig, ...] = ()
    """Components of a monorepo, each with its own version, tags and changelog (docs/monorepo.md);
    every top-level setting applies to each unless it sets its own."""
    linked: tuple[tuple[str, ...], ...] = ()
    """Groups of component names that always share one version."""
    scope_as_component: bool = False
    """A commit whose scope names a component (feat(api): ...) counts for it whatever it touches."""
    separate_pull_requests: bool = False
    """One release PR per component (``release-regent/<base>/<component>``) instead of one for
    all."""
    dependents: Literal["patch", "none"] = "patch"
    """A component whose workspace manifests require a releasing component's package: its
    requirement is rewritten and it releases a patch (``patch``), or it is left alone (``none``)."""
    notifications: NotificationsConfig = NotificationsConfig()
    """Who hears of a failed release: a GitHub issue, Slack, a signed webhook, plugins
    (docs/operations.md#notifications)."""

    @model_validator(mode="after")
    def _components_hold_together(self) -> RegentConfig:
        if not self.components:
            if self.linked or self.scope_as_component or self.separate_pull_requests:
                raise config_problem(
                    "linked, scope_as_component and separate_pull_requests need components; "
                    "list them under components: [{name, path}, ...]"
                )
            return self
        problem = components_problem(self.components, self.linked)
        if problem is not None:
            raise config_problem(problem)
        if self.version_files:
            raise config_problem(
                "version_files: with components, list each component's version files under it "
                "(components: [{name, path, version_files: [...]}])"
            )
        policies = self.component_policies()
        for group in self.linked:
            schemes = {policies[name].version_scheme.name for name in group}
            if len(schemes) > 1:
                raise config_problem(
                    f"linked: {', '.join(group)} share one version, so one version_scheme; "
                    f"they use {' and '.join(sorted(schemes))}"
                )
        return self

    def component_policies(self) -> dict[str, ReleasePolicy]:
        """Each component's policy by name: the top-level settings under its own."""
        shared = self.model_dump(include=set(SHARED_KEYS), exclude_unset=True)
        policies = {}
        for component in self.components:
            settings = component_settings(shared, component, validate=RegentConfig.model_validate)
            policies[component.name] = replace(
                settings.to_policy(),
                tag_template=component_tag(component.tag, component.name),
                version_files=tuple(entry.to_policy() for entry in component.version_files),
            )
        return policies

    def _monorepo(self) -> Monorepo | None:
        if not self.components:
            return None
        return monorepo_of(
            self.components,
            policies=self.component_policies(),
            linked=self.linked,
            scope_as_component=self.scope_as_component,
            separate_pull_requests=self.separate_pull_requests,
            dependents=self.dependents,
        )

    @field_validator("since")
    @classmethod
    def _since_is_a_revision(cls, revision: str | None) -> str | None:
        return revision if revision is None else usable_since(revision)

    @field_validator("base_branches")
    @classmethod
    def _usable_branch_lines(
        cls, entries: tuple[BaseBranchConfig, ...], info: ValidationInfo
    ) -> tuple[BaseBranchConfig, ...]:
        scheme_name = info.data.get("version_scheme")
        seen: set[str] = set()
        for entry in entries:
            problem = _branch_pattern_problem(entry.name)
            if problem is None and entry.name in seen:
                problem = f"{entry.name!r} is listed more than once; keep one entry"
            if problem is None and entry.prerelease is not None and scheme_name is not None:
                problem = _channel_problem(entry.name, entry.prerelease, scheme_name)
            if problem is not None:
                raise config_problem(problem)
            seen.add(entry.name)
        return entries

    @field_validator("tag_template")
    @classmethod
    def _tag_template_is_usable(cls, template: str) -> str:
        problem = tag_template_problem(template)
        if problem is not None:
            raise config_problem(problem)
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
            raise config_problem(_not_a_version(text, scheme_name, error.message)) from None
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
            raise config_problem(error.message) from None

    @field_validator("version_files")
    @classmethod
    def _each_file_once(cls, files: tuple[VersionFileConfig, ...]) -> tuple[VersionFileConfig, ...]:
        seen: set[PurePosixPath] = set()
        for entry in files:
            path = PurePosixPath(entry.path)
            if path in seen:
                raise config_problem(f"{entry.path!r} is listed more than once; keep one entry")
            seen.add(path)
        return files

    def to_policy(self) -> ReleasePolicy:
        """The plain core policy these settings describe."""
        scheme = version_scheme(self.version_scheme)
        initial = self.initial_version
        if "initial_version" not in self.model_fields_set:
            initial = initial_version_of(scheme) or initial
        return ReleasePolicy(
            version_scheme=scheme,
            tag_template=self.tag_template,
            initial_version=initial,
            prerelease=self.prerelease,
            lenient_parsing=self.commit_parsing.style == "lenient",
            squash_bodies=self.commit_parsing.squash_bodies,
            bump=self.bump.to_policy(),
            changelog=self.changelog.to_policy(),
            templates=self.templates.to_policy(),
            notes=self.notes.to_policy(),
            version_files=tuple(entry.to_policy() for entry in self.version_files),
            detect_version_files=self.detect_version_files,
            release_pr=self.release_pr.to_policy(),
            release=self.release.to_policy(),
            base_branches=tuple(entry.name for entry in self.base_branches),
            since=self.since,
            monorepo=self._monorepo(),
            lines=tuple(entry.to_policy() for entry in self.base_branches),
            notifications=self.notifications.to_policy(),
        )


def _not_a_version(text: str, scheme_name: str, reason: str) -> str:
    """The scheme's reason, led by what was expected when the reason starts with the text."""
    for echo in (f"{text}: ", f"{text!r}: "):
        if reason.startswith(echo):
            title = SCHEME_TITLES.get(scheme_name, scheme_name)
            return f"{text!r} is not a {title} version: {reason.removeprefix(echo)}"
    return reason


def _channel_problem(branch: str, channel: str, scheme_name: str) -> str | None:
    """Why ``channel`` cannot be ``branch``'s prerelease channel under ``scheme_name``, or None."""
    try:
        version_scheme(scheme_name).check_channel(channel)
    except InvalidVersionError as error:
        return f"{branch}: {error.message}"
    return None


def _branch_pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot name base branches, or None when it can."""
    if not pattern.strip() or pattern != pattern.strip() or any(c.isspace() for c in pattern):
        return f"{pattern!r} is not a branch name or pattern (no spaces); e.g. main or release/*"
    if pattern.startswith(RELEASE_BRANCH_PREFIX):
        return f"{pattern!r} names Release Regent's own release branches; list base branches"
    return None


def config_json_schema() -> dict[str, object]:
    """The JSON Schema of ``.release-regent.yml``, for editors and ``regent schema``."""
    schema: dict[str, object] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update(RegentConfig.model_json_schema())
    schema["title"] = "Release Regent configuration"
    return schema
