"""Files of a checkout on disk, read only inside it (``core.repo_paths``) and up to a size limit."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from regent.core.errors import ConfigError
from regent.core.repo_paths import LinkReader, Links, decode_repository_file, resolve_repo_path

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def read_checkout_file(root: Path, relative: str, *, limit: int, links: Links) -> str | None:
    """The UTF-8 text of the repository path ``relative`` under ``root``; None when absent.

    A path leaving the checkout (``..``, an absolute path, a symbolic link out of it or a
    dangling one), a file that is not a regular file, or one over ``limit`` bytes is a
    ConfigError naming ``relative``; nothing outside the checkout is ever opened.
    """
    resolved = resolve_repo_path(relative, read_link=disk_links(root), links=links)
    try:
        descriptor = os.open(root / resolved, _OPEN_FLAGS)
    except (FileNotFoundError, NotADirectoryError):
        if os.path.lexists(root / relative):
            raise ConfigError(
                f"is a symbolic link to {resolved!r}, which does not exist", path=relative
            ) from None
        return None
    except OSError as error:
        raise ConfigError(f"cannot read the file: {error.strerror}", path=relative) from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ConfigError("is not a regular file; name a file in the repository", path=relative)
        data = _read_up_to(descriptor, limit + 1)
    finally:
        os.close(descriptor)
    return decode_repository_file(data, path=relative, limit=limit)


def _read_up_to(descriptor: int, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left > 0 and (chunk := os.read(descriptor, min(left, 1 << 20))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def disk_links(root: Path) -> LinkReader:
    """Reads the symbolic links of the checkout at ``root`` (None: not a link)."""

    def read_link(relative: str) -> str | None:
        try:
            return os.readlink(root / relative)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            if error.errno == errno.EINVAL:
                return None
            raise ConfigError(f"cannot read the path: {error.strerror}", path=relative) from None

    return read_link
