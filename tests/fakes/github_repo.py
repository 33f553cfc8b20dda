"""One repository on the fake GitHub: its git refs and objects, pull requests, labels, releases,
comments, reactions and collaborators, with what a maintainer does in GitHub's web page (open,
edit, label, merge, comment, give someone a role).

The fake port (``tests.fakes.github``) reads and writes these records; tests read them back
through ``state()``, shaped like the simulator's ``/_sim/repos/{owner}/{repo}/state``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from regent.core.errors import ConfigError
from regent.core.model import (
    Comment,
    PullRequest,
    PullState,
    Release,
    RepoRef,
    VersionedFile,
    iso_utc,
)
from regent.core.repo_paths import CONFIG_SIZE_LIMIT, decode_repository_file
from tests.fakes.git_store import GitStore, GitStoreError
from tests.github_sim.merging import GITHUB_COMMITTER, MergeRequest, merge
from tests.github_sim.state import DEFAULT_LOGIN

HTML = "https://github.com"
HEADS, TAGS = "refs/heads/", "refs/tags/"
LINK_MODE = "120000"
LOGIN = DEFAULT_LOGIN
"""Who the fake's token acts as (as the simulator's default token)."""
CLOCK_START = datetime(2030, 1, 1, tzinfo=UTC)
"""The fake's first moment: after every test commit (dated from 2026), so a ``since`` taken from
a commit never hides a pull request; each change is one second later than the last."""


def ticking_clock() -> Iterator[str]:
    """ISO times one second apart from ``CLOCK_START``: updates in a known order, no wall clock."""
    return (iso_utc(CLOCK_START + timedelta(seconds=n)) for n in itertools.count())


@dataclass
class FakePull:
    number: int
    title: str
    body: str
    head: str
    base: str
    head_sha: str
    draft: bool = False
    state: PullState = PullState.OPEN
    merged: bool = False
    merge_commit_sha: str | None = None
    labels: list[str] = field(default_factory=list)
    author: str = LOGIN
    updated_at: str = ""
    merged_at: str | None = None
    auto_merge: str | None = None


@dataclass
class FakeRelease:
    id: int
    tag: str
    name: str
    body: str
    draft: bool
    prerelease: bool


@dataclass
class FakeRepository:
    """``owner/name``: a bare git repository and the records GitHub keeps beside it."""

    ref: RepoRef
    store: GitStore
    default_branch: str = "main"
    pulls: dict[int, FakePull] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    """Each label's name by its lower-case form (GitHub matches labels whatever their case)."""
    releases: list[FakeRelease] = field(default_factory=list)
    comments: list[tuple[int, Comment]] = field(default_factory=list)
    reactions: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    """``(login, content)`` of each reaction, by comment id."""
    collaborators: dict[str, str] = field(default_factory=dict)
    """Each collaborator's role (admin, maintain, write, triage, read, none) by lower-case login."""
    latest_release: int | None = None
    """The id of the release pinned as latest (None: the newest published stable one)."""
    allow_auto_merge: bool = True
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))
    clock: Iterator[str] = field(default_factory=ticking_clock)

    @property
    def html_url(self) -> str:
        return f"{HTML}/{self.ref.full_name}"

    def branch(self, name: str) -> str | None:
        return self.store.ref(HEADS + name)

    def open_pull(
        self, head: str, base: str, *, title: str, body: str = "", author: str = LOGIN
    ) -> int:
        """Open a pull request from branch ``head`` into ``base`` (as ``author`` would)."""
        head_sha = self.branch(head)
        assert head_sha is not None, f"no branch {head}"
        assert self.branch(base) is not None, f"no branch {base}"
        number = len(self.pulls) + 1
        self.pulls[number] = FakePull(number, title, body, head, base, head_sha, author=author)
        self.touch(self.pulls[number])
        return number

    def touch(self, pull: FakePull) -> str:
        """Mark ``pull`` updated now (the fake's clock); that moment."""
        pull.updated_at = next(self.clock)
        return pull.updated_at

    def edit_pull(self, number: int, *, title: str | None = None, body: str | None = None) -> None:
        pull = self.pulls[number]
        pull.title = pull.title if title is None else title
        pull.body = pull.body if body is None else body
        self.touch(pull)

    def add_labels(self, number: int, names: list[str]) -> None:
        pull = self.pulls[number]
        self.set_labels(pull, [*pull.labels, *names])

    def set_labels(self, pull: FakePull, names: list[str]) -> None:
        """Replace the labels, spelled as the repository spells them (new ones created)."""
        spelled = [self.labels.setdefault(name.lower(), name) for name in names]
        pull.labels = list(dict.fromkeys(spelled))
        self.touch(pull)

    def remove_label(self, number: int, name: str) -> bool:
        """Take label ``name`` (any case) off pull request ``number``; False if it was not on."""
        pull = self.pulls[number]
        kept = [label for label in pull.labels if label.lower() != name.lower()]
        if len(kept) == len(pull.labels):
            return False
        pull.labels = kept
        self.touch(pull)
        return True

    def close_pull(self, number: int) -> None:
        """Close pull request ``number`` without merging it."""
        pull = self.pulls[number]
        if pull.state is PullState.OPEN:
            pull.state = PullState.CLOSED
            self.touch(pull)

    def set_role(self, login: str, role: str) -> None:
        """Give ``login`` a role on the repository, as the owner would in its settings."""
        self.collaborators[login.lower()] = role

    def role(self, login: str) -> str:
        """The owner is admin; a collaborator has their role; anyone else may read."""
        if login.lower() == self.ref.owner.lower():
            return "admin"
        return self.collaborators.get(login.lower(), "read")

    def merge(self, number: int, *, method: str = "merge") -> str:
        """Merge pull request ``number`` with GitHub's ``method``; the new base head."""
        pull = self.pulls[number]
        assert pull.state is PullState.OPEN, f"#{number} is not open"
        head, base = self.branch(pull.head), self.branch(pull.base)
        assert head is not None, f"no branch {pull.head}"
        assert base is not None, f"no branch {pull.base}"
        request = MergeRequest(
            number, pull.title, f"{self.ref.owner}:{pull.head}", base, head, method=method
        )
        sha = merge(self.store.git_dir, request, GITHUB_COMMITTER)
        self.store.set_ref(HEADS + pull.base, sha, old=base)
        pull.head_sha, pull.state, pull.merged, pull.merge_commit_sha = (
            head,
            PullState.CLOSED,
            True,
            sha,
        )
        pull.merged_at = self.touch(pull)
        return sha

    def add_release(
        self, tag: str, *, name: str, body: str, draft: bool, prerelease: bool, latest: bool
    ) -> FakeRelease:
        """Publish a release; a published one tags the default branch's head if its tag is new."""
        made = FakeRelease(next(self.ids), tag, name, body, draft, prerelease)
        if not draft and self.store.ref(TAGS + tag) is None:
            head = self.branch(self.default_branch)
            assert head is not None
            self.store.create_ref(TAGS + tag, head)
        self.releases.append(made)
        if latest and not (draft or prerelease):
            self.latest_release = made.id
        elif self.latest_release == made.id:
            self.latest_release = None
        return made

    def latest_release_tag(self) -> str | None:
        stable = [item for item in self.releases if not (item.draft or item.prerelease)]
        pinned = [item for item in stable if item.id == self.latest_release]
        chosen = pinned or stable[-1:]
        return chosen[0].tag if chosen else None

    def add_comment(self, number: int, body: str) -> Comment:
        comment_id = next(self.ids)
        url = f"{self.html_url}/pull/{number}#issuecomment-{comment_id}"
        made = Comment(comment_id, body, url)
        self.comments.append((number, made))
        if number in self.pulls:
            self.touch(self.pulls[number])
        return made

    def comment(self, comment_id: int) -> Comment | None:
        return next((made for _, made in self.comments if made.id == comment_id), None)

    def versioned_file(self, path: str, *, ref: str | None) -> VersionedFile | None:
        """``path`` at ``ref`` (None: the default branch) as the contents API gives it: None
        when absent, a directory or a submodule; a link or a file over 1 MiB is refused."""
        try:
            entry = self.store.entry(ref or self.default_branch, path.strip("/"))
        except GitStoreError:
            return None
        if entry is None or entry[1] != "blob":
            return None
        mode, _, sha = entry
        shown = f"{self.ref}:{path}"
        if mode == LINK_MODE:
            raise ConfigError(
                "is a symbolic link leading out of the repository or nowhere; Release Regent "
                "reads only files inside the repository: commit the file itself",
                path=shown,
            )
        text = decode_repository_file(self.store.blob(sha), path=shown, limit=CONFIG_SIZE_LIMIT)
        return VersionedFile(path=path, sha=sha, text=text)

    def comments_on(self, number: int) -> list[Comment]:
        return [comment for on, comment in self.comments if on == number]

    def pull_request(self, pull: FakePull) -> PullRequest:
        """The port's value of ``pull``; an open one follows its head branch."""
        if pull.state is PullState.OPEN:
            pull.head_sha = self.branch(pull.head) or pull.head_sha
        return PullRequest(
            number=pull.number,
            title=pull.title,
            body=pull.body,
            head_branch=pull.head,
            head_sha=pull.head_sha,
            base_branch=pull.base,
            state=pull.state,
            merged=pull.merged,
            merge_commit_sha=pull.merge_commit_sha,
            labels=tuple(pull.labels),
            draft=pull.draft,
            html_url=f"{self.html_url}/pull/{pull.number}",
            merged_at=pull.merged_at,
            author=pull.author,
            node_id=f"PR_{self.ref.full_name}#{pull.number}",
            auto_merge=pull.auto_merge if pull.state is PullState.OPEN else None,
        )

    def release(self, made: FakeRelease) -> Release:
        api = f"https://uploads.github.com/repos/{self.ref.full_name}/releases/{made.id}"
        return Release(
            id=made.id,
            tag=made.tag,
            name=made.name,
            body=made.body,
            draft=made.draft,
            prerelease=made.prerelease,
            html_url=f"{self.html_url}/releases/tag/{made.tag}",
            upload_url=f"{api}/assets{{?name,label}}",
        )

    def state(self) -> dict[str, Any]:
        """Branches, tags (peeled), pulls and releases, as the simulator's state shows them."""
        tags = self.store.refs(TAGS)
        return {
            "branches": {
                name.removeprefix(HEADS): sha for name, sha in self.store.refs(HEADS).items()
            },
            "tags": {
                name.removeprefix(TAGS): self.store.peeled(name) or sha
                for name, sha in tags.items()
            },
            "pulls": [_pull_state(pull) for _, pull in sorted(self.pulls.items())],
            "releases": [_release_state(made) for made in self.releases],
        }


def _pull_state(pull: FakePull) -> dict[str, Any]:
    return {
        "number": pull.number,
        "title": pull.title,
        "body": pull.body,
        "state": str(pull.state),
        "merged": pull.merged,
        "head": pull.head,
        "base": pull.base,
        "labels": list(pull.labels),
    }


def _release_state(made: FakeRelease) -> dict[str, Any]:
    return {
        "tag_name": made.tag,
        "name": made.name,
        "body": made.body,
        "draft": made.draft,
        "prerelease": made.prerelease,
    }
