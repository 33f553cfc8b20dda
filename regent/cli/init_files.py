"""What ``regent init`` and ``regent changelog --write`` write: regular files inside the
repository, never through a symbolic link.

Every folder on the way is opened relative to the one before with ``O_NOFOLLOW``, and each file
is written to a new temporary name (``O_CREAT | O_EXCL | O_NOFOLLOW``) and renamed over its
place, which replaces a name and never follows one: a link in the repository (committed by
anyone, dangling or not) cannot make ``init`` write outside it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from regent.core.errors import UsageError

_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW


def write_files(root: Path, files: Mapping[PurePosixPath, str], *, force: bool) -> list[Path]:
    """Write ``files`` (paths relative to ``root``); nothing is written if any one is refused.

    A symbolic link or a non-folder on the way is a ``UsageError`` naming it; an existing file
    is one unless ``force``.
    """
    existing = [root / relative for relative in files if _existing(root, relative)]
    if existing and not force:
        raise UsageError(
            f"{', '.join(map(str, existing))} already exist; pass --force to overwrite"
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
        for relative, text in files.items():
            _write(root, relative, text)
    except OSError as error:
        raise UsageError(f"cannot write under {root}: {error.strerror or error}") from None
    return [root / relative for relative in files]


def _existing(root: Path, relative: PurePosixPath) -> bool:
    """Whether the file is there (a regular file); a link or odd thing on the way is refused."""
    path = root
    for index, name in enumerate(relative.parts):
        path = path / name
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return False
        last = index == len(relative.parts) - 1
        if stat.S_ISLNK(mode):
            raise UsageError(
                f"{path} is a symbolic link; regent writes only inside the repository and "
                f"never through a link: remove the link, or write {relative} yourself"
            )
        if not (stat.S_ISREG(mode) if last else stat.S_ISDIR(mode)):
            kind = "a regular file" if last else "a folder"
            raise UsageError(f"{path} is not {kind}; move it away, or write {relative} yourself")
    return True


def _write(root: Path, relative: PurePosixPath, text: str) -> None:
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in relative.parts[:-1]:
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, dir_fd=folder)
            inner = os.open(name, _FOLDER_FLAGS, dir_fd=folder)
            os.close(folder)
            folder = inner
        temporary = f".{relative.name}.{secrets.token_hex(8)}.tmp"
        with os.fdopen(os.open(temporary, _NEW_FILE_FLAGS, 0o666, dir_fd=folder), "w") as stream:
            stream.write(text)
        os.replace(temporary, relative.name, src_dir_fd=folder, dst_dir_fd=folder)
    finally:
        os.close(folder)
