"""The ordered bump levels a change can ask for."""

from __future__ import annotations

import enum


class Bump(enum.IntEnum):
    """How far a change moves the version; larger wins when changes are combined."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        """The lower-case name used in config files and JSON output."""
        return self.name.lower()

    @classmethod
    def from_label(cls, label: str) -> Bump:
        """Parse ``major`` / ``minor`` / ``patch`` / ``none`` (any case)."""
        return cls[label.strip().upper()]
