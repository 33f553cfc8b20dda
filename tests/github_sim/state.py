"""The simulator's state: repositories backed by bare git repositories, tokens, logs and events.

One re-entrant lock (``SimState.lock``) guards everything; the server holds it while a handler
runs, so handlers need no locking of their own.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.github_sim.faults import Fault
from tests.github_sim.records import (
    CommentRecord,
    IssueRecord,
    LabelRecord,
    PullRecord,
    ReleaseRecord,
    now_iso,
)
from tests.github_sim.routing import SimError

DEFAULT_LOGIN = "sim-user"
PRIMARY_LIMIT = 5000
RATE_WINDOW_S = 3600

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
}


class GitError(Exception):
    """A git command in a simulated repository failed."""


@dataclass(frozen=True)
class TokenInfo:
    """What a registered token may do; ``permissions`` None means everything.

    With a permissions mapping, a permission not named is ``none`` (``metadata`` is always read).
    ``expires_at`` is epoch seconds.
    """

    permissions: dict[str, str] | None = None
    expires_at: float | None = None
    installation_id: int | None = None
    revoked: bool = False
    login: str = DEFAULT_LOGIN


@dataclass
class RateLimit:
    """The primary (core) rate limit shared by every token."""

    limit: int = PRIMARY_LIMIT
    used: int = 0
    reset: int = field(default_factory=lambda: int(time.time()) + RATE_WINDOW_S)

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def roll_over(self) -> None:
        """Start a new window when the reset time has passed."""
        now = int(time.time())
        if now >= self.reset:
            self.used = 0
            self.reset = now + RATE_WINDOW_S


@dataclass(frozen=True)
class RefChange:
    """A ref created (``before`` None), moved, or deleted (``after`` None) through the API."""

    repo: SimRepo
    ref: str
    before: str | None
    after: str | None
    base_url: str


RefListener = Callable[["SimState", RefChange], None]
REF_LISTENERS: list[RefListener] = []


def on_ref_change(listener: RefListener) -> RefListener:
    """Register ``listener`` (e.g. to emit ``push`` events) for every SimState; a decorator."""
    if listener not in REF_LISTENERS:
        REF_LISTENERS.append(listener)
    return listener


@dataclass(frozen=True)
class LoggedRequest:
    """One API request as recorded for ``GET /_sim/requests`` (status None: dropped)."""

    method: str
    path: str
    query: str
    status: int | None
    operation_id: str | None


@dataclass
class SimRepo:
    """A repository: a bare git repository plus the stores GitHub keeps beside it."""

    owner: str
    name: str
    id: int
    git_dir: Path
    default_branch: str
    created_at: str = field(default_factory=now_iso)
    pulls: dict[int, PullRecord] = field(default_factory=dict)
    issues: dict[int, IssueRecord] = field(default_factory=dict)
    comments: dict[int, CommentRecord] = field(default_factory=dict)
    labels: dict[str, LabelRecord] = field(default_factory=dict)
    releases: dict[int, ReleaseRecord] = field(default_factory=dict)
    collaborators: dict[str, str] = field(default_factory=dict)
    members: set[str] = field(default_factory=set)
    next_number: int = 1

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def take_number(self) -> int:
        """The next issue/pull request number (one sequence for both, as on GitHub)."""
        number = self.next_number
        self.next_number += 1
        return number

    def git(
        self, *args: str, stdin: bytes | None = None, env: Mapping[str, str] | None = None
    ) -> str:
        """Run git in the bare repository; return stdout without the trailing newline."""
        return self.git_bytes(*args, stdin=stdin, env=env).decode("utf-8").rstrip("\n")

    def git_bytes(
        self, *args: str, stdin: bytes | None = None, env: Mapping[str, str] | None = None
    ) -> bytes:
        """Run git in the bare repository; return raw stdout; raise GitError on failure."""
        result = subprocess.run(
            ["git", f"--git-dir={self.git_dir}", *args],
            input=stdin,
            env={**os.environ, **GIT_ENV, **(env or {})},
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            stderr = result.stderr.decode("utf-8", "replace").strip()
            raise GitError(f"git {' '.join(args)}: {stderr}")
        return result.stdout

    def object_type(self, sha: str) -> str | None:
        """``commit``, ``tree``, ``blob`` or ``tag`` for an existing object, else None."""
        if not sha or sha.startswith("-"):
            return None
        try:
            return self.git("cat-file", "-t", sha)
        except GitError:
            return None

    def commit_sha_for(self, ref: str) -> str | None:
        """The commit a branch name, tag name, full ref or sha points at (None if none)."""
        if not ref or ref.startswith("-"):
            return None
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        except GitError:
            return None

    def ref_sha(self, full_ref: str) -> str | None:
        """The object a full ref (``refs/heads/main``) points at, or None."""
        try:
            return self.git("rev-parse", "--verify", "--quiet", full_ref) if full_ref else None
        except GitError:
            return None

    def refs(self, prefix: str = "refs/") -> dict[str, str]:
        """Full ref name -> object sha for refs under ``prefix``."""
        lines = self.git("for-each-ref", "--format=%(refname) %(objectname)", prefix)
        pairs = (line.partition(" ") for line in lines.splitlines() if line)
        return {name: sha for name, _, sha in pairs}


class SimState:
    """Everything the simulator knows; shared by the server threads."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.lock = threading.RLock()
        self.repos: dict[str, SimRepo] = {}
        self.tokens: dict[str, TokenInfo] = {}
        self.faults: list[Fault] = []
        self.requests: list[LoggedRequest] = []
        self.events: list[dict[str, Any]] = []
        self.violations: list[str] = []
        self.rate = RateLimit()
        self.installation_rates: dict[int, RateLimit] = {}
        """Installations given a primary limit of their own (else they share ``rate``)."""
        self.apps: dict[int, Any] = {}
        self.webhook_secret: str | None = None
        self._ids = itertools.count(1000)

    def rate_of(self, token: str | None) -> RateLimit:
        """The primary limit ``token`` counts against: its installation's own, else ``rate``."""
        info = self.tokens.get(token) if token is not None else None
        own = self.installation_rates.get(info.installation_id) if info else None
        return own if own is not None else self.rate

    def next_id(self) -> int:
        """A fresh id for any object (repositories, pulls, comments, labels, releases...)."""
        with self.lock:
            return next(self._ids)

    def add_repo(
        self, full_name: str, *, source: Path | None = None, default_branch: str = "main"
    ) -> SimRepo:
        """Create ``owner/name`` as a bare clone of ``source`` (or empty), replacing any old one."""
        owner, _, name = full_name.partition("/")
        if not owner or not name or "/" in name:
            raise SimError(422, f"Invalid repository name: {full_name}")
        with self.lock:
            git_dir = self.state_dir / "repos" / owner / f"{name}.git"
            shutil.rmtree(git_dir, ignore_errors=True)
            git_dir.parent.mkdir(parents=True, exist_ok=True)
            _create_bare(git_dir, source)
            repo = SimRepo(owner, name, self.next_id(), git_dir, default_branch)
            repo.git("symbolic-ref", "HEAD", f"refs/heads/{default_branch}")
            self.repos[full_name.lower()] = repo
            return repo

    def repo(self, owner: str, name: str) -> SimRepo:
        """The repository ``owner/name`` (case-insensitive), or a 404 SimError."""
        found = self.repos.get(f"{owner}/{name}".lower())
        if found is None:
            raise SimError(404, "Not Found")
        return found

    def emit(
        self, name: str, payload: dict[str, Any], headers: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        """Record a webhook event (payload validated against the webhook schema) and return it."""
        from tests.github_sim.validation import webhook_violation

        problem = webhook_violation(name, payload)
        event = {"name": name, "headers": dict(headers or {}), "payload": payload}
        with self.lock:
            if problem:
                self.violations.append(problem)
            self.events.append(event)
        return event

    def ref_changed(self, change: RefChange) -> None:
        """Tell every registered listener about a ref the API changed."""
        for listener in REF_LISTENERS:
            listener(self, change)

    def record_violation(self, message: str) -> None:
        with self.lock:
            self.violations.append(message)


def _create_bare(git_dir: Path, source: Path | None) -> None:
    command = ["git", "init", "--quiet", "--bare", str(git_dir)]
    if source is not None:
        command = ["git", "clone", "--quiet", "--bare", "--no-local", str(source), str(git_dir)]
    result = subprocess.run(
        command, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SimError(422, f"Cannot create repository: {result.stderr.strip()}")
