"""Release assets: the files a release carries, the ones already attached, and what to do.

Pure: the files are matched and hashed by an adapter (``core.asset_ports.AssetFiles``), the
attached assets listed by another (``ReleaseAssetsPort``); ``decide_assets`` says, for each
file, keep, upload, replace or refuse.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from hashlib import sha256

from regent.core.errors import ConfigError, RegentError

CHECKSUMS_NAME = "SHA256SUMS"
"""The checksums asset: one ``<sha256>  <name>`` line per asset, as ``sha256sum`` writes."""
UPLOADED = "uploaded"
"""The state of a finished upload; GitHub leaves ``starter`` or ``open`` after a failed one."""
_ASSET_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


@dataclass(frozen=True, slots=True)
class AssetPolicy:
    """The ``release.assets`` settings: glob patterns (relative to the checkout root), a
    SHA256SUMS file, whether a different asset of the same name is replaced, and whether the
    release stays a draft until its assets are attached."""

    patterns: tuple[str, ...] = ()
    checksums: bool = False
    overwrite: bool = False
    draft_until_assets: bool = False

    @property
    def wanted(self) -> bool:
        """Whether a release carries assets at all."""
        return bool(self.patterns)

    def adding(self, patterns: Sequence[str]) -> AssetPolicy:
        """These settings with ``patterns`` added (the Action's ``assets`` input)."""
        merged = tuple(dict.fromkeys((*self.patterns, *patterns)))
        return AssetPolicy(merged, self.checksums, self.overwrite, self.draft_until_assets)


@dataclass(frozen=True, slots=True)
class AssetFile:
    """A file to attach: its asset name, repository path, size and SHA-256 (hex).

    ``content`` holds the bytes of a file Release Regent writes itself (SHA256SUMS); None: the
    bytes are read from ``path`` in the checkout.
    """

    name: str
    path: str
    size: int
    sha256: str
    content: bytes | None = None


@dataclass(frozen=True, slots=True)
class ReleaseAsset:
    """An asset attached to a GitHub Release (``digest``: ``sha256:<hex>``, or None when GitHub
    gave none)."""

    id: int
    name: str
    size: int
    digest: str | None
    state: str = UPLOADED

    @property
    def sha256(self) -> str | None:
        """The SHA-256 GitHub reports (hex), or None."""
        if self.digest is None or not self.digest.startswith("sha256:"):
            return None
        return self.digest.removeprefix("sha256:").lower()


class AssetStep(enum.Enum):
    """What is done with one file."""

    KEEP = "kept"
    UPLOAD = "uploaded"
    REPLACE = "replaced"
    REPAIR = "re-uploaded"
    REFUSE = "refused"


@dataclass(frozen=True, slots=True)
class AssetMove:
    """One file's step, the asset of the same name already there (if any), and why."""

    step: AssetStep
    file: AssetFile
    existing: ReleaseAsset | None
    reason: str


class AssetConflictError(RegentError):
    """Assets of the release differ from the files and ``overwrite`` is off."""


class AssetsMissingError(ConfigError):
    """An asset pattern matched no file in the checkout."""


def decide_assets(
    files: Sequence[AssetFile], existing: Iterable[ReleaseAsset], *, overwrite: bool
) -> tuple[AssetMove, ...]:
    """A move per file: KEEP an asset of the same name, size and digest; UPLOAD a new name;
    REPAIR an unfinished upload; REPLACE a different one with ``overwrite``, else REFUSE it.
    An asset whose digest is unknown (None) counts as the same when its size is."""
    attached = {asset.name: asset for asset in existing}
    return tuple(_move(file, attached.get(file.name), overwrite=overwrite) for file in files)


def _move(file: AssetFile, found: ReleaseAsset | None, *, overwrite: bool) -> AssetMove:
    if found is None:
        return AssetMove(AssetStep.UPLOAD, file, None, "not attached yet")
    if found.state != UPLOADED:
        return AssetMove(AssetStep.REPAIR, file, found, f"an unfinished upload ({found.state})")
    difference = _difference(file, found)
    if difference is None:
        how = "size and digest" if found.sha256 is not None else "size (no digest given)"
        return AssetMove(AssetStep.KEEP, file, found, f"same {how}")
    if overwrite:
        return AssetMove(AssetStep.REPLACE, file, found, difference)
    return AssetMove(AssetStep.REFUSE, file, found, difference)


def _difference(file: AssetFile, found: ReleaseAsset) -> str | None:
    if found.size != file.size:
        return f"{found.size} bytes attached, {file.size} bytes in {file.path or 'this run'}"
    if found.sha256 is not None and found.sha256 != file.sha256:
        return f"sha256 {found.sha256[:12]}... attached, {file.sha256[:12]}... here"
    return None


def refusal_message(tag: str, refused: Sequence[AssetMove]) -> str:
    """The error naming every asset of ``tag``'s release that differs from its file."""
    listed = "; ".join(f"{move.file.name} ({move.reason})" for move in refused)
    return (
        f"the release {tag} already has assets that differ from this run's files: {listed}; "
        "set release.overwrite: true to replace them, or delete them from the release"
    )


def checksums_file(files: Sequence[AssetFile]) -> AssetFile:
    """The SHA256SUMS asset of ``files``, sorted by name, in ``sha256sum``'s format."""
    text = "".join(f"{file.sha256}  {file.name}\n" for file in sorted(files, key=_name))
    data = text.encode("utf-8")
    return AssetFile(CHECKSUMS_NAME, "", len(data), sha256(data).hexdigest(), content=data)


def _name(file: AssetFile) -> str:
    return file.name


def asset_name_problem(name: str) -> str | None:
    """Why GitHub would not keep ``name`` as an asset name (it renames special characters and
    leading or trailing periods), or None."""
    if _ASSET_NAME.fullmatch(name) and not name.endswith("."):
        return None
    return (
        f"the file name {name!r} would be renamed by GitHub (letters, digits, '.', '_' and '-' "
        "only, not starting or ending with '.'); rename the file"
    )


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot name files of the checkout (absolute, climbing out), or None."""
    if not pattern.strip():
        return "an asset pattern must not be empty"
    if pattern.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", pattern):
        return f"asset pattern {pattern!r} is absolute; write it relative to the repository root"
    if ".." in re.split(r"[/\\]", pattern):
        return f"asset pattern {pattern!r} climbs out with '..'; assets come from the checkout"
    return None


def named_once(files: Sequence[AssetFile], *, checksums: bool) -> None:
    """Refuse two files of one asset name (assets are named by the file's base name), and a
    file named SHA256SUMS beside the generated one; a ConfigError naming them."""
    by_name: dict[str, list[str]] = {}
    for file in files:
        by_name.setdefault(file.name, []).append(file.path)
    for name, paths in by_name.items():
        if len(paths) > 1:
            raise ConfigError(
                f"release.assets: {', '.join(paths)} share the asset name {name!r}; GitHub "
                "names assets by file name, so narrow the patterns or rename one"
            )
    if checksums and CHECKSUMS_NAME in by_name:
        raise ConfigError(
            f"release.assets: {by_name[CHECKSUMS_NAME][0]} is named {CHECKSUMS_NAME}, which "
            "release.checksums writes; leave one of them out"
        )
