"""The GitHub port bound to one repository: each release call names what it does and the
permission it needs, and is counted for this binding."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from regent.adapters.github import (
    access,
    assets,
    comments,
    git,
    graphql,
    issues,
    labels,
    notes,
    pulls,
)
from regent.adapters.github.call import RepoCall
from regent.adapters.github.contents import versioned_file
from regent.adapters.github.errors import CONTENTS_WRITE, PULLS_WRITE
from regent.adapters.github.meter import CallMeter
from regent.adapters.github.releases import ReleaseSpec, ensure_release
from regent.core.asset_ports import AssetFiles, ReleaseAssetsPort
from regent.core.assets import AssetFile, ReleaseAsset
from regent.core.history import RawCommit
from regent.core.model import (
    CallCounts,
    Comment,
    Ensured,
    FileChange,
    PullRequest,
    Release,
    ReleasePulls,
    RepoRef,
    Tag,
    VersionedFile,
    instant,
)
from regent.core.notes.contributors import Account
from regent.core.notifications_ports import IssueTracker, TrackedIssue
from regent.core.ports import MeteredGitHub

if TYPE_CHECKING:
    from regent.adapters.github.adapter import GitHubConnection

PULLS_READ = "pull-requests: read"
CONTENTS_READ = "contents: read"
METADATA_READ = "metadata: read"
ISSUES_READ = "issues: read"
ISSUES_WRITE = "issues: write"


class GitHubAdapter(MeteredGitHub, ReleaseAssetsPort, IssueTracker):
    """GitHubPort (and ReleaseAssetsPort, IssueTracker) on PyGithub, bound to ``repo``. Writes are
    idempotent; errors are RegentErrors; ``call_counts`` counts this binding's requests only."""

    def __init__(self, connection: GitHubConnection, repo: RepoRef) -> None:
        self.repo = repo
        self._connection = connection
        self._tally = CallMeter()

    def release_pulls(
        self, *, head_branch: str, base_branch: str, label: str, since: str | None
    ) -> ReleasePulls:
        after = instant(since) if since is not None else None
        doing = f"list the pull requests into {base_branch}"
        with self._call("release_pulls", doing, PULLS_READ) as call:
            return pulls.release_pulls(
                call, head_branch=head_branch, base_branch=base_branch, label=label, since=after
            )

    def branch_head(self, branch: str) -> str | None:
        with self._call("branch_head", f"read branch {branch}", CONTENTS_READ) as call:
            return git.branch_head(call, branch)

    def branch_commit(self, branch: str) -> RawCommit | None:
        with self._call("branch_commit", f"read branch {branch}", CONTENTS_READ) as call:
            return git.branch_commit(call, branch)

    def write_release_branch(
        self,
        *,
        branch: str,
        base_sha: str,
        files: Sequence[FileChange],
        message: str,
        base_tree: str | None = None,
        branch_exists: bool = True,
    ) -> str:
        doing = f"write the release commit on {base_sha[:12]} to branch {branch}"
        subject = f"commit {base_sha} or branch {branch} in {self.repo}"
        with self._call("write_release_branch", doing, CONTENTS_WRITE, subject) as call:
            return git.write_release_branch(
                call,
                branch=branch,
                base_sha=base_sha,
                files=files,
                message=message,
                base_tree=base_tree,
                branch_exists=branch_exists,
            )

    def open_release_pull(
        self,
        *,
        head_branch: str,
        base_branch: str,
        title: str,
        body: str,
        draft: bool = False,
    ) -> Ensured[PullRequest]:
        doing = f"open the release pull request from {head_branch} into {base_branch}"
        subject = f"branch {head_branch} or {base_branch} in {self.repo}"
        with self._call("open_release_pull", doing, PULLS_WRITE, subject) as call:
            return pulls.open_release_pull(
                call,
                head_branch=head_branch,
                base_branch=base_branch,
                title=title,
                body=body,
                draft=draft,
            )

    def update_release_pull(
        self, number: int, *, title: str | None = None, body: str | None = None
    ) -> PullRequest:
        doing = f"update pull request #{number}"
        with self._call("update_release_pull", doing, PULLS_WRITE, self._pull(number)) as call:
            return pulls.edit_pull(call, number, title=title, body=body)

    def close_release_pull(self, number: int) -> PullRequest:
        doing = f"close pull request #{number}"
        with self._call("close_release_pull", doing, PULLS_WRITE, self._pull(number)) as call:
            return pulls.edit_pull(call, number, state="closed")

    def set_labels(self, number: int, names: Sequence[str]) -> tuple[str, ...]:
        doing = f"label pull request #{number}"
        with self._call("set_labels", doing, PULLS_WRITE, self._pull(number)) as call:
            return labels.set_labels(call, number, names)

    def ensure_tag(self, *, tag: str, sha: str, message: str | None = None) -> Ensured[Tag]:
        doing, subject = f"tag {sha[:12]} as {tag}", f"commit {sha} in {self.repo}"
        with self._call("ensure_tag", doing, CONTENTS_WRITE, subject) as call:
            return git.ensure_tag(call, tag=tag, sha=sha, message=message)

    def ensure_release(
        self,
        *,
        tag: str,
        name: str,
        body: str,
        draft: bool = False,
        prerelease: bool = False,
        latest: bool = True,
    ) -> Ensured[Release]:
        spec = ReleaseSpec(tag, name, body, draft, prerelease, latest)
        doing, subject = f"publish the release of {tag}", f"tag {tag} in {self.repo}"
        with self._call("ensure_release", doing, CONTENTS_WRITE, subject) as call:
            return ensure_release(call, spec)

    def delete_branch(self, branch: str) -> bool:
        with self._call("delete_branch", f"delete branch {branch}", CONTENTS_WRITE) as call:
            return git.delete_branch(call, branch)

    def comment(self, number: int, body: str, *, once: bool = False) -> Ensured[Comment]:
        doing = f"comment on pull request #{number}"
        with self._call("comment", doing, PULLS_WRITE, self._pull(number)) as call:
            return comments.comment(call, number, body, once=once)

    def config_file(self, path: str, *, ref: str | None = None) -> VersionedFile | None:
        at = ref or "the default branch"
        doing, subject = f"read {path} at {at}", f"{at} in {self.repo}"
        with self._call("config_file", doing, CONTENTS_READ, subject) as call:
            return versioned_file(call, path, ref=ref)

    def permission(self, login: str) -> str:
        doing = f"read the permission of {login}"
        with self._call("permission", doing, METADATA_READ) as call:
            return access.role(call, login)

    def pull(self, number: int) -> PullRequest:
        doing = f"read pull request #{number}"
        with self._call("pull", doing, PULLS_READ, self._pull(number)) as call:
            return pulls.pull(call, number)

    def react(self, comment_id: int, content: str = "+1") -> Ensured[None]:
        doing, subject = f"react to comment {comment_id}", f"comment {comment_id} in {self.repo}"
        with self._call("react", doing, PULLS_WRITE, subject) as call:
            return comments.react(call, comment_id, content)

    def reply(self, number: int, *, key: str, body: str) -> Ensured[Comment]:
        doing = f"reply on pull request #{number}"
        with self._call("reply", doing, PULLS_WRITE, self._pull(number)) as call:
            return comments.reply(call, number, key=key, body=body)

    def add_labels(self, number: int, names: Sequence[str]) -> tuple[str, ...]:
        doing = f"label pull request #{number}"
        with self._call("add_labels", doing, PULLS_WRITE, self._pull(number)) as call:
            return labels.add_labels(call, number, names)

    def remove_label(self, number: int, label: str) -> bool:
        doing = f"take the label {label!r} off pull request #{number}"
        with self._call("remove_label", doing, PULLS_WRITE, self._pull(number)) as call:
            return labels.remove_label(call, number, label)

    def enable_auto_merge(self, pull: PullRequest, method: str) -> str | None:
        doing = f"enable auto-merge on pull request #{pull.number}"
        with self._call("enable_auto_merge", doing, PULLS_WRITE, self._pull(pull.number)) as call:
            return graphql.enable_auto_merge(call, node_id=pull.node_id, method=method)

    def merged_pulls(self, *, base_branch: str, since: str | None) -> tuple[PullRequest, ...]:
        after = instant(since) if since is not None else None
        doing = f"list the pull requests merged into {base_branch}"
        with self._call("merged_pulls", doing, PULLS_READ) as call:
            return pulls.merged_pulls(call, base_branch=base_branch, since=after)

    def release_assets(self, release: Release) -> tuple[ReleaseAsset, ...]:
        doing = f"list the assets of the release {release.tag}"
        with self._call("release_assets", doing, CONTENTS_READ) as call:
            return assets.release_assets(call, release)

    def upload_asset(
        self, release: Release, file: AssetFile, *, content: AssetFiles
    ) -> ReleaseAsset:
        doing = f"upload {file.name} to the release {release.tag}"
        with self._call("upload_asset", doing, CONTENTS_WRITE) as call:
            return assets.upload_asset(call, release, file, content=content)

    def delete_asset(self, asset: ReleaseAsset) -> bool:
        doing = f"delete the release asset {asset.name}"
        with self._call("delete_asset", doing, CONTENTS_WRITE) as call:
            return assets.delete_asset(call, asset)

    def asset_sha256(self, asset: ReleaseAsset) -> str:
        doing = f"download the release asset {asset.name}"
        with self._call("asset_sha256", doing, CONTENTS_READ) as call:
            return assets.asset_sha256(call, asset)

    def publish_draft(self, release: Release, *, latest: bool) -> Release:
        doing = f"publish the draft release {release.tag}"
        with self._call("publish_draft", doing, CONTENTS_WRITE) as call:
            return assets.publish_draft(call, release, latest=latest)

    def commit_accounts(
        self, *, base: str | None, head: str, emails: Collection[str] = ()
    ) -> dict[str, Account]:
        doing = f"list the commits of {base[:12] + '..' if base else ''}{head[:12]}"
        with self._call("commit_accounts", doing, CONTENTS_READ) as call:
            return notes.commit_accounts(call, base=base, head=head, emails=emails)

    def generated_notes(self, *, tag: str, target: str, previous_tag: str | None) -> str:
        doing = f"generate GitHub's release notes of {tag}"
        with self._call("generated_notes", doing, CONTENTS_WRITE) as call:
            return notes.generated_notes(call, tag=tag, target=target, previous_tag=previous_tag)

    def open_issues(self, *, label: str) -> tuple[TrackedIssue, ...]:
        with self._call("open_issues", f"list the open issues labelled {label}", ISSUES_READ) as c:
            return issues.open_issues(c, label)

    def open_issue(self, *, title: str, body: str, labels: Sequence[str]) -> TrackedIssue:
        with self._call("open_issue", f"open the issue {title!r}", ISSUES_WRITE) as call:
            return issues.open_issue(call, title=title, body=body, labels=labels)

    def comment_on_issue(self, number: int, body: str) -> None:
        with self._call("comment_on_issue", f"comment on issue #{number}", ISSUES_WRITE) as call:
            issues.comment_on_issue(call, number, body)

    def close_issue(self, number: int) -> None:
        with self._call("close_issue", f"close issue #{number}", ISSUES_WRITE) as call:
            issues.close_issue(call, number)

    def call_counts(self) -> CallCounts:
        return self._tally.counts()

    def _pull(self, number: int) -> str:
        return f"pull request #{number} in {self.repo}"

    def _call(
        self, operation: str, doing: str, permission: str, subject: str | None = None
    ) -> AbstractContextManager[RepoCall]:
        return self._connection.call(
            self.repo, operation, doing, permission, subject, tally=self._tally
        )
