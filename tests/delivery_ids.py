"""Readable names for webhook delivery ids in tests: GitHub's ids are UUIDs, and so are ours."""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("5e1ea5e0-0000-4000-8000-0000000000a1")
_NAMES: dict[str, str] = {}


def delivery_id(name: str) -> str:
    """The UUID standing for ``name`` (the same every time)."""
    identifier = str(uuid.uuid5(NAMESPACE, name))
    _NAMES[identifier] = name
    return identifier


def name_of(identifier: str) -> str:
    """The name a ``delivery_id`` stands for (the id itself when it stands for none)."""
    return _NAMES.get(identifier, identifier)
