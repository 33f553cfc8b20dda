"""Where a repository keeps its configuration (no validation machinery imported here)."""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE_NAMES: tuple[str, ...] = (
    ".release-regent.yml",
    ".release-regent.yaml",
    ".github/release-regent.yml",
)


def find_config(repo_root: Path) -> Path | None:
    """The first of ``CONFIG_FILE_NAMES`` present under ``repo_root`` (a file, or a symbolic
    link, which the reader then follows only inside the checkout), or None."""
    for name in CONFIG_FILE_NAMES:
        candidate = repo_root / name
        if candidate.is_file() or candidate.is_symlink():
            return candidate
    return None
