"""Read release history from a local checkout with GitPython: one ``git log`` process per range."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import git

from regent.adapters.checkout_files import read_checkout_file
from regent.adapters.git.log import FILES_LOG_ARGUMENTS, LOG_ARGUMENTS, FilesWalk, LogWalk
from regent.adapters.network import GIT_CA_SETTING, unreachable, what_to_check
from regent.core.errors import ConfigError, HistoryError
from regent.core.model import EXECUTABLE_FILE_MODE, REGULAR_FILE_MODE
from regent.core.repo_paths import (
    FILE_SIZE_LIMIT,
    MAX_PATH_LENGTH,
    Links,
    decode_repository_file,
    resolve_repo_path,
    too_large,
)

log = logging.getLogger(__name__)

_LINK_MODE = 0o120000
_FILE_MODES = frozenset({REGULAR_FILE_MODE, EXECUTABLE_FILE_MODE})

SHALLOW_FIX = (
    "fetch the full history: with actions/checkout set `fetch-depth: 0`, "
    "otherwise run `git fetch --unshallow --tags`"
)
_GITHUB_REMOTE = re.compile(
    r"(?:https?://(?:[^@/]+@)?|git@|ssh://git@)(?P<host>[A-Za-z0-9.-]{1,253})[/:]"
    r"(?P<owner>[A-Za-z0-9][A-Za-z0-9-]{0,38})/"  # GitHub's name rules: the web address
    r"(?P<repo>(?!\.\.?(?:\.git)?/?$)[A-Za-z0-9._-]{1,100}?)(?:\.git)?/?"  # lands in links
)


class GitHistory:
    """A git checkout seen as release history.

    ``git_env``: extra environment variables for every git process this object starts (the
    ``git log`` walk, fetches, and the lazy blob fetches of a partial clone), e.g. credentials
    that must never be written to a config file.
    """

    def __init__(self, path: Path, *, git_env: Mapping[str, str] | None = None) -> None:
        try:
            self._repo = git.Repo(path, search_parent_directories=True)
        except git.NoSuchPathError:
            raise HistoryError(f"{path}: no such directory") from None
        except git.InvalidGitRepositoryError:
            raise HistoryError(
                f"{path} is not inside a git repository; run regent in a checkout or pass its path"
            ) from None
        if self._repo.bare:
            raise HistoryError(
                f"{path} is a bare repository; regent needs a checkout with a work tree"
            )
        if git_env:
            # One Git object runs every command of this Repo, its object database
            # (``cat-file --batch``) included, so this reaches every git process it starts.
            self._repo.git.update_environment(**git_env)
        self.root = Path(self._repo.working_tree_dir or path)
        self._full_history = False
        self._tags: dict[str, list[tuple[str, str]]] = {}
        """``tag_commits`` per glob, read once until the next fetch (a run plans several times)."""

    def head_sha(self) -> str | None:
        """The commit HEAD points at, or None in a repository without commits."""
        try:
            return self._run("rev-parse", "--verify", "--quiet", "HEAD^{commit}") or None
        except HistoryError:
            return None

    def ensure_full_history(self) -> None:
        """Deepen a shallow clone from its remote, or explain how to (checked once: a clone does
        not become shallow again)."""
        if self._full_history:
            return
        if self._run("rev-parse", "--is-shallow-repository") != "true":
            self._full_history = True
            return
        remote = self._default_remote()
        if remote is None:
            raise HistoryError(
                f"this clone is shallow and has no remote to deepen it from; {SHALLOW_FIX}"
            )
        log.warning(
            "shallow clone: fetching the full history from %s (use fetch-depth: 0 to skip this)",
            remote,
        )
        try:
            self._repo.git.fetch("--unshallow", "--tags", "--quiet", remote)
        except git.GitCommandError as error:
            doing = f"this clone is shallow and deepening it from {remote} failed"
            raise self._fetch_error(error, doing, remote=remote, advice=SHALLOW_FIX) from None
        self._full_history = True
        self._tags.clear()

    def shallow_commits(self) -> frozenset[str]:
        """The commits whose parents this clone does not hold (none unless it is shallow)."""
        path = self.root / self._run("rev-parse", "--git-path", "shallow")
        try:
            return frozenset(path.read_text(encoding="ascii").split())
        except FileNotFoundError:
            return frozenset()
        except (OSError, UnicodeDecodeError) as error:
            raise HistoryError(
                f"cannot read the shallow clone's boundary {path}: {error}"
            ) from None

    def resolve_commit(self, revision: str) -> str | None:
        """The commit ``revision`` (a sha, tag, branch or ``main~100``) names, or None."""
        try:
            found = self._run(
                "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
            )
        except HistoryError:
            return None
        return found or None

    def tags_merged_into(self, sha: str, *, glob: str) -> list[str]:
        """Names of tags matching ``glob`` that point at ``sha`` or its ancestors."""
        output = self._run("tag", "--list", "--merged", sha, glob)
        return output.splitlines()

    def tag_commits(self, *, glob: str) -> list[tuple[str, str]]:
        """``(tag, commit sha)`` of every tag matching ``glob``; annotated tags are peeled."""
        if glob not in self._tags:
            self._tags[glob] = self._read_tag_commits(glob)
        return list(self._tags[glob])

    def _read_tag_commits(self, glob: str) -> list[tuple[str, str]]:
        output = self._run(
            "for-each-ref",
            "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)",
            f"refs/tags/{glob}",
        )
        pairs = []
        for line in output.splitlines():
            name, target, peeled = line.split("\x00")
            pairs.append((name, peeled or target))
        return pairs

    def walk(self, *, until: str, since: str | None) -> LogWalk:
        """Stream ``since..until`` (all history when ``since`` is None) with one ``git log``."""
        revision = f"{since}..{until}" if since else until
        process = self._repo.git.log(*LOG_ARGUMENTS, revision, as_process=True)

        def finish() -> None:
            try:
                process.wait()
            except git.GitCommandError as error:
                raise HistoryError(f"git log failed: {_stderr(error)}") from None

        return LogWalk(process.proc.stdout, finish=finish)

    def walk_files(self, *, until: str, exclude: Sequence[str] = ()) -> FilesWalk:
        """Stream the commits of ``until`` not reachable from any of ``exclude``, each with the
        files it changes, with one ``git log --name-only``."""
        revisions = [until, *(f"^{sha}" for sha in exclude)]
        process = self._repo.git.log(
            *FILES_LOG_ARGUMENTS, "--end-of-options", *revisions, "--", as_process=True
        )

        def finish() -> None:
            try:
                process.wait()
            except git.GitCommandError as error:
                raise HistoryError(f"git log failed: {_stderr(error)}") from None

        return FilesWalk(process.proc.stdout, finish=finish)

    def merge_bases(self, shas: Sequence[str]) -> tuple[str, ...]:
        """The best common ancestors of all of ``shas`` (none when they share no history)."""
        if len(set(shas)) == 1:
            return (shas[0],)
        try:
            found = self._run("merge-base", "--all", "--octopus", *shas)
        except HistoryError:
            return ()
        return tuple(found.split())

    def is_ancestor(self, sha: str, of: str) -> bool:
        try:
            self._repo.git.merge_base("--is-ancestor", sha, of)
        except git.GitCommandError as error:
            if error.status == 1:
                return False
            raise HistoryError(f"git merge-base failed: {_stderr(error)}") from None
        return True

    def commit_time(self, sha: str) -> str | None:
        """When ``sha`` was committed (strict ISO 8601), or None when there is no such commit."""
        try:
            return self._run("log", "-1", "--format=%cI", f"{sha}^{{commit}}", "--") or None
        except HistoryError:
            return None

    def current_branch(self) -> str | None:
        """The branch checked out, or None on a detached HEAD."""
        try:
            return self._run("symbolic-ref", "--quiet", "--short", "HEAD") or None
        except HistoryError:
            return None

    def shas(self, *, until: str, since: str | None) -> frozenset[str]:
        revision = f"{since}..{until}" if since else until
        return frozenset(self._run("rev-list", revision).split())

    def repository_url(self) -> str | None:
        """The web address of the ``origin`` remote when it is a GitHub-style host, else None."""
        remote = self._default_remote()
        if remote is None:
            return None
        url = self._run("remote", "get-url", remote)
        match = _GITHUB_REMOTE.fullmatch(url)
        if match is None:
            return None
        return f"https://{match['host']}/{match['owner']}/{match['repo']}"

    def refresh(self, branch: str, *, tags: bool = True) -> str:
        """Fetch ``branch`` (and the tags, unless ``tags`` is False) from ``origin``; the commit
        ``origin/<branch>`` is at. Without tags the tag list read this run stays valid."""
        remote_ref = f"refs/remotes/origin/{branch}"
        if tags:
            self._tags.clear()
        try:
            self._repo.git.fetch(
                "--quiet",
                "--force",
                *(("--tags",) if tags else ("--no-tags",)),
                "origin",
                f"+refs/heads/{branch}:{remote_ref}",
            )
        except git.GitCommandError as error:
            doing = f"cannot fetch branch {branch} and the tags from origin"
            advice = "check that the branch exists and the checkout can reach its remote"
            raise self._fetch_error(error, doing, remote="origin", advice=advice) from None
        return self._run("rev-parse", "--verify", f"{remote_ref}^{{commit}}")

    def tree_of(self, sha: str) -> str:
        """The tree of commit ``sha``."""
        return self._run("rev-parse", "--verify", f"{sha}^{{tree}}")

    def first_parent(self, sha: str) -> str | None:
        """The first parent of commit ``sha``, or None for a root commit."""
        try:
            return self._run("rev-parse", "--verify", "--quiet", f"{sha}^1^{{commit}}") or None
        except HistoryError:
            return None

    def read_file_at(
        self,
        sha: str,
        relative: str,
        *,
        limit: int = FILE_SIZE_LIMIT,
        links: Links = Links.REFUSE,
    ) -> str | None:
        """The text of ``relative`` in commit ``sha``, or None when it holds no such file.

        A tree entry of mode 120000 is a symbolic link whose blob is the target's name: it is
        followed inside the tree or refused (``links``), never read as the file's content.
        """
        try:
            tree = self._repo.commit(sha).tree
        except (ValueError, git.BadName) as error:
            raise HistoryError(f"cannot read {relative} at {sha[:12]}: {error}") from None
        paths = _TreePaths(tree)
        resolved = resolve_repo_path(relative, read_link=paths.link, links=links)
        item = paths.entry(resolved)
        if item is None:
            if paths.link(relative.strip("/")) is not None:
                raise ConfigError(
                    f"is a symbolic link to {resolved!r}, which the commit does not hold",
                    path=relative,
                )
            return None
        if item.type != "blob":
            raise ConfigError("is not a regular file; name a file in the repository", path=relative)
        if item.size > limit:
            raise too_large(relative, limit=limit)
        data: bytes = item.data_stream.read()
        return decode_repository_file(data, path=relative, limit=limit)

    def file_modes_at(self, sha: str, paths: Sequence[str]) -> Mapping[str, str]:
        """The git mode (100644 or 100755) of each of ``paths`` that is a file in ``sha``, read
        with one ``git ls-tree`` (paths taken literally, never as patterns)."""
        if not paths:
            return {}
        listed = self._run(
            "--literal-pathspecs", "ls-tree", "-z", "--full-tree", sha, "--", *paths, strip=False
        )
        wanted = set(paths)
        modes: dict[str, str] = {}
        for record in filter(None, listed.split("\0")):
            info, _, path = record.partition("\t")
            mode = info.split(" ", 1)[0]
            if path in wanted and mode in _FILE_MODES:
                modes[path] = mode
        return modes

    def read_file(
        self, relative: str, *, limit: int = FILE_SIZE_LIMIT, links: Links = Links.REFUSE
    ) -> str | None:
        """A work-tree file's text, or None when it does not exist (see ``read_checkout_file``)."""
        return read_checkout_file(self.root, relative, limit=limit, links=links)

    def _fetch_error(
        self, error: git.GitCommandError, doing: str, *, remote: str, advice: str
    ) -> HistoryError:
        """A failed fetch: what to check when the remote cannot be reached, else ``advice`` and
        a retry (a dropped connection, a busy server)."""
        said = _stderr(error)
        reason = unreachable(said)
        if reason is None:
            return HistoryError(f"{doing} ({said}); {advice}", retryable=True)
        try:
            url: str = self._repo.git.remote("get-url", remote)
        except git.GitCommandError:
            url = ""
        setting = f"the checkout's {remote} remote"
        check = what_to_check(reason, url=url, setting=setting, ca_setting=GIT_CA_SETTING)
        return HistoryError(f"{doing} ({said}): {check}")

    def _default_remote(self) -> str | None:
        names = [remote.name for remote in self._repo.remotes]
        if "origin" in names:
            return "origin"
        return names[0] if names else None

    def _run(self, *args: str, strip: bool = True) -> str:
        try:
            output: str = self._repo.git.execute(["git", *args], strip_newline_in_stdout=strip)
        except git.GitCommandError as error:
            raise HistoryError(f"git {args[0]} failed: {_stderr(error)}") from None
        return output


_Entry = git.Blob | git.Tree | git.Submodule


class _TreePaths:
    """The entries of one commit's tree by path, each folder read once (links are followed one
    component at a time, and a folder may hold many entries)."""

    def __init__(self, tree: git.Tree) -> None:
        self._entries: dict[str, _Entry | None] = {"": tree}

    def entry(self, path: str) -> _Entry | None:
        if path not in self._entries:
            parent, _, name = path.rpartition("/")
            folder = self.entry(parent)
            self._entries[path] = _child(folder, name) if isinstance(folder, git.Tree) else None
        return self._entries[path]

    def link(self, path: str) -> str | None:
        """The target of the entry of mode 120000 (a symbolic link) at ``path``, else None."""
        item = self.entry(path)
        if not isinstance(item, git.Blob) or item.mode != _LINK_MODE:
            return None
        if item.size > MAX_PATH_LENGTH:
            raise ConfigError(
                f"is a symbolic link whose target is {item.size} bytes long; no system follows "
                "one that long",
                path=path,
            )
        target: bytes = item.data_stream.read()
        return target.decode("utf-8", errors="replace")


def _child(folder: git.Tree, name: str) -> _Entry | None:
    try:
        item: _Entry = folder[name]
    except KeyError:
        return None
    return item


def _stderr(error: git.GitCommandError) -> str:
    text = str(error.stderr or error).strip()
    return text.removeprefix("stderr: ").strip("'\" \n") or f"exit status {error.status}"
