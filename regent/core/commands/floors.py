"""A bump floor stored on a pull request as a label (``release-regent: bump-minor``)."""

from __future__ import annotations

from regent.core.versioning.bump import Bump

FLOOR_LABEL_PREFIX = "release-regent: bump-"
FLOOR_BUMPS = (Bump.PATCH, Bump.MINOR, Bump.MAJOR)
"""The levels ``!release`` takes, lowest first."""


def floor_label(bump: Bump) -> str:
    """The label that stores a floor of ``bump`` on a pull request."""
    if bump not in FLOOR_BUMPS:
        raise ValueError(f"a floor is patch, minor or major, not {bump.label}")
    return f"{FLOOR_LABEL_PREFIX}{bump.label}"


def label_floor(label: str) -> Bump | None:
    """The floor ``label`` stores (GitHub compares label names without case), else None."""
    name = label.strip().lower()
    if not name.startswith(FLOOR_LABEL_PREFIX):
        return None
    level = name.removeprefix(FLOOR_LABEL_PREFIX)
    return next((bump for bump in FLOOR_BUMPS if bump.label == level), None)
