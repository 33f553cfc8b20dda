"""The GitHub port over PyGithub: one connection (``connect_github``) binds a port to each
repository; every call is counted, retried with care and translated at the edge.

Import this module lazily: it pulls in PyGithub, which ``regent plan`` never needs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager

import requests
from github.GithubException import BadAttributeException, GithubException
from github.Requester import Requester
from urllib3.exceptions import HTTPError as TransportError

from regent.adapters.github import access, comments, git, labels, pulls
from regent.adapters.github.auth import (
    DEFAULT_API_URL,
    AppCredentials,
    ClientOptions,
    Clients,
    Throttle,
    check_app_key,
)
from regent.adapters.github.call import RepoCall
from regent.adapters.github.contents import versioned_file
from regent.adapters.github.errors import (
    CONTENTS_WRITE,
    PULLS_WRITE,
    Action,
    guard_library_logs,
    translate,
)
from regent.adapters.github.meter import CallMeter
from regent.adapters.github.releases import ReleaseSpec, ensure_release
from regent.adapters.github.retry import CountedRetry, RetryHooks, RetryPolicy, WaitTooLong
from regent.adapters.github.writes import Writer
from regent.adapters.secrets import SECRETS
from regent.core.errors import UsageError
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
from regent.core.ports import GitHubSession, MeteredGitHub

log = logging.getLogger(__name__)

USER_AGENT = "release-regent"
DEFAULT_RETRY = RetryPolicy()
DEFAULT_THROTTLE = Throttle()
_PULLS_READ = "pull-requests: read"
_CONTENTS_READ = "contents: read"
_METADATA_READ = "metadata: read"
_FAILURES = (
    GithubException,
    BadAttributeException,
    requests.RequestException,
    TransportError,
    OSError,
    WaitTooLong,
)


def connect_github(
    *,
    token: str | None = None,
    app: AppCredentials | None = None,
    api_url: str = DEFAULT_API_URL,
    retry: RetryPolicy = DEFAULT_RETRY,
    throttle: Throttle = DEFAULT_THROTTLE,
    per_page: int = 100,
    user_agent: str = USER_AGENT,
    hooks: RetryHooks | None = None,
) -> GitHubConnection:
    """The connection to GitHub for a token (workflow token or PAT) or a GitHub App.

    ``api_url`` points at GitHub Enterprise Server (``https://HOST/api/v3``); ``throttle``
    keeps PyGithub's pauses between requests (``Throttle.off()`` only against a simulator);
    ``hooks`` replaces the clock, sleep and randomness (tests).
    """
    if (token is None) == (app is None):
        raise UsageError("give GitHub either a token or a GitHub App (app id and private key)")
    if token is not None and not token.strip():
        raise UsageError("the GitHub token is empty; pass the workflow's GITHUB_TOKEN or a PAT")
    if app is not None:
        check_app_key(app)
    hooks = hooks or RetryHooks(CallMeter())
    options = ClientOptions(
        api_url=api_url,
        retry=CountedRetry(policy=retry, hooks=hooks),
        throttle=throttle,
        per_page=per_page,
        user_agent=user_agent,
    )
    guard_library_logs()
    return GitHubConnection(Clients(options, hooks.meter, token=token, app=app), retry, hooks)


class GitHubConnection(GitHubSession):
    """PyGithub clients shared by every repository: binds the port, holds installations and
    tokens, counts every request and remembers the rate limit left."""

    def __init__(self, clients: Clients, policy: RetryPolicy, hooks: RetryHooks) -> None:
        self._clients = clients
        self._policy = policy
        self._hooks = hooks
        self.writer = Writer(policy, hooks)
        self._requesters: dict[int, Requester] = {}
        self._requesters_lock = threading.Lock()

    def for_repository(self, repo: RepoRef) -> GitHubAdapter:
        return GitHubAdapter(self, repo)

    def remember_installation(self, repo: RepoRef, installation_id: int) -> None:
        self._clients.remember_installation(repo, installation_id)

    def git_token(self, repo: RepoRef) -> str:
        with self.call(repo, "git_token", "get a token for git", _CONTENTS_READ):
            return self._clients.git_token(repo)

    def call_counts(self) -> CallCounts:
        return self._hooks.meter.counts()

    def rate_limit_remaining(self) -> int | None:
        """The lowest ``X-RateLimit-Remaining`` of the clients' last responses, costing no request
        (PyGithub keeps it on each client's requester); None before any response carried it."""
        with self._requesters_lock:
            requesters = list(self._requesters.values())
        seen = [requester.rate_limiting[0] for requester in requesters]
        known = [remaining for remaining in seen if remaining >= 0]
        return min(known) if known else None

    @contextmanager
    def call(
        self,
        repo: RepoRef,
        operation: str,
        doing: str,
        permission: str,
        subject: str | None = None,
        *,
        tally: CallMeter | None = None,
    ) -> Iterator[RepoCall]:
        """Count the operation's requests (also in ``tally``) and translate its failures."""
        with self._hooks.meter.operation(operation, tally=tally):
            try:
                repository = self._clients.repository(repo)
                self._watch(repository.requester)
                yield RepoCall(repo, repository, self.writer)
            except _FAILURES as error:
                log.debug("GitHub %s failed: %s", operation, SECRETS.redact(repr(error)))
                action = Action(doing, permission, subject or f"repository {repo}")
                now = self._hooks.clock()
                raise translate(error, action, now=now, policy=self._policy) from None

    def _watch(self, requester: Requester) -> None:
        """Remember a client's requester, whose last response holds the rate limit left."""
        with self._requesters_lock:
            self._requesters.setdefault(id(requester), requester)


class GitHubAdapter(MeteredGitHub):
    """GitHubPort on PyGithub, bound to ``repo``. Writes are idempotent; errors are RegentErrors;
    ``call_counts`` counts this binding's requests only."""

    def __init__(self, connection: GitHubConnection, repo: RepoRef) -> None:
        self.repo = repo
        self._connection = connection
        self._tally = CallMeter()

    def release_pulls(
        self, *, head_branch: str, base_branch: str, label: str, since: str | None
    ) -> ReleasePulls:
        after = instant(since) if since is not None else None
        doing = f"list the pull requests into {base_branch}"
        with self._call("release_pulls", doing, _PULLS_READ) as call:
            return pulls.release_pulls(
                call, head_branch=head_branch, base_branch=base_branch, label=label, since=after
            )

    def branch_head(self, branch: str) -> str | None:
        with self._call("branch_head", f"read branch {branch}", _CONTENTS_READ) as call:
            return git.branch_head(call, branch)

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
        with self._call("config_file", doing, _CONTENTS_READ, subject) as call:
            return versioned_file(call, path, ref=ref)

    def permission(self, login: str) -> str:
        doing = f"read the permission of {login}"
        with self._call("permission", doing, _METADATA_READ) as call:
            return access.role(call, login)

    def pull(self, number: int) -> PullRequest:
        doing = f"read pull request #{number}"
        with self._call("pull", doing, _PULLS_READ, self._pull(number)) as call:
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

    def merged_pulls(self, *, base_branch: str, since: str | None) -> tuple[PullRequest, ...]:
        after = instant(since) if since is not None else None
        doing = f"list the pull requests merged into {base_branch}"
        with self._call("merged_pulls", doing, _PULLS_READ) as call:
            return pulls.merged_pulls(call, base_branch=base_branch, since=after)

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
