"""What a maintainer expects after each step of the scripted history, written out by hand.

``EXPECTED`` has one row per step of ``STEPS``: the open release PR's version and notes (None:
no release PR and no release branch), and the release that step published. Notes compare as
entries per section, without their PR and commit references (which differ between runs) and in
any order (commits landed within one second may be listed either way).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tests.e2e.lifecycle_harness import TODAY, Landed
from tests.e2e.lifecycle_script import INITIAL_TAG
from tests.e2e.lifecycle_state import Notes, ReleasePull, Snapshot

PENDING = "release-regent: pending"
RELEASED = "release-regent: released"
BREAKING = "⚠ Breaking Changes"
FEATURES = "Features"
FIXES = "Bug Fixes"
PERF = "Performance"
REVERTS = "Reverts"

LISTING = "**api:** add widget listing"
EMPTY = "handle empty names"
FLAGS = "**cli:** drop the legacy flags"
CACHE = "cache widget lookups"
EXPORT = "experimental export"
NEGATIVE = "**api:** reject negative sizes"
SEARCH = "add widget search"
UNCACHE = "perf: cache widget lookups"
CASE = "search ignores case"
STORAGE = "new storage format"
MIGRATE = "migrate old files"
COMPRESS = "**storage:** compress blobs"
LOCK = "storage lock timeout"
WEBHOOKS = "webhooks"
EXIT = "**cli:** exit code on a bad config"
PAGES = "**api:** paginate listings"
OFF_BY_ONE = "**api:** off by one in pages"
HELP = "typo in the help text"
TIMEOUT = "**api:** shorter default timeout"


def notes(
    *,
    breaking: Sequence[str] = (),
    features: Sequence[str] = (),
    fixes: Sequence[str] = (),
    perf: Sequence[str] = (),
    reverts: Sequence[str] = (),
) -> Notes:
    """Release notes by section, empty sections left out."""
    sections = {BREAKING: breaking, FEATURES: features, FIXES: fixes, PERF: perf, REVERTS: reverts}
    return {title: tuple(sorted(entries)) for title, entries in sections.items() if entries}


@dataclass(frozen=True)
class Published:
    """A GitHub Release the step published."""

    tag: str
    prerelease: bool = False

    @property
    def version(self) -> str:
        return self.tag.removeprefix("v")


@dataclass(frozen=True)
class Expected:
    """The state after one step: the open release PR (version, notes) and any new release."""

    step: str
    pull: str | None
    notes: Notes = field(default_factory=dict)
    published: Published | None = None


V2_0_0 = notes(breaking=[FLAGS], features=[LISTING, FLAGS], fixes=[EMPTY], perf=[CACHE])
V2_1_0 = notes(features=[SEARCH], fixes=[NEGATIVE], reverts=[UNCACHE])
V3_RC1 = notes(breaking=[STORAGE], features=[STORAGE], fixes=[MIGRATE])
V3_1_0 = notes(features=[PAGES], fixes=[OFF_BY_ONE, EXIT])

EXPECTED: tuple[Expected, ...] = (
    Expected("listing", "1.1.0", notes(features=[LISTING])),
    Expected("empty-names", "1.1.0", notes(features=[LISTING], fixes=[EMPTY])),
    Expected("docs-config", "1.1.0", notes(features=[LISTING], fixes=[EMPTY])),
    Expected(
        "legacy-flags", "2.0.0", notes(breaking=[FLAGS], features=[LISTING, FLAGS], fixes=[EMPTY])
    ),
    Expected("cache", "2.0.0", V2_0_0),
    Expected(
        "export",
        "2.0.0",
        notes(breaking=[FLAGS], features=[LISTING, FLAGS, EXPORT], fixes=[EMPTY], perf=[CACHE]),
    ),
    Expected("revert-export", "2.0.0", V2_0_0),
    Expected("tidy", "2.0.0", V2_0_0),
    Expected("release-2.0.0", None, published=Published("v2.0.0")),
    Expected("negative", "2.0.1", notes(fixes=[NEGATIVE])),
    Expected("search", "2.1.0", notes(features=[SEARCH], fixes=[NEGATIVE])),
    Expected("revert-cache", "2.1.0", V2_1_0),
    Expected("docs-search", "2.1.0", V2_1_0),
    Expected("case", "2.1.0", notes(features=[SEARCH], fixes=[NEGATIVE, CASE], reverts=[UNCACHE])),
    Expected("release-2.1.0", None, published=Published("v2.1.0")),
    Expected("rc-on", None),
    Expected("storage", "3.0.0-rc.1", notes(breaking=[STORAGE], features=[STORAGE])),
    Expected("migrate", "3.0.0-rc.1", V3_RC1),
    Expected("release-3.0.0-rc.1", None, published=Published("v3.0.0-rc.1", prerelease=True)),
    Expected("compress", "3.0.0-rc.2", notes(features=[COMPRESS])),
    Expected("docs-storage", "3.0.0-rc.2", notes(features=[COMPRESS])),
    Expected("release-3.0.0-rc.2", None, published=Published("v3.0.0-rc.2", prerelease=True)),
    Expected(
        "rc-off",
        "3.0.0",
        notes(breaking=[STORAGE], features=[STORAGE, COMPRESS], fixes=[MIGRATE]),
    ),
    Expected(
        "lock",
        "3.0.0",
        notes(breaking=[STORAGE], features=[STORAGE, COMPRESS], fixes=[MIGRATE, LOCK]),
    ),
    Expected("release-3.0.0", None, published=Published("v3.0.0")),
    Expected("webhooks", "3.1.0", notes(features=[WEBHOOKS])),
    Expected("revert-webhooks", None),
    Expected("docs-wording", None),
    Expected("exit-code", "3.0.1", notes(fixes=[EXIT])),
    Expected("pagination", "3.1.0", V3_1_0),
    Expected("refactor", "3.1.0", V3_1_0),
    Expected("ci", "3.1.0", V3_1_0),
    Expected("release-3.1.0", None, published=Published("v3.1.0")),
    Expected("help", "3.1.1", notes(fixes=[HELP])),
    Expected("timeout", "4.0.0", notes(breaking=[TIMEOUT], features=[TIMEOUT], fixes=[HELP])),
    Expected("docs-timeout", "4.0.0", notes(breaking=[TIMEOUT], features=[TIMEOUT], fixes=[HELP])),
)


@dataclass(frozen=True)
class Progress:
    """Where a run of the history stands: the rows reached and the pull requests landed."""

    rows: tuple[Expected, ...]
    landed: Mapping[str, Landed]

    @property
    def published(self) -> tuple[Published, ...]:
        return tuple(row.published for row in self.rows if row.published is not None)

    def notes_before(self, step: str) -> Notes:
        """The notes the release PR showed just before ``step`` merged it."""
        index = next(i for i, row in enumerate(self.rows) if row.step == step)
        return self.rows[index - 1].notes


def problems(snapshot: Snapshot, progress: Progress) -> list[str]:
    """Every way ``snapshot`` differs from what the maintainer expects at ``progress``."""
    row = progress.rows[-1]
    found = _pull_problems(snapshot, row, progress) + _release_problems(snapshot, progress)
    return found + _history_problems(snapshot, progress)


def _pull_problems(snapshot: Snapshot, row: Expected, progress: Progress) -> list[str]:
    pull = snapshot.open_release
    if row.pull is None:
        return [
            f"{label} left behind"
            for label, present in (("release PR", pull), ("release branch", snapshot.branch))
            if present is not None
        ]
    if pull is None or snapshot.branch is None:
        return [f"no open release PR with its branch for {row.pull} (PR {pull})"]
    branch = snapshot.branch
    released = [published.version for published in reversed(progress.published)]
    checks = {
        "version in the marker": (pull.version, row.pull),
        "title": (pull.title, f"chore(release): v{row.pull}"),
        "labels": (pull.labels, (PENDING,)),
        "notes in the body": (pull.notes, row.notes),
        "branch on top of the base head": (branch.parent, snapshot.base_head),
        "pyproject.toml version": (branch.pyproject_version, row.pull),
        "CHANGELOG.md top heading": (branch.changelog_heading, f"## {row.pull} ({TODAY})"),
        "CHANGELOG.md top notes": (branch.changelog_notes, row.notes),
        "CHANGELOG.md versions": (branch.changelog_versions, [row.pull, *released, "1.0.0"]),
    }
    return _mismatches(checks)


def _release_problems(snapshot: Snapshot, progress: Progress) -> list[str]:
    published = progress.published
    stable = [p.tag for p in published if not p.prerelease]
    checks: dict[str, tuple[object, object]] = {
        "tags": (sorted(snapshot.tags), sorted([INITIAL_TAG, *(p.tag for p in published)])),
        "releases": (
            [(r.tag, r.prerelease, r.draft) for r in snapshot.releases],
            [(p.tag, p.prerelease, False) for p in published],
        ),
        "latest release": (snapshot.latest_release, stable[-1] if stable else None),
    }
    for row in progress.rows:
        if row.published is None:
            continue
        tag = row.published.tag
        release = next((r for r in snapshot.releases if r.tag == tag), None)
        checks[f"{tag} at the release PR's merge commit"] = (
            snapshot.tags.get(tag),
            progress.landed[row.step].tip,
        )
        checks[f"{tag} release notes"] = (
            release and release.notes,
            progress.notes_before(row.step),
        )
    return _mismatches(checks)


def _history_problems(snapshot: Snapshot, progress: Progress) -> list[str]:
    """Merged release PRs are released once, closed ones say why once; no comment repeats."""
    merged = {
        progress.landed[row.step].number: row.published.tag
        for row in progress.rows
        if row.published is not None
    }
    found: list[str] = []
    for pull in snapshot.release_pulls:
        found += _duplicate_comments(pull)
        if pull.number in merged:
            found += _released_pull_problems(pull, merged[pull.number])
        elif pull.merged:
            found.append(f"release PR #{pull.number} merged outside the script")
        elif pull.state == "closed" and len(pull.comments) != 1:
            found.append(f"closed release PR #{pull.number} has comments {pull.comments}")
    return found


def _released_pull_problems(pull: ReleasePull, tag: str) -> list[str]:
    checks = {
        f"#{pull.number} labels": (pull.labels, (RELEASED,)),
        f"#{pull.number} comments naming {tag}": (
            sum(tag in comment for comment in pull.comments),
            1,
        ),
    }
    return _mismatches(checks)


def _duplicate_comments(pull: ReleasePull) -> list[str]:
    repeated = {comment for comment in pull.comments if pull.comments.count(comment) > 1}
    return [f"#{pull.number} has a repeated comment: {comment!r}" for comment in repeated]


def _mismatches(checks: Mapping[str, tuple[object, object]]) -> list[str]:
    return [
        f"{name}: got {got!r}, expected {wanted!r}"
        for name, (got, wanted) in checks.items()
        if got != wanted
    ]
