"""Where a path named by a configuration or a repository may lead: inside the repository only.

A repository path is followed one component at a time, as the operating system would, with
the symbolic links read through a ``LinkReader`` (the work tree's, or a commit's tree entries of
mode 120000), and a file's bytes are checked against its size limit and decoded here. Nothing
here touches a file: the adapters read links and contents.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from regent.core.errors import ConfigError
from regent.core.text import CONTROL_CHARACTER, shown

CONFIG_SIZE_LIMIT = 1024 * 1024
"""Bytes a configuration file may hold."""
TEMPLATE_SIZE_LIMIT = 1024 * 1024
"""Bytes a template override may hold."""
FILE_SIZE_LIMIT = 16 * 1024 * 1024
"""Bytes a version file or the changelog may hold (a large package-lock.json fits)."""
MAX_LINK_HOPS = 40
"""Symbolic links followed for one path before it counts as a loop (Linux's own limit)."""
MAX_PATH_LENGTH = 4096
"""Characters of a path or of a link's target (Linux's PATH_MAX)."""
MAX_COMPONENTS = 128
"""Components visited while following one path, links included (each may be a lookup)."""
SHOWN_PATH_CHARACTERS = 100
"""A path or link target is quoted in a message up to this many characters."""

LinkReader = Callable[[str], str | None]
"""The target text of the symbolic link at a repository path; None when it is not a link."""


class Links(enum.Enum):
    """What a symbolic link on the way to a file means."""

    FOLLOW_INSIDE = "follow-inside"
    """Files only read (configuration, templates): followed while the target stays inside."""
    REFUSE = "refuse"
    """Files written back (version files, changelog): a link would be replaced by a copy."""


def resolve_repo_path(path: str, *, read_link: LinkReader, links: Links) -> str:
    """The repository path ``path`` leads to; a ConfigError naming ``path`` if it leaves."""
    if not path or path.startswith("/"):
        raise _escape(path, "is not a path relative to the repository root")
    if len(path) > MAX_PATH_LENGTH:
        raise _escape(path[:100], f"is longer than {MAX_PATH_LENGTH} characters")
    if (problem := control_character_problem(path)) is not None:
        raise ConfigError(problem, path=_shown(path))
    pending = _parts(path)
    done: list[str] = []
    hops = visited = 0
    while pending:
        part = pending.pop()
        visited += 1
        if visited > MAX_COMPONENTS:
            raise _escape(path, f"goes through more than {MAX_COMPONENTS} folders and links")
        if part == "..":
            if not done:
                raise _escape(path, "leads outside the repository ('..')")
            done.pop()
            continue
        done.append(part)
        if _is_git_folder(part):
            raise _into_git_folder(path, "/".join(done))
        target = read_link("/".join(done))
        if target is None:
            continue
        hops += 1
        _check_link(path, f"{'/'.join(done)} -> {_shown(target)}", target, links, hops=hops)
        done.pop()
        pending.extend(_parts(target))
    return "/".join(done)


def _check_link(path: str, link: str, target: str, links: Links, *, hops: int) -> None:
    """Refuse the link ``link`` met on the way along ``path`` unless it may be followed."""
    if (problem := control_character_problem(target)) is not None:
        raise ConfigError(
            f"goes through the symbolic link {link}, whose target {problem}", path=path
        )
    if links is Links.REFUSE:
        raise ConfigError(
            f"goes through the symbolic link {link}; Release Regent rewrites this file, so "
            "commit the file itself instead of a link",
            path=path,
        )
    leaves = not target or target.startswith("/") or len(target) > MAX_PATH_LENGTH
    if leaves or hops > MAX_LINK_HOPS:
        raise _escape(path, f"leads outside the repository through the symbolic link {link}")


def control_character_problem(path: str) -> str | None:
    """What is wrong with ``path`` when it holds a control character (NUL, ESC, DEL, ...),
    which no file name in a repository should; None when it holds none."""
    found = CONTROL_CHARACTER.search(path)
    if found is None:
        return None
    return (
        f"holds the control character U+{ord(found.group()):04X}; write the path of a file "
        "in the repository in plain characters"
    )


def _is_git_folder(part: str) -> bool:
    """Whether ``part`` names git's own folder (or its file, in a worktree or submodule), as
    git itself compares: case-insensitively, and without the trailing dots and spaces or the
    short name (``git~1``) that Windows file systems accept for it."""
    return part.rstrip(". ").lower() in _GIT_FOLDER_NAMES


_GIT_FOLDER_NAMES = frozenset({".git", "git~1"})


def _into_git_folder(path: str, reached: str) -> ConfigError:
    return ConfigError(
        f"leads into {_shown(reached)}, the repository's '.git' folder, which holds git's own "
        "files and the checkout's credentials; name a file committed to the repository",
        path=path,
    )


def _parts(path: str) -> list[str]:
    """The components of ``path``, last first (a stack), without empty ones and ``.``."""
    return [part for part in reversed(path.split("/")) if part not in ("", ".")]


def _escape(path: str, problem: str) -> ConfigError:
    return ConfigError(
        f"{problem}; Release Regent reads and writes only files inside the repository",
        path=path,
    )


def _shown(text: str) -> str:
    """A path or link target as a message shows it: quoted, control characters escaped, short."""
    return shown(text, limit=SHOWN_PATH_CHARACTERS)


def decode_repository_file(data: bytes, *, path: str, limit: int) -> str:
    """``data`` as text; a ConfigError naming ``path`` when over ``limit`` bytes or not UTF-8."""
    if len(data) > limit:
        raise too_large(path, limit=limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"is not UTF-8 text (byte {error.start}); save the file as UTF-8", path=path
        ) from None


def too_large(path: str, *, limit: int) -> ConfigError:
    """The error for a repository file over its size limit."""
    return ConfigError(
        f"is larger than {_size(limit)}, the limit for this file; Release Regent does not "
        "read it (keep it smaller, or leave it out of the configuration)",
        path=path,
    )


def _size(limit: int) -> str:
    for unit, name in ((1 << 20, "MiB"), (1 << 10, "KiB")):
        if limit % unit == 0:
            return f"{limit // unit} {name}"
    return f"{limit} bytes"
