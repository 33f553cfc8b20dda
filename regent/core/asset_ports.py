"""What attaching release assets needs from the outside world; adapters implement these."""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO, Protocol

from regent.core.assets import AssetFile, ReleaseAsset
from regent.core.model import Release


class AssetFiles(Protocol):
    """The files of the checkout that earlier steps built, read only inside it."""

    def matching(self, patterns: Sequence[str]) -> tuple[AssetFile, ...]:
        """Every regular file matching one of ``patterns`` (globs relative to the checkout
        root, ``**`` for any depth), hashed, in pattern order; an AssetsMissingError naming a
        pattern that matches none, a ConfigError for a path leaving the checkout."""

    def open(self, file: AssetFile) -> BinaryIO:
        """The bytes of ``file`` (read again for each upload attempt)."""


class ReleaseAssetsPort(Protocol):
    """The assets of a repository's GitHub Releases (a bound ``GitHubAdapter`` is one)."""

    def release_assets(self, release: Release) -> tuple[ReleaseAsset, ...]:
        """The assets attached to ``release`` (one paged listing)."""

    def upload_asset(
        self, release: Release, file: AssetFile, *, content: AssetFiles
    ) -> ReleaseAsset:
        """Attach ``file`` to ``release`` (its bytes from ``content`` unless it holds them); an
        upload whose answer was lost is looked for before it is sent again."""

    def delete_asset(self, asset: ReleaseAsset) -> bool:
        """Delete ``asset``; False when it was already gone."""

    def asset_sha256(self, asset: ReleaseAsset) -> str:
        """The SHA-256 (hex) of ``asset``'s bytes, downloaded (for GitHub without digests)."""

    def publish_draft(self, release: Release, *, latest: bool) -> Release:
        """Publish the draft ``release`` (``latest``: marked the repository's latest)."""
