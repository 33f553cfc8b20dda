"""Attach the files earlier workflow steps built to the GitHub Release a run publishes.

Idempotent: an asset already attached with the same size and digest is kept, an unfinished
upload is deleted and sent again, a different asset is replaced only with ``overwrite`` (else
the run stops naming it). With ``draft_until_assets`` the release is created as a draft and
published only once every asset is attached, so a run that stops in between leaves a draft the
next run finishes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from regent.core.asset_ports import AssetFiles, ReleaseAssetsPort
from regent.core.assets import (
    UPLOADED,
    AssetConflictError,
    AssetFile,
    AssetMove,
    AssetPolicy,
    AssetStep,
    ReleaseAsset,
    asset_name_problem,
    checksums_file,
    decide_assets,
    named_once,
    refusal_message,
)
from regent.core.errors import ConfigError
from regent.core.model import Release

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PreparedAssets:
    """The files one release will carry (SHA256SUMS last), matched before anything is written."""

    policy: AssetPolicy
    files: tuple[AssetFile, ...]


@dataclass(frozen=True, slots=True)
class AttachedAssets:
    """The release after its assets were attached (published when it waited as a draft), and
    what was done with each file."""

    release: Release
    moves: tuple[AssetMove, ...]


@dataclass(frozen=True, slots=True)
class AssetPublisher:
    """Attaches the checkout's files to releases; ``patterns`` (the Action's ``assets`` input)
    add to every release's ``release.assets``."""

    github: ReleaseAssetsPort
    files: AssetFiles
    patterns: tuple[str, ...] = ()

    def prepare(self, policy: AssetPolicy) -> PreparedAssets | None:
        """The files ``policy`` (with this run's patterns) names, hashed; None when none are
        wanted. A pattern matching nothing, a name GitHub would change and two files of one
        name are ConfigErrors, raised before the release is tagged."""
        policy = policy.adding(self.patterns)
        if not policy.wanted:
            return None
        files = self.files.matching(policy.patterns)
        for file in files:
            problem = asset_name_problem(file.name)
            if problem is not None:
                raise ConfigError(f"release.assets: {problem}", path=file.path)
        named_once(files, checksums=policy.checksums)
        if policy.checksums:
            files = (*files, checksums_file(files))
        return PreparedAssets(policy, files)

    def attach(
        self, release: Release, prepared: PreparedAssets, *, latest: bool, publish: bool
    ) -> AttachedAssets:
        """Attach ``prepared`` to ``release``; then, with ``publish`` and a draft release,
        publish it. Assets that differ from their files stop the run (AssetConflictError)
        before anything is uploaded, unless ``overwrite`` is set."""
        existing = self._verified(self.github.release_assets(release), prepared.files)
        moves = decide_assets(prepared.files, existing, overwrite=prepared.policy.overwrite)
        refused = [move for move in moves if move.step is AssetStep.REFUSE]
        if refused:
            raise AssetConflictError(refusal_message(release.tag, refused))
        for move in moves:
            self._apply(release, move)
            log.info("asset %s: %s (%s)", move.file.name, move.step.value, move.reason)
        if publish and release.draft:
            release = self.github.publish_draft(release, latest=latest)
            log.info("published %s now that its %d assets are attached", release.tag, len(moves))
        return AttachedAssets(release, moves)

    def _apply(self, release: Release, move: AssetMove) -> None:
        if move.step is AssetStep.KEEP:
            return
        if move.existing is not None:
            self.github.delete_asset(move.existing)
        self.github.upload_asset(release, move.file, content=self.files)

    def _verified(
        self, existing: tuple[ReleaseAsset, ...], files: tuple[AssetFile, ...]
    ) -> tuple[ReleaseAsset, ...]:
        """``existing`` with the digest of each asset GitHub gave none for and whose size
        matches its file filled in by downloading it (older GitHub Enterprise Server)."""
        sizes = {file.name: file.size for file in files}
        return tuple(
            replace(asset, digest=f"sha256:{self.github.asset_sha256(asset)}")
            if asset.sha256 is None
            and asset.state == UPLOADED
            and sizes.get(asset.name) == asset.size
            else asset
            for asset in existing
        )
