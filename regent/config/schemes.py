"""The version schemes a configuration can name, loaded only when asked for."""

from __future__ import annotations

from regent.core.errors import ConfigError
from regent.core.versioning.versions import VersionScheme

SCHEME_TITLES: dict[str, str] = {"semver": "SemVer 2.0.0", "pep440": "PEP 440"}


def version_scheme(name: str) -> VersionScheme:
    """The scheme called ``name`` in ``version_scheme:``; ConfigError for any other name."""
    if name == "semver":
        from regent.core.versioning.semver import SEMVER  # noqa: PLC0415 - loaded on first use

        return SEMVER
    if name == "pep440":
        from regent.adapters.pep440 import Pep440Scheme  # noqa: PLC0415 - needs packaging

        return Pep440Scheme()
    allowed = ", ".join(SCHEME_TITLES)
    raise ConfigError(f"{name!r} is not one of {allowed}", key="version_scheme")
