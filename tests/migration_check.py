"""Helpers for the tests of ``regent init --from``: a tool's files migrated, a setting read by
its dotted key, and the written text loaded by the configuration loader."""

from __future__ import annotations

import json
from collections.abc import Mapping, Set

from regent.config import parse_config_text
from regent.config.migration import Migration, migrate, render_migration
from regent.config.models import RegentConfig

COMPONENTS_LANDED = "components" in RegentConfig.model_fields
"""Whether the configuration takes ``components:`` yet (another part of issue 15)."""


def migrated(tool: str, files: Mapping[str, object], *, tags: Set[str] | None = None) -> Migration:
    """``files`` (text, or data written as JSON) migrated; the written text must load."""
    texts = {
        name: data if isinstance(data, str) else json.dumps(data) for name, data in files.items()
    }
    migration = migrate(tool, texts, tags=tags)
    if COMPONENTS_LANDED or "components" not in migration.settings:
        parse_config_text(render_migration(migration), source=".release-regent.yml")
    return migration


def setting(migration: Migration, key: str) -> object:
    """The setting at the dotted ``key``; ``None`` when it is not written."""
    value: object = migration.settings
    for name in key.split("."):
        if not isinstance(value, Mapping) or name not in value:
            return None
        value = value[name]
    return value


def unmapped(migration: Migration) -> dict[str, str]:
    """Each setting not mapped, with its reason."""
    return {item.setting: item.reason for item in migration.unmapped}
