"""Files of one commit's tree: their text, their modes, symbolic links followed or refused."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import git

from regent.core.errors import ConfigError, HistoryError
from regent.core.model import EXECUTABLE_FILE_MODE, REGULAR_FILE_MODE
from regent.core.repo_paths import (
    MAX_PATH_LENGTH,
    Links,
    decode_repository_file,
    resolve_repo_path,
    too_large,
)

_LINK_MODE = 0o120000
_FILE_MODES = frozenset({REGULAR_FILE_MODE, EXECUTABLE_FILE_MODE})


def read_tree_file(
    repo: git.Repo, sha: str, relative: str, *, limit: int, links: Links
) -> str | None:
    """The text of ``relative`` in commit ``sha``, or None when it holds no such file.

    A tree entry of mode 120000 is a symbolic link whose blob is the target's name: it is
    followed inside the tree or refused (``links``), never read as the file's content.
    """
    try:
        tree = repo.commit(sha).tree
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


def file_modes_listed(listed: str, paths: Sequence[str]) -> Mapping[str, str]:
    """The mode of each of ``paths`` that a ``git ls-tree -z`` listing shows as a file."""
    wanted = set(paths)
    modes: dict[str, str] = {}
    for record in filter(None, listed.split("\0")):
        info, _, path = record.partition("\t")
        mode = info.split(" ", 1)[0]
        if path in wanted and mode in _FILE_MODES:
            modes[path] = mode
    return modes


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
