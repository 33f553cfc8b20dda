"""A repository on the GitHub simulator, a maintainer landing pull requests, and the service.

The maintainer works as on GitHub: a feature branch in a local clone, a plain ``git push`` to
the bare repository, a pull request opened through the REST API, and a merge through the
simulator's control API with a chosen method (which returns the webhook events). The release
service runs from its own clone (``origin`` is the bare repository's ``file://`` URL), brought up
to date with the base branch before each run, as a CI checkout would be; its policy is read
from that checkout's ``.release-regent.yml``, as the doors read it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regent.adapters.github.adapter import connect_github
from regent.adapters.github.auth import Throttle
from regent.adapters.github.repository import GitHubAdapter
from regent.adapters.github.retry import RetryHooks, RetryPolicy
from regent.config import find_config, load_config
from regent.core.model import RepoRef
from regent.core.ports import MeteredGitHub
from regent.runtimes.wiring import checkout_release_service
from regent.services.release import ReconcileOutcome, ReleaseService
from tests.e2e.lifecycle_state import Snapshot, read_snapshot
from tests.github_sim.client import DEFAULT_TOKEN, SimClient
from tests.github_sim.fixtures import assert_no_violations
from tests.github_sim.server import SimServer
from tests.gitrepo import GitRepo, git

REPO = RepoRef("acme", "widget")
BASE = "main"
RELEASE_BRANCH = f"release-regent/{BASE}"
TODAY = "2026-03-14"
MAINTAINER = "octo"
FAST_RETRY = RetryPolicy(
    attempts=4, backoff_base=0.01, backoff_max=0.05, max_wait=5.0, secondary_wait=0.2, timeout=5
)
"""Production retries with the waits scaled down for tests."""


@dataclass(frozen=True)
class Commit:
    """One commit of a feature branch: its message and the files it writes."""

    message: str
    files: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Landed:
    """A merged pull request: its number, the base tip after the merge, and the webhook events.

    ``own_commit`` is the pull request's last commit as the base branch has it: the merged
    branch's head for a merge commit, the tip for squash and rebase.
    """

    number: int
    tip: str
    own_commit: str
    events: tuple[dict[str, Any], ...]

    def pull_request_event(self) -> dict[str, Any]:
        return next(event for event in self.events if event["name"] == "pull_request")


def base_of(event: Mapping[str, Any]) -> str:
    """The base branch a ``pull_request`` webhook event asks to look at."""
    assert event["name"] == "pull_request", f"not a pull_request event: {event['name']}"
    return str(event["payload"]["pull_request"]["base"]["ref"])


class Lifecycle:
    """``acme/widget`` on a running simulator, its maintainer, and checkouts for the service."""

    def __init__(self, sim: SimServer, work: Path, source: Path) -> None:
        self.sim = sim
        self.client = SimClient(sim.url)
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self.git_dir = self.client.create_repo(REPO.full_name, source)
        self.maintainer = _clone(self.git_dir, work / "maintainer")
        self.checkout = _clone(self.git_dir, work / "service")
        self.hooks: RetryHooks | None = None
        """Clock, sleep and meter for the adapters built from now on (None: the real ones)."""
        self._branches = 0

    # -- the maintainer -------------------------------------------------------------------

    def land(self, title: str, commits: Sequence[Commit], *, method: str) -> Landed:
        """Push a branch off the base head with ``commits``, open a pull request, merge it."""
        branch = self._feature_branch()
        for commit in commits:
            self._commit(commit)
        return self._push_and_merge(branch, title, method)

    def land_revert(self, title: str, sha: str, *, method: str) -> Landed:
        """Revert ``sha`` (a commit on the base branch) in a pull request, then merge it."""
        branch = self._feature_branch()
        git(self.maintainer, "revert", "--no-edit", sha)
        return self._push_and_merge(branch, title, method)

    def merge_release_pull(self, *, method: str) -> Landed:
        """Merge the open release pull request, as a maintainer clicking the button."""
        pull = self.snapshot().open_release
        assert pull is not None, "no open release pull request to merge"
        return self._merge(pull.number, method)

    def _open_pull(self, branch: str, title: str) -> int:
        reply = self.client.post(
            f"/repos/{REPO.full_name}/pulls", {"title": title, "head": branch, "base": BASE}
        )
        assert reply.status == 201, reply.body
        return int(reply.body["number"])

    def _feature_branch(self) -> str:
        self._branches += 1
        branch = f"topic/{self._branches}"
        git(self.maintainer, "fetch", "--quiet", "origin")
        git(self.maintainer, "checkout", "--quiet", "-B", branch, f"origin/{BASE}")
        return branch

    def _commit(self, commit: Commit) -> None:
        files = commit.files or {f"changes/{self._branches}.txt": commit.message + "\n"}
        for relative, text in files.items():
            target = self.maintainer / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        git(self.maintainer, "add", "--all")
        git(self.maintainer, "commit", "--quiet", "--cleanup=verbatim", "-m", commit.message)

    def _push_and_merge(self, branch: str, title: str, method: str) -> Landed:
        git(self.maintainer, "push", "--quiet", "origin", f"{branch}:refs/heads/{branch}")
        return self._merge(self._open_pull(branch, title), method)

    def _merge(self, number: int, method: str) -> Landed:
        path = f"/_sim/repos/{REPO.full_name}/pulls/{number}/merge"
        reply = self.client.post(path, {"method": method, "login": MAINTAINER})
        assert reply.status == 200, reply.body
        tip = reply.body["sha"]
        own = git(self.git_dir, "rev-parse", f"{tip}^2") if method == "merge" else tip
        return Landed(number, tip, own, tuple(reply.body["events"]))

    # -- the service ----------------------------------------------------------------------

    def connect(self) -> GitHubAdapter:
        """The PyGithub adapter bound to the repository on the simulator, without throttling,
        with fast retries."""
        connection = connect_github(
            token=DEFAULT_TOKEN,
            api_url=self.sim.url,
            throttle=Throttle.off(),
            retry=FAST_RETRY,
            hooks=self.hooks,
        )
        return connection.for_repository(REPO)

    def service(self, checkout: Path, github: MeteredGitHub | None = None) -> ReleaseService:
        """A fresh service over ``checkout`` and ``github`` (default: a fresh adapter)."""
        github = github or self.connect()
        return checkout_release_service(
            checkout,
            github=github,
            policy=load_config(find_config(checkout)),
            base_branch=BASE,
            today=lambda: TODAY,
        )

    def reconcile(
        self,
        *,
        checkout: Path | None = None,
        github: MeteredGitHub | None = None,
    ) -> ReconcileOutcome:
        """Update ``checkout`` (default: the service's) to the base head, and reconcile once."""
        checkout = checkout or self.checkout
        refresh(checkout)
        service = self.service(checkout, github)
        return service.reconcile(BASE)

    def deliver(self, event: Mapping[str, Any]) -> ReconcileOutcome:
        """Handle a webhook event: reconcile the base branch it names."""
        assert base_of(event) == BASE, f"an event for {base_of(event)} reached the {BASE} harness"
        return self.reconcile()

    def extra_checkout(self, name: str) -> Path:
        """Another clone for the service, as a second runner would have."""
        return _clone(self.git_dir, self.work / name)

    # -- the simulator ----------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        return read_snapshot(
            self.client,
            REPO,
            git_dir=self.git_dir,
            release_branch=RELEASE_BRANCH,
            state=self.sim.state,
        )

    def base_head(self) -> str:
        return git(self.git_dir, "rev-parse", BASE)

    def requests(self) -> list[dict[str, Any]]:
        return list(self.client.get("/_sim/requests").body)

    def forget_requests(self) -> None:
        self.client.delete("/_sim/requests")

    @contextmanager
    def faults(self, faults: Sequence[Mapping[str, Any]]) -> Iterator[None]:
        """``faults`` installed, in order, for the block; none left after it."""
        try:
            for fault in faults:
                reply = self.client.post("/_sim/faults", dict(fault))
                assert reply.status == 201, reply.body
            yield
        finally:
            self.client.delete("/_sim/faults")


def refresh(checkout: Path) -> None:
    """Fetch branches and tags from ``origin`` and detach at the base branch's head."""
    git(checkout, "fetch", "--quiet", "--prune", "--tags", "--force", "origin")
    git(checkout, "checkout", "--quiet", "--detach", f"origin/{BASE}")


def build_source(path: Path, commits: Sequence[Commit], *, tag: str) -> Path:
    """A local repository whose main holds ``commits``, the last one tagged ``tag``."""
    repo = GitRepo.create(path, branch=BASE)
    for commit in commits:
        repo.commit(commit.message, files=dict(commit.files))
    repo.tag(tag)
    return path


@contextmanager
def running_simulator(work: Path) -> Iterator[SimServer]:
    """A simulator with its state under ``work``; fails on any violation it recorded."""
    with SimServer(work / "sim") as sim:
        yield sim
        assert_no_violations(sim.state)


@contextmanager
def running_lifecycle(work: Path, source: Path) -> Iterator[Lifecycle]:
    """A simulator serving a fresh ``acme/widget`` cloned from ``source``."""
    with running_simulator(work) as sim:
        yield Lifecycle(sim, work, source)


def _clone(git_dir: Path, path: Path) -> Path:
    git(path.parent, "clone", "--quiet", f"file://{git_dir}", str(path))
    return path
