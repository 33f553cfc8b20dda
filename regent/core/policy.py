"""Plain policy values the core decides with; ``regent.config`` builds them from YAML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from regent.core.assets import AssetPolicy
from regent.core.notes.policy import NotesPolicy
from regent.core.notifications import NotificationPolicy
from regent.core.release_pr.auto_merge import MergeMethod
from regent.core.versioning.bump import Bump
from regent.core.versioning.lines import BranchLine, VersionRange, range_in_name
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.versions import VersionScheme

if TYPE_CHECKING:
    from regent.core.components.model import Monorepo

NO_CHANNEL = "none"
"""A requested channel meaning: release a stable version whatever the configuration says."""
DEFAULT_TYPE_BUMPS: tuple[tuple[str, Bump], ...] = (
    ("feat", Bump.MINOR),
    ("fix", Bump.PATCH),
    ("perf", Bump.PATCH),
)


@dataclass(frozen=True, slots=True)
class BumpPolicy:
    """Which commit types bump what, and the rules before 1.0.0."""

    type_bumps: tuple[tuple[str, Bump], ...] = DEFAULT_TYPE_BUMPS
    breaking_before_1_0: Bump = Bump.MINOR
    feature_before_1_0: Bump = Bump.MINOR

    def bump_map(self) -> dict[str, Bump]:
        """The bump a non-breaking commit asks for, by lower-case ``type`` or ``type(scope)``
        (absent: none)."""
        return {name.lower(): level for name, level in self.type_bumps}


def type_bump(bumps: dict[str, Bump], kind: str, scope: str | None) -> Bump:
    """The bump of a non-breaking commit of ``kind`` and ``scope`` under ``bumps`` (a
    ``bump_map``): a ``type(scope)`` rule wins over the bare type's."""
    if scope is not None:
        scoped = bumps.get(f"{kind}({scope.lower()})")
        if scoped is not None:
            return scoped
    return bumps.get(kind, Bump.NONE)


@dataclass(frozen=True, slots=True)
class ChangelogSection:
    """One section of the release notes: a title and the commit types listed under it."""

    title: str
    types: tuple[str, ...]


BREAKING_SECTION_TITLE = "⚠ Breaking Changes"

DEFAULT_SECTIONS: tuple[ChangelogSection, ...] = (
    ChangelogSection("Features", ("feat", "feature")),
    ChangelogSection("Bug Fixes", ("fix",)),
    ChangelogSection("Performance", ("perf",)),
    ChangelogSection("Reverts", ("revert",)),
)


@dataclass(frozen=True, slots=True)
class ChangelogPolicy:
    """How release notes are grouped and where the changelog lives."""

    path: str = "CHANGELOG.md"
    breaking_title: str = BREAKING_SECTION_TITLE
    sections: tuple[ChangelogSection, ...] = DEFAULT_SECTIONS
    show_other_types: bool = False
    other_title: str = "Other Changes"


@dataclass(frozen=True, slots=True)
class TemplateFilter:
    """A Jinja filter from a plugin (``templates.filters``): its name and function."""

    name: str
    function: Callable[..., object]


@dataclass(frozen=True, slots=True)
class TemplatePolicy:
    """Repository paths of templates overriding the defaults (None = built-in), and the
    plugins' filters the templates may use."""

    release_notes: str | None = None
    changelog_entry: str | None = None
    pr_body: str | None = None
    filters: tuple[TemplateFilter, ...] = ()


@dataclass(frozen=True, slots=True)
class VersionFileSpec:
    """A file whose version is bumped; ``kind`` None means detect from the file name."""

    path: str
    kind: str | None = None


DEFAULT_RELEASE_PR_TITLE = "chore(release): v{version}"


@dataclass(frozen=True, slots=True)
class ReleasePrPolicy:
    """How the release PR is opened: its title template, draft state and extra labels, and
    whether it merges itself once its required checks pass."""

    title: str = DEFAULT_RELEASE_PR_TITLE
    draft: bool = False
    labels: tuple[str, ...] = ()
    auto_merge: MergeMethod | None = None
    """GitHub's auto-merge method to enable on it (merge, squash, rebase); None: leave it off."""


@dataclass(frozen=True, slots=True)
class PublishPolicy:
    """How a merged release PR is published: annotated tag or lightweight, draft release or not,
    and the files attached to the release (``release.assets``)."""

    annotated_tag: bool = False
    draft: bool = False
    assets: AssetPolicy = field(default_factory=AssetPolicy)


@dataclass(frozen=True, slots=True)
class ReleasePolicy:
    """Everything the release decision depends on, from one repository's configuration."""

    version_scheme: VersionScheme = SEMVER
    """The scheme named by ``version_scheme:``, resolved once where the configuration is read."""
    tag_template: str = "v{version}"
    initial_version: str = "0.1.0"
    prerelease: str | None = None
    lenient_parsing: bool = False
    squash_bodies: bool = True
    """Each Conventional Commit a squash body lists (``* feat: a``) is a change of its own."""
    bump: BumpPolicy = field(default_factory=BumpPolicy)
    changelog: ChangelogPolicy = field(default_factory=ChangelogPolicy)
    templates: TemplatePolicy = field(default_factory=TemplatePolicy)
    notes: NotesPolicy = field(default_factory=NotesPolicy)
    """Contributors, entry text and GitHub's generated notes (``notes:``)."""
    version_files: tuple[VersionFileSpec, ...] = ()
    detect_version_files: bool = True
    release_pr: ReleasePrPolicy = field(default_factory=ReleasePrPolicy)
    release: PublishPolicy = field(default_factory=PublishPolicy)
    base_branches: tuple[str, ...] = ()
    """Branches (fnmatch patterns) with a release PR of their own; none: the default branch."""
    since: str | None = None
    """A commit-ish the first release's commits start after, while no release tag exists."""
    monorepo: Monorepo | None = None
    """The components released on their own (``components:``); None: one version."""
    lines: tuple[BranchLine, ...] = ()
    """The release line of each ``base_branches`` entry: range, channel and ``since``."""
    branch: str | None = None
    """The base branch this policy was resolved for (``on_branch``); None: not resolved."""
    version_range: VersionRange | None = None
    """The versions ``branch`` may release (a maintenance line); None: any."""
    notifications: NotificationPolicy = field(default_factory=NotificationPolicy)
    """Who hears of a failed release (``notifications:``)."""

    def channel(self, requested: str | None) -> str | None:
        """The prerelease channel of a run: ``requested`` (``"none"``: stable) over the
        configured one."""
        if requested is None:
            return self.prerelease
        return None if requested == NO_CHANNEL else requested

    def releases_from(self, branch: str, *, default_branch: str) -> bool:
        """Whether ``branch`` is a base branch: one ``base_branches`` matches, or, when none
        are configured, it is the repository's default branch."""
        if not self.base_branches:
            return branch == default_branch
        return any(fnmatchcase(branch, pattern) for pattern in self.base_branches)

    def on_branch(self, branch: str | None) -> ReleasePolicy:
        """This policy for base branch ``branch``: its line's channel and ``since`` over the
        top-level ones, and its range (declared, else from a name ending in ``1.x`` or
        ``1.2.x``), whose first version is the line's first release when ``initial_version``
        is outside it; itself when no ``base_branches`` entry names ``branch``."""
        line = self._line_of(branch)
        if branch is None or line is None:
            return self
        version_range = line.range or range_in_name(branch)
        initial = self.initial_version
        if version_range is not None and not version_range.holds(
            self.version_scheme.parse(initial)
        ):
            initial = version_range.lowest  # a line's first release opens its range
        return replace(
            self,
            prerelease=line.prerelease or self.prerelease,
            since=line.since or self.since,
            branch=branch,
            version_range=version_range,
            initial_version=initial,
            monorepo=None if self.monorepo is None else self.monorepo.on_branch(branch, lines=self),
        )

    def _line_of(self, branch: str | None) -> BranchLine | None:
        """The line of the first ``base_branches`` entry naming ``branch``."""
        if branch is None:
            return None
        pattern = next((p for p in self.base_branches if fnmatchcase(branch, p)), None)
        if pattern is None:
            return None
        return next((line for line in self.lines if line.pattern == pattern), BranchLine(pattern))
