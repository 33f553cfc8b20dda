"""Read release history from a local checkout with GitPython: one ``git log`` process per range."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path

import git

from regent.adapters.checkout_files import read_checkout_file
from regent.adapters.git import authors
from regent.adapters.git.failures import fetch_error, stderr_of
from regent.adapters.git.log import FILES_LOG_ARGUMENTS, LOG_ARGUMENTS, FilesWalk, LogWalk
from regent.adapters.git.traced import TracedRepo
from regent.adapters.git.tree_files import file_modes_listed, read_tree_file
from regent.core.errors import HistoryError
from regent.core.notes.contributors import CommitAuthor
from regent.core.repo_paths import FILE_SIZE_LIMIT, Links

log = logging.getLogger(__name__)

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
            self._repo: git.Repo = TracedRepo(path, search_parent_directories=True)
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
        self._walked_authors: dict[tuple[str | None, str], list[CommitAuthor]] = {}
        """The authors each finished ``walk`` read, by ``(since, until)``, until asked for."""
        self._walked_files_authors: dict[str, CommitAuthor] = {}
        """The authors the finished ``walk_files`` read, by sha, newest first."""

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
            raise fetch_error(self._repo, error, doing, remote=remote, advice=SHALLOW_FIX) from None
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

    def tags_merged_later(self, sha: str, *, glob: str) -> Callable[[], list[str]]:
        """``tags_merged_into`` in a ``git tag`` process started now, its names read when the
        returned function is called (a process never read is stopped when it is dropped)."""
        process = self._repo.git.tag("--list", "--merged", sha, glob, as_process=True)

        def names() -> list[str]:
            output: bytes = process.proc.stdout.read()
            try:
                process.wait()
            except git.GitCommandError as error:
                raise HistoryError(f"git tag failed: {stderr_of(error)}") from None
            return output.decode("utf-8", errors="replace").splitlines()

        return names

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
                raise HistoryError(f"git log failed: {stderr_of(error)}") from None
            self._walked_authors[since, until] = walk.authors

        walk = LogWalk(process.proc.stdout, finish=finish)
        return walk

    def commit_authors(self, *, until: str, since: str | None) -> Iterator[CommitAuthor]:
        """The authors of the non-merge commits in ``since..until``, newest first: those a
        finished walk of that range read (once), else one ``git log`` pass."""
        walked = self._walked_authors.pop((since, until), None)
        if walked is not None:
            return iter(walked)
        return authors.commit_authors(self._repo, until=until, since=since)

    def earlier_authors(self, *, until: str, emails: Collection[str]) -> frozenset[str]:
        """Which of ``emails`` (lower case) authored a commit reachable from ``until``."""
        return authors.earlier_authors(self._repo, until=until, emails=emails)

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
                raise HistoryError(f"git log failed: {stderr_of(error)}") from None
            self._walked_files_authors.update((author.sha, author) for author in files.authors)

        files = FilesWalk(process.proc.stdout, finish=finish)
        return files

    def walked_authors(self) -> Mapping[str, CommitAuthor]:
        """The author of each non-merge commit the finished file walks read, by sha."""
        return self._walked_files_authors

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
            raise HistoryError(f"git merge-base failed: {stderr_of(error)}") from None
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
            raise fetch_error(self._repo, error, doing, remote="origin", advice=advice) from None
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
        """The text of ``relative`` in commit ``sha``, or None (see ``read_tree_file``)."""
        return read_tree_file(self._repo, sha, relative, limit=limit, links=links)

    def file_modes_at(self, sha: str, paths: Sequence[str]) -> Mapping[str, str]:
        """The git mode (100644 or 100755) of each of ``paths`` that is a file in ``sha``, read
        with one ``git ls-tree`` (paths taken literally, never as patterns)."""
        if not paths:
            return {}
        listed = self._run(
            "--literal-pathspecs", "ls-tree", "-z", "--full-tree", sha, "--", *paths, strip=False
        )
        return file_modes_listed(listed, paths)

    def read_file(
        self, relative: str, *, limit: int = FILE_SIZE_LIMIT, links: Links = Links.REFUSE
    ) -> str | None:
        """A work-tree file's text, or None when it does not exist (see ``read_checkout_file``)."""
        return read_checkout_file(self.root, relative, limit=limit, links=links)

    def _default_remote(self) -> str | None:
        names = [remote.name for remote in self._repo.remotes]
        if "origin" in names:
            return "origin"
        return names[0] if names else None

    def _run(self, *args: str, strip: bool = True) -> str:
        try:
            output: str = self._repo.git.execute(["git", *args], strip_newline_in_stdout=strip)
        except git.GitCommandError as error:
            raise HistoryError(f"git {args[0]} failed: {stderr_of(error)}") from None
        return output
