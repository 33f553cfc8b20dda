"""Blobless partial clones kept on disk for a service that runs outside an Actions runner.

Credentials reach git only through the environment of the git process that needs them
(``git_auth_env``): never a config file, never a remote URL. One ``CloneCache`` owns its root
directory; run one per process and root.
"""

from __future__ import annotations

import base64
import logging
import os
import re
import shutil
import subprocess
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from regent.adapters.git.traced import git_span_name
from regent.adapters.network import GIT_CA_SETTING, unreachable, what_to_check
from regent.adapters.secrets import SECRETS
from regent.core.errors import HistoryError
from regent.core.model import RepoRef
from regent.core.tracing import span

log = logging.getLogger(__name__)

CLONE_TIMEOUT_S = 900.0
GIT_URL_SETTING = "the git server's URL: REGENT_GIT_URL, else derived from GITHUB_API_URL"
READY_MARKER = "regent-clone-ready"
"""Written inside ``.git`` once a clone completed: a clone without it is a crash's leftover."""
_STAGING = ".staging"
_OWNER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
NO_SUBMODULES = {"fetch.recurseSubmodules": "false", "submodule.recurse": "false"}
"""A submodule's URL is a contributor's choice: git never fetches or clones one for us."""
_REFUSED = (
    "not found",
    "does not exist",
    "authentication failed",
    "could not read username",
    "403",
    "401",
)


def git_auth_env(
    token: str, *, server: str, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Environment variables making one git process send ``token`` to ``server`` only.

    ``http.<server>/.extraHeader`` is set to ``Authorization: Basic
    base64(x-access-token:TOKEN)`` through ``GIT_CONFIG_COUNT``/``GIT_CONFIG_KEY_0``/
    ``GIT_CONFIG_VALUE_0`` (git 2.31+), so it lives only in the environment of the git process
    given it (and the processes git starts, such as the lazy blob fetches of a partial clone):
    never in a config file or a URL. Git sends it only to URLs under ``server`` (the GitHub git
    server, e.g. ``https://github.com``, or one repository's URL), never follows submodules (a
    contributor chooses their URLs in ``.gitmodules``) and never prompts for credentials.
    ``extra``: more settings passed the same way (as ``git -c KEY=VALUE`` would), e.g.
    ``{"safe.directory": "/github/workspace"}``.
    """
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode("ascii")
    SECRETS.add(token)
    SECRETS.add(basic)
    header = {f"http.{server.rstrip('/')}/.extraHeader": f"Authorization: Basic {basic}"}
    return git_env({**header, **(extra or {})})


def git_env(settings: Mapping[str, str]) -> dict[str, str]:
    """Environment variables passing ``settings`` to one git process, with submodules never
    followed and no credential prompt."""
    settings = {**NO_SUBMODULES, **settings}
    env = {"GIT_CONFIG_COUNT": str(len(settings)), "GIT_TERMINAL_PROMPT": "0"}
    for index, (key, value) in enumerate(settings.items()):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    return env


class CloneCache:
    """Blobless partial clones (--filter=blob:none), one per repository, under root; least
    recently used evicted past max_repositories.

    A clone lives at ``<root>/<owner>/<name>`` (lower-cased: GitHub names ignore case).
    Checkouts of one repository are serialised (two fetches into one clone can trip over each
    other's ref locks); checkouts of different repositories proceed in parallel. The order of
    last use is kept in each clone directory's mtime, so a restart keeps it.
    """

    def __init__(self, root: Path, *, max_repositories: int = 50) -> None:
        if max_repositories < 1:
            raise ValueError("max_repositories must be at least 1")
        self._root = root
        self._max = max_repositories
        self._index_lock = threading.Lock()
        self._locks: dict[str, threading.RLock] = {}
        self._held: dict[str, int] = {}
        self._order: OrderedDict[str, None] | None = None
        root.mkdir(mode=0o700, parents=True, exist_ok=True)  # private repositories' history
        shutil.rmtree(root / _STAGING, ignore_errors=True)

    @contextmanager
    def checkout(self, repo: RepoRef, *, clone_url: str, token: str | None) -> Iterator[Path]:
        """The repository's clone (cloned the first time, fetched incrementally later), held for
        the block: never evicted while in use."""
        key = _key(repo)
        _check_url(clone_url)
        path = self._root / key
        with self._index_lock:
            lock = self._locks.setdefault(key, threading.RLock())
            self._held[key] = self._held.get(key, 0) + 1
        try:
            with lock:
                if not _usable(path, clone_url):
                    self._clone(repo, path, clone_url=clone_url, token=token)
                self._used(key, path)
                self._evict()
                yield path
        finally:
            with self._index_lock:
                self._held[key] -= 1
                if not self._held[key]:
                    del self._held[key]

    def _clone(self, repo: RepoRef, path: Path, *, clone_url: str, token: str | None) -> None:
        if path.exists() or path.is_symlink():
            log.warning("%s: removing an unusable clone at %s and cloning again", repo, path)
            _remove(path)
        staging = self._root / _STAGING / f"{path.parent.name}-{path.name}-{uuid.uuid4().hex}"
        staging.parent.mkdir(parents=True, exist_ok=True)
        env = git_auth_env(token, server=clone_url) if token else git_env({})
        command = ["clone", "--quiet", "--filter=blob:none", "--no-checkout", "--", clone_url]
        try:
            _git(
                [*command, str(staging)],
                env=env,
                doing=f"clone {repo} from {clone_url}",
                url=clone_url,
            )
            (staging / ".git" / READY_MARKER).write_text(clone_url + "\n", encoding="utf-8")
            path.parent.mkdir(parents=True, exist_ok=True)
            staging.rename(path)
        finally:
            _remove(staging)
        log.info("%s: cloned (blobless) into %s", repo, path)

    def _used(self, key: str, path: Path) -> None:
        now = time.time()
        os.utime(path, (now, now))
        with self._index_lock:
            order = self._index()
            order[key] = None
            order.move_to_end(key)

    def _evict(self) -> None:
        with self._index_lock:
            order = self._index()
            for key in list(order):
                if len(order) <= self._max:
                    break
                if key in self._held:
                    continue
                del order[key]
                self._locks.pop(key, None)
                log.info("evicting the least recently used clone %s", key)
                _remove(self._root / key)
                owner = (self._root / key).parent
                if owner.is_dir() and not any(owner.iterdir()):
                    owner.rmdir()

    def _index(self) -> OrderedDict[str, None]:
        """Clones by last use, oldest first; read from the directories' mtimes once."""
        if self._order is None:
            found: list[tuple[float, str]] = []
            if self._root.is_dir():
                for owner in self._root.iterdir():
                    if not owner.is_dir() or not _OWNER.match(owner.name):
                        continue
                    for clone in owner.iterdir():
                        if clone.is_dir() and _NAME.match(clone.name):
                            found.append((clone.stat().st_mtime, f"{owner.name}/{clone.name}"))
            self._order = OrderedDict((key, None) for _, key in sorted(found))
        return self._order


def _key(repo: RepoRef) -> str:
    """``owner/name`` checked to be GitHub names (no path tricks), lower-cased."""
    if not _OWNER.match(repo.owner) or not _NAME.match(repo.name) or repo.name in (".", ".."):
        raise HistoryError(
            f"{repo.owner}/{repo.name} is not a GitHub repository name "
            "(owner: letters, digits and hyphens; name: letters, digits, '.', '-' and '_')"
        )
    return f"{repo.owner.lower()}/{repo.name.lower()}"


def _check_url(clone_url: str) -> None:
    parts = urlsplit(clone_url)
    if parts.username or parts.password:
        raise HistoryError(
            f"the clone URL of {_redact(parts._replace(netloc=parts.hostname or '').geturl())} "
            "carries credentials; pass the plain URL and the token separately"
        )


def _usable(path: Path, clone_url: str) -> bool:
    """A completed clone whose git directory git still reads, cloned from ``clone_url`` (a clone
    from another URL may hold another repository's tags and commits: it is cloned again)."""
    if path.is_symlink() or not (path / ".git" / READY_MARKER).is_file():
        return False
    try:
        _git(["-C", str(path), "rev-parse", "--git-dir"], env={}, doing="check")
        url = _git(["-C", str(path), "config", "--get", "remote.origin.url"], env={}, doing="check")
    except HistoryError:
        return False
    return url == clone_url


def _git(args: list[str], *, env: Mapping[str, str], doing: str, url: str = "") -> str:
    """Run git; its failure as a HistoryError saying what to check (``url``: the server's)."""
    name, attributes = git_span_name(args)
    try:
        with span(name, attributes) as traced:
            result = subprocess.run(
                ["git", *args],
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                timeout=CLONE_TIMEOUT_S,
                check=False,
            )
            traced.set_attribute("process.exit.code", result.returncode)
    except subprocess.TimeoutExpired:
        raise HistoryError(
            f"cannot {_redact(doing)}: git gave no answer within {CLONE_TIMEOUT_S:.0f}s",
            retryable=True,
        ) from None
    except OSError as error:
        raise HistoryError(f"cannot {_redact(doing)}: cannot run git ({error})") from None
    if result.returncode != 0:
        said = _redact(result.stderr.strip()) or f"exit status {result.returncode}"
        if url and (reason := unreachable(said)):
            check = what_to_check(
                reason, url=url, setting=GIT_URL_SETTING, ca_setting=GIT_CA_SETTING
            )
            raise HistoryError(f"cannot {_redact(doing)} ({said}): {check}")
        refused = any(word in said.lower() for word in _REFUSED)
        raise HistoryError(
            f"cannot {_redact(doing)} ({said}); check that the clone URL is the repository's and "
            "that the token (GitHub App installation or workflow token) may read its contents",
            retryable=not refused,
        )
    return result.stdout.strip()


def _redact(text: str) -> str:
    return re.sub(r"(?<=://)[^/@\s]+@", "***@", SECRETS.redact(text))


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
