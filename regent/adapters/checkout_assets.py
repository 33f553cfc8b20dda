"""The release assets earlier workflow steps built in the checkout: matched by glob patterns,
read only inside the checkout (``core.repo_paths``), hashed once."""

from __future__ import annotations

import glob
import hashlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from regent.adapters.checkout_files import disk_links
from regent.core.assets import AssetFile, AssetsMissingError, pattern_problem
from regent.core.errors import ConfigError
from regent.core.repo_paths import Links, resolve_repo_path

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
_CHUNK = 1 << 20


class CheckoutAssets:
    """``AssetFiles`` over the checkout at ``root``."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._resolved: dict[str, str] = {}

    def matching(self, patterns: Sequence[str]) -> tuple[AssetFile, ...]:
        found: dict[str, AssetFile] = {}
        for pattern in patterns:
            problem = pattern_problem(pattern)
            if problem is not None:
                raise ConfigError(f"release.assets: {problem}")
            paths = sorted(glob.glob(pattern, root_dir=self._root, recursive=True))
            files = [path for path in paths if not (self._root / path).is_dir()]
            if not files:
                raise AssetsMissingError(
                    f"release.assets: {pattern!r} matches no file in the checkout; build the "
                    "assets in an earlier step of the job (before Release Regent), or fix the "
                    "pattern (relative to the repository root)"
                )
            for path in files:
                relative = Path(path).as_posix()
                if relative not in found:
                    found[relative] = self._hashed(relative)
        return tuple(found.values())

    def open(self, file: AssetFile) -> BinaryIO:
        resolved = self._resolved.get(file.path) or self._resolve(file.path)
        descriptor = os.open(self._root / resolved, _OPEN_FLAGS)
        return os.fdopen(descriptor, "rb")

    def _resolve(self, relative: str) -> str:
        resolved = resolve_repo_path(
            relative, read_link=disk_links(self._root), links=Links.FOLLOW_INSIDE
        )
        self._resolved[relative] = resolved
        return resolved

    def _hashed(self, relative: str) -> AssetFile:
        resolved = self._resolve(relative)
        try:
            descriptor = os.open(self._root / resolved, _OPEN_FLAGS)
        except OSError as error:
            raise ConfigError(f"cannot read the asset: {error.strerror}", path=relative) from None
        digest, size = hashlib.sha256(), 0
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise ConfigError("is not a regular file; an asset must be a file", path=relative)
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
        return AssetFile(PurePosixPath(relative).name, relative, size, digest.hexdigest())
