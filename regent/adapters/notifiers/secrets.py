"""A notifier's secret (a URL, a signing key) read from the environment or the secret stores
merged into it, at the moment it is needed, and kept out of logs from then on."""

from __future__ import annotations

from collections.abc import Mapping

from regent.adapters.notifiers.http import NotifierError
from regent.adapters.secrets import SECRETS


def secret(environ: Mapping[str, str], name: str, *, what: str) -> str:
    """The value of ``name``; NotifierError naming the variable when it is unset or empty."""
    value = environ.get(name, "").strip()
    if not value:
        raise NotifierError(
            f"{name} is not set: it should hold {what} (set it in the workflow step's env, the "
            "service's environment or its secret store)"
        )
    SECRETS.add(value)
    return value
