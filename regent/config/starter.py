"""Files `regent init` writes: a starter configuration and a GitHub workflow."""

from __future__ import annotations

_STARTER_CONFIG = """\
# Release Regent configuration. Every key is optional: the values below are the defaults,
# so you can delete any line you do not want to change.
# Reference: docs/configuration.md

# How versions are written and compared: semver (SemVer 2.0.0), pep440 (Python packages),
# calver (YYYY.MM.MICRO) or the name of an installed version scheme plugin.
version_scheme: semver

# Tag name of each release; must contain {version} exactly once.
tag_template: "v{version}"

# Version of the first release, used while the repository has no release tag yet.
initial_version: "0.1.0"

# Prerelease channel such as rc or beta (releases 1.2.0-rc.1, 1.2.0-rc.2, ...);
# null releases stable versions.
prerelease: null

commit_parsing:
  # strict reads commit messages as Conventional Commits 1.0.0 to the letter;
  # lenient also accepts common near misses.
  style: strict
  # Each Conventional Commit a squash merge's body lists (* feat: a) is a change of its own.
  squash_bodies: true

bump:
  # Bump per commit type, merged over these defaults; set a type to none to ignore it.
  # Allowed: major, minor, patch, none. A breaking change (! or BREAKING CHANGE) is major.
  types:
    feat: minor
    fix: patch
    perf: patch
  # While the major version is 0: what a breaking change bumps (minor or major)
  # and what a feature bumps (minor or patch).
  breaking_before_1_0: minor
  feature_before_1_0: minor

changelog:
  path: CHANGELOG.md
  breaking_title: "⚠ Breaking Changes"
  # Ordered sections of the release notes; a list here replaces the whole default list.
  sections:
    - title: Features
      types: [feat, feature]
    - title: Bug Fixes
      types: [fix]
    - title: Performance
      types: [perf]
    - title: Reverts
      types: [revert]
  # List commits whose type has no section (docs, chore, ...) under other_title.
  show_other_types: false
  other_title: Other Changes

# Jinja templates in this repository replacing the built-in ones; null keeps the built-in.
templates:
  release_notes: null
  changelog_entry: null
  pr_body: null

notes:
  # Each entry's author (by @login) and the contributors lines: true, false, or per place.
  # Logins are @-mentions in the GitHub Release and release PR, never in CHANGELOG.md.
  contributors:
    release_notes: true
    changelog: false
  # commit: each entry shows its commit's description; pr_title: its merged pull request's title.
  entry_text: commit
  # append: GitHub's own generated notes ("What's Changed") below ours in the GitHub Release.
  github_generated: none

# Extra files whose version is bumped: a path, or {path, kind} where kind is one of
# pyproject, package-json, package-lock, cargo, setup-cfg, python, generic. For example:
#   version_files:
#     - src/widget/__init__.py
#     - {path: chart/Chart.yaml, kind: generic}
version_files: []

# Also bump the manifests found in the repository root (pyproject.toml, package.json, ...).
detect_version_files: true

release_pr:
  # Title of the release pull request; {version} and {tag} are filled in.
  title: "chore(release): v{version}"
  # Open it as a draft.
  draft: false
  # Labels added beside its "release-regent: pending" state label.
  labels: []
  # Turn on GitHub's auto-merge (squash, merge or rebase) so it merges itself once its
  # required checks pass (the repository must allow auto-merge); null: off.
  auto_merge: null

release:
  # Tag the merge commit with an annotated tag instead of a lightweight one.
  annotated_tag: false
  # Create the GitHub Release as a draft, for a person to publish.
  draft: false

# Branches with a release PR of their own (names or patterns such as release/*);
# empty: the default branch. In a workflow, let on.push.branches through as well.
# An entry may be a release line: {name: release/1.x, range: 1.x} or {name: next, prerelease: rc}.
base_branches: []

# While no release tag exists, the first release lists only the commits after this one
# (a sha, a tag, or a ref such as main~100); null: the whole history. A tag always wins.
since: null

# A monorepo's components, each with its own version, tags and changelog, e.g.
# [{name: api, path: packages/api}] (docs/monorepo.md); empty: one version for the repository.
# regent run, the Action and the webhook service release them from one release PR.
components: []
# Groups of components that always share one version, e.g. [[api, cli]].
linked: []
# A commit whose scope names a component (feat(api): ...) counts for it whatever it touches.
scope_as_component: false
# One release PR per component (release-regent/<base>/<component>) instead of one for all.
separate_pull_requests: false
# A component whose package.json, Cargo.toml or pyproject.toml requires a releasing component's
# package: its requirement is rewritten and it releases a patch (patch), or not (none).
dependents: patch

# Who hears of a failed release (docs/operations.md#notifications). github_issue: one issue per
# base branch, labelled "release-regent: failure", closed by the next run that succeeds; also
# slack: {webhook_url_env: NAME} and webhook: {url_env: NAME, secret_env: NAME}, which name the
# environment variables holding the URL and the key, never the secrets themselves.
notifications:
  github_issue: false
"""

_EXAMPLE_WORKFLOW = """\
# Release Regent keeps a release pull request up to date on every push to main, and
# publishes the tag and GitHub Release when that pull request is merged.
name: Release Regent

on:
  push:
    branches: [main]

# Nothing by default; the job asks for exactly what it writes.
permissions: {}

# One run at a time per repository, whatever event started it, so two runs never race on
# the release branch; a queued run is kept, not cancelled, and reconciles the latest state.
concurrency:
  group: release-regent-${{ github.repository }}
  cancel-in-progress: false

jobs:
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: write       # push the release branch, create the tag and the GitHub Release
      pull-requests: write  # open and update the release pull request
    steps:
      # The full history lets Release Regent find the last release tag without deepening; the
      # Action writes through the GitHub API, so no credentials need to stay in .git/config.
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          fetch-depth: 0
          persist-credentials: false
@ACTION@
"""

_PLACEHOLDER_STEP = """\
      # Replace OWNER with the account whose copy of Release Regent you use: until it is
      # published, your fork of it, with a v1 tag you create there (docs/action.md).
      - uses: OWNER/release-regent@v1 # zizmor: ignore[unpinned-uses] placeholder owner"""
_OWNER_STEP = """\
      # Release Regent from @OWNER@, this repository's owner (read from its remote): until it
      # is published, fork it to @OWNER@ and create a v1 tag there; once published, put the
      # publisher's account here instead (docs/action.md). Pin a commit sha to freeze it.
      - uses: @OWNER@/release-regent@v1 # zizmor: ignore[unpinned-uses] see above"""


def starter_config() -> str:
    """A commented `.release-regent.yml` spelling out the defaults."""
    return _STARTER_CONFIG


def example_workflow(*, owner: str | None = None) -> str:
    """A commented `.github/workflows/release-regent.yml` running the Action on main, from
    ``owner``'s copy of Release Regent (else an ``OWNER`` placeholder to replace)."""
    step = _PLACEHOLDER_STEP if owner is None else _OWNER_STEP.replace("@OWNER@", owner)
    return _EXAMPLE_WORKFLOW.replace("@ACTION@", step)
