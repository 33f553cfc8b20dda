"""The `.release-regent.yml` configuration: where it is, validation into a policy (its version
scheme resolved), schema and starter files.

Validation (pydantic, PyYAML) is imported only when a file is actually read, so a repository
without a configuration file plans a release without paying for it.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

from regent.config.starter import example_workflow, starter_config
from regent.core.errors import ConfigError
from regent.core.policy import ReleasePolicy
from regent.core.versioning.calver import CalVerScheme
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.versions import VersionScheme

__all__ = [
    "CONFIG_FILE_NAMES",
    "SCHEME_TITLES",
    "config_json_schema",
    "example_workflow",
    "find_config",
    "initial_version_of",
    "load_config",
    "parse_config_text",
    "release_date",
    "starter_config",
    "version_scheme",
]

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


SCHEME_TITLES: dict[str, str] = {"semver": "SemVer 2.0.0", "pep440": "PEP 440", "calver": "CalVer"}


def version_scheme(name: str) -> VersionScheme:
    """The scheme called ``name`` in ``version_scheme:``: a built-in one, else the plugin of
    that name (entry point group ``release_regent.version_schemes``); ConfigError otherwise.

    PEP 440 is loaded on first use (it needs ``packaging``)."""
    if name == "semver":
        return SEMVER
    if name == "pep440":
        from regent.config.pep440 import PEP440

        return PEP440
    if name == "calver":
        return CalVerScheme(today=release_date())
    from regent.config.plugins import PluginMissing, version_scheme_plugin

    try:
        return version_scheme_plugin(name)
    except PluginMissing as missing:
        raise ConfigError(_unknown_scheme(name, missing.installed), key="version_scheme") from None


def _unknown_scheme(name: str, plugins: tuple[str, ...]) -> str:
    """Why ``name`` names no scheme: the built-in ones, the installed plugins, the closest."""
    from difflib import get_close_matches

    text = f"{name!r} is not one of {', '.join(SCHEME_TITLES)}"
    if plugins:
        text += f" or the installed plugins {', '.join(plugins)}"
    else:
        text += " (no version scheme plugin is installed)"
    close = get_close_matches(name, [*SCHEME_TITLES, *plugins], n=1)
    return text + (f"; did you mean {close[0]!r}?" if close else "")


def release_date() -> date:
    """The date releases are made on (CalVer's date part): today in UTC, or the day of
    ``SOURCE_DATE_EPOCH`` (seconds since 1970) when set, as the release notes' date is."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.date()


def initial_version_of(scheme: VersionScheme) -> str | None:
    """A scheme's own first version (CalVer: this month's ``.0``), None when it has none."""
    value = getattr(scheme, "initial_version", None)
    return value if isinstance(value, str) else None


def load_config(path: Path | None, *, shown_as: str | None = None) -> ReleasePolicy:
    """The policy in the file at ``path`` (named ``shown_as`` in errors); defaults when None."""
    if path is None:
        return ReleasePolicy()
    from regent.config.loader import load_config_file

    return load_config_file(path, shown_as=shown_as)


def parse_config_text(text: str, *, source: str) -> ReleasePolicy:
    """The policy in ``text``; ``source`` names it in errors."""
    from regent.config.loader import parse_config_text as parse

    return parse(text, source=source)


def config_json_schema() -> dict[str, object]:
    """The JSON Schema of the configuration file, for editors."""
    from regent.config.models import config_json_schema as schema

    return schema()
