"""What a maintainer sees on the simulated repository: the release PR, its branch, tags, releases.

Read through the simulator's control API (never logged or faulted) and, for comments and the
latest release, from the simulator's state in the same process.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regent.core.model import RepoRef
from tests.github_sim.client import SimClient
from tests.github_sim.releases import latest
from tests.github_sim.state import SimState
from tests.gitrepo import git

MARKER = re.compile(r"<!-- release-regent (\{.*\}) -->")
SECTION = re.compile(r"^#{2,3} (?P<title>.+)$")
CREDIT = re.compile(r" by (?:@[A-Za-z0-9-]+(?:\[bot\])?|Test Author)$")
"""An entry's author (issue 16's contributors, on by default in the notes): ``by @login``, or
the git name of tests/gitrepo.py's commits, whose email is linked to no account."""
CONTRIBUTORS = "Contributors"
REFERENCE = re.compile(r" \((?:\[?#\d+\]?(?:\([^)]*\))?|\[?[0-9a-f]{7,40}\]?(?:\([^)]*\))?)\)")

Notes = dict[str, tuple[str, ...]]
"""Release notes as section title -> sorted bullets without their PR and commit references.

Sorted, because commits landed within the same second may be listed in either order.
"""


def parse_notes(markdown: str) -> Notes:
    """The ``### Section`` headings of ``markdown`` and their ``* `` bullets, references and
    credits dropped; the Contributors section left out.

    ``## `` headings (a changelog's version headings) end a section without starting one.
    """
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in markdown.splitlines():
        heading = SECTION.match(line)
        if heading:
            is_section = line.startswith("### ") and heading["title"] != CONTRIBUTORS
            current = sections.setdefault(heading["title"], []) if is_section else None
        elif current is not None and line.startswith("* "):
            current.append(CREDIT.sub("", REFERENCE.sub("", line[2:]).split(", closes ")[0]))
    return {title: tuple(sorted(bullets)) for title, bullets in sections.items()}


def marker_of(body: str) -> dict[str, Any] | None:
    """The release PR's hidden state marker (the body's last non-blank line), or None."""
    lines = [line for line in body.splitlines() if line.strip()]
    found = MARKER.fullmatch(lines[-1].strip()) if lines else None
    return None if found is None else dict(json.loads(found.group(1)))


@dataclass(frozen=True)
class BranchContent:
    """The release branch: its commit's parent and the files it bumps."""

    parent: str
    pyproject_version: str
    changelog: str

    @property
    def changelog_heading(self) -> str:
        """The top version heading of CHANGELOG.md, e.g. ``## 1.1.0 (2026-03-14)``."""
        return next(line for line in self.changelog.splitlines() if line.startswith("## "))

    @property
    def changelog_versions(self) -> list[str]:
        """The versions of CHANGELOG.md's ``## `` headings, newest first."""
        return [
            line.split(" ")[1] for line in self.changelog.splitlines() if line.startswith("## ")
        ]

    @property
    def changelog_notes(self) -> Notes:
        """The sections of the top version in CHANGELOG.md."""
        top = self.changelog.split(self.changelog_heading, 1)[1]
        return parse_notes(top.split("\n## ", 1)[0])


@dataclass(frozen=True)
class ReleasePull:
    """A release pull request as a maintainer reads it."""

    number: int
    title: str
    body: str
    state: str
    merged: bool
    labels: tuple[str, ...]
    comments: tuple[str, ...]

    @property
    def version(self) -> str | None:
        marker = marker_of(self.body)
        return None if marker is None else str(marker["version"])

    @property
    def notes(self) -> Notes:
        return parse_notes(self.body)


@dataclass(frozen=True)
class ReleaseView:
    """A GitHub Release."""

    tag: str
    name: str
    body: str
    draft: bool
    prerelease: bool

    @property
    def notes(self) -> Notes:
        return parse_notes(self.body)


@dataclass(frozen=True)
class Snapshot:
    """The repository's release state at one moment."""

    base_head: str
    release_pulls: tuple[ReleasePull, ...]
    branch: BranchContent | None
    tags: dict[str, str]
    releases: tuple[ReleaseView, ...]
    latest_release: str | None

    @property
    def open_release(self) -> ReleasePull | None:
        opened = [pull for pull in self.release_pulls if pull.state == "open"]
        assert len(opened) <= 1, f"more than one open release PR: {opened}"
        return opened[0] if opened else None

    def normal_form(self) -> dict[str, object]:
        """The state without what differs between two runs of one scenario (shas, dates)."""
        pull, branch = self.open_release, self.branch
        return {
            "open release PR": pull and (pull.title, pull.version, pull.labels, pull.notes),
            "release branch": branch
            and (
                branch.parent == self.base_head,
                branch.pyproject_version,
                branch.changelog_versions,
                branch.changelog_notes,
            ),
            "release PRs": [
                (p.number, p.state, p.merged, p.labels, len(p.comments)) for p in self.release_pulls
            ],
            "tags": sorted(self.tags),
            "releases": [(r.tag, r.name, r.draft, r.prerelease, r.notes) for r in self.releases],
            "latest release": self.latest_release,
        }


def read_snapshot(
    client: SimClient, repo: RepoRef, *, git_dir: Path, release_branch: str, state: SimState
) -> Snapshot:
    """The repository's release state now."""
    raw = client.get(f"/_sim/repos/{repo.full_name}/state").body
    comments = _comments(state, repo)
    pulls = tuple(
        _release_pull(pull, comments.get(pull["number"], ()))
        for pull in raw["pulls"]
        if pull["head"] == release_branch
    )
    branch_sha = raw["branches"].get(release_branch)
    return Snapshot(
        base_head=raw["branches"]["main"],
        release_pulls=pulls,
        branch=None if branch_sha is None else _branch_content(git_dir, branch_sha),
        tags=dict(raw["tags"]),
        releases=tuple(_release(release) for release in raw["releases"]),
        latest_release=_latest_tag(state, repo),
    )


def _release_pull(pull: dict[str, Any], comments: tuple[str, ...]) -> ReleasePull:
    return ReleasePull(
        number=pull["number"],
        title=pull["title"],
        body=pull["body"] or "",
        state=pull["state"],
        merged=pull["merged"],
        labels=tuple(pull["labels"]),
        comments=comments,
    )


def _release(release: dict[str, Any]) -> ReleaseView:
    return ReleaseView(
        tag=release["tag_name"],
        name=release["name"] or "",
        body=release["body"] or "",
        draft=release["draft"],
        prerelease=release["prerelease"],
    )


def _branch_content(git_dir: Path, sha: str) -> BranchContent:
    pyproject = tomllib.loads(git(git_dir, "show", f"{sha}:pyproject.toml"))
    return BranchContent(
        parent=git(git_dir, "rev-parse", f"{sha}^"),
        pyproject_version=str(pyproject["project"]["version"]),
        changelog=git(git_dir, "show", f"{sha}:CHANGELOG.md") + "\n",
    )


def _comments(state: SimState, repo: RepoRef) -> dict[int, tuple[str, ...]]:
    with state.lock:
        records = sorted(state.repo(repo.owner, repo.name).comments.values(), key=lambda c: c.id)
    found: dict[int, list[str]] = {}
    for record in records:
        found.setdefault(record.issue_number, []).append(record.body)
    return {number: tuple(bodies) for number, bodies in found.items()}


def _latest_tag(state: SimState, repo: RepoRef) -> str | None:
    with state.lock:
        release = latest(state, state.repo(repo.owner, repo.name))
        return None if release is None else release.tag_name
