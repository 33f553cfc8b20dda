"""The webhook doors' settings, read from the environment the same way by every door.

``GITHUB_APP_ID``, ``GITHUB_APP_PRIVATE_KEY`` (the PEM text) or ``GITHUB_APP_PRIVATE_KEY_PATH``,
``GITHUB_WEBHOOK_SECRET`` (comma-separated: several secrets while one is rotated),
``GITHUB_API_URL`` (GitHub Enterprise Server), ``REGENT_GIT_URL`` (the git server repositories
are cloned from: derived from the API URL by default), ``REGENT_CACHE_DIR`` (clones),
``REGENT_CACHE_MAX_REPOS``, and ``regent serve``'s limits: ``REGENT_DELIVERY_TIMEOUT`` (seconds
for a request's headers, then its body, to arrive), ``REGENT_MAX_BODY_READS`` (bodies read at
once) and ``REGENT_MAX_CONNECTIONS`` (open connections). Missing or invalid settings stop
start-up with one message naming every one of them. Standard library only: a door reads its
settings before heavy imports.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from regent.adapters.github import endpoint
from regent.adapters.github.endpoint import DEFAULT_API_URL, DEFAULT_GIT_URL, THROTTLE_SETTING
from regent.core.errors import UsageError
from regent.runtimes.webhook.tenants import (
    QuotaSettings,
    TenantLists,
    read_quota_settings,
    read_tenant_lists,
)
from regent.webhook.signature import SECRET_SETTING, webhook_secrets

DEFAULT_MAX_REPOS = 50
DEFAULT_DELIVERY_TIMEOUT = 10.0
"""Seconds for a request's headers to arrive, then its body: GitHub's own delivery timeout."""
DEFAULT_MAX_BODY_READS = 8
DEFAULT_MAX_CONNECTIONS = 2048
DEFAULT_CACHE_DIR = Path(tempfile.gettempdir()) / "regent-cache"
PEM_START = "-----BEGIN"
MAX_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    """What a webhook door needs to verify deliveries and act as the GitHub App."""

    app_id: int
    private_key: str = field(repr=False)
    webhook_secrets: tuple[str, ...] = field(repr=False)
    api_url: str = DEFAULT_API_URL
    git_url: str = DEFAULT_GIT_URL
    """Repositories are cloned from ``<git_url>/<owner>/<name>.git``; the token goes there only."""
    cache_dir: Path = DEFAULT_CACHE_DIR
    max_repositories: int = DEFAULT_MAX_REPOS
    throttle_off: bool = False
    """``REGENT_GITHUB_THROTTLE=off``: no pauses between API calls (a local simulator only)."""
    delivery_timeout: float = DEFAULT_DELIVERY_TIMEOUT
    max_body_reads: int = DEFAULT_MAX_BODY_READS
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    tenants: TenantLists = field(default_factory=TenantLists)
    """The installations and repositories served (tenants.py)."""
    quotas: QuotaSettings = field(default_factory=QuotaSettings)
    """Per installation: reconciles at once and deliveries per minute (tenants.py)."""
    environ: Mapping[str, str] | None = field(default=None, repr=False, compare=False)
    """What the settings were read from (the Lambda door's environment merged with its
    Secrets Manager secret): the notifiers' secrets are read there too; None: the process's."""


def read_webhook_settings(environ: Mapping[str, str]) -> WebhookSettings:
    """The settings in ``environ``; a ``UsageError`` naming every missing or invalid one."""
    problems: list[str] = []
    app_id = _app_id(environ, problems)
    private_key = _private_key(environ, problems)
    secrets = _secrets(environ, problems)
    api_url = endpoint.api_url(environ.get("GITHUB_API_URL"))
    git_url = _git_url(environ, api_url, problems)
    max_repos = _positive(environ, "REGENT_CACHE_MAX_REPOS", DEFAULT_MAX_REPOS, problems)
    timeout = _seconds(environ, "REGENT_DELIVERY_TIMEOUT", DEFAULT_DELIVERY_TIMEOUT, problems)
    reads = _positive(environ, "REGENT_MAX_BODY_READS", DEFAULT_MAX_BODY_READS, problems)
    connections = _positive(environ, "REGENT_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS, problems)
    if connections <= reads:
        problems.append(
            f"REGENT_MAX_CONNECTIONS ({connections}) must be above REGENT_MAX_BODY_READS "
            f"({reads}), so that /healthz is answered while every body read is taken"
        )
    _audit_file(environ, problems)
    tenants = read_tenant_lists(environ, problems)
    quotas = read_quota_settings(environ, problems)
    if problems:
        raise UsageError(
            "the webhook service cannot start: "
            + "; ".join(problems)
            + " (see docs/deploy.md for every setting)"
        )
    cache = environ.get("REGENT_CACHE_DIR", "").strip()
    return WebhookSettings(
        app_id=app_id,
        private_key=private_key,
        webhook_secrets=secrets,
        api_url=api_url,
        git_url=git_url,
        cache_dir=Path(cache) if cache else DEFAULT_CACHE_DIR,
        max_repositories=max_repos,
        throttle_off=endpoint.throttle_off(environ.get(THROTTLE_SETTING)),
        delivery_timeout=timeout,
        max_body_reads=reads,
        max_connections=connections,
        tenants=tenants,
        quotas=quotas,
        environ=environ,
    )


def _audit_file(environ: Mapping[str, str], problems: list[str]) -> None:
    """``REGENT_AUDIT_FILE``, when set, names a file the service can append to (the folders
    it lacks are made when it starts)."""
    named = environ.get("REGENT_AUDIT_FILE", "").strip()
    if not named:
        return
    path = Path(named)
    found = next((folder for folder in (path, *path.parents) if folder.exists()), None)
    if found == path:
        fits = path.is_file() and os.access(path, os.W_OK)
    else:
        fits = found is not None and found.is_dir() and os.access(found, os.W_OK | os.X_OK)
    if not fits:
        problems.append(
            f"REGENT_AUDIT_FILE {named} cannot be appended to (name a writable file, or a "
            "path under a writable folder; unset it to keep audit records as log lines only)"
        )


def _app_id(environ: Mapping[str, str], problems: list[str]) -> int:
    value = environ.get("GITHUB_APP_ID", "").strip()
    if not value:
        problems.append("GITHUB_APP_ID is not set (the App's numeric id, on its settings page)")
    elif not value.isdigit():
        problems.append(f"GITHUB_APP_ID is {value!r}, not a number")
    return int(value) if value.isdigit() else 0


def _private_key(environ: Mapping[str, str], problems: list[str]) -> str:
    text = environ.get("GITHUB_APP_PRIVATE_KEY", "").strip().replace("\\n", "\n")
    path = environ.get("GITHUB_APP_PRIVATE_KEY_PATH", "").strip()
    if not text and path:
        try:
            text = Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"GITHUB_APP_PRIVATE_KEY_PATH {path} cannot be read ({error})")
            return ""
    if not text:
        problems.append(
            "GITHUB_APP_PRIVATE_KEY (the PEM text) or GITHUB_APP_PRIVATE_KEY_PATH is not set"
        )
    elif not text.startswith(PEM_START):
        source = "GITHUB_APP_PRIVATE_KEY" if not path else f"the file {path}"
        problems.append(f"{source} does not hold a PEM private key (-----BEGIN ... KEY-----)")
    return text


def _secrets(environ: Mapping[str, str], problems: list[str]) -> tuple[str, ...]:
    secrets = webhook_secrets(environ.get(SECRET_SETTING))
    if not secrets:
        problems.append(
            f"{SECRET_SETTING} is not set (the App's webhook secret; comma-separate two "
            "while rotating)"
        )
    return secrets


def _git_url(environ: Mapping[str, str], api_url: str, problems: list[str]) -> str:
    """``REGENT_GIT_URL`` (default: the git server of the API URL): http(s) or file, no
    credentials, query or fragment."""
    given = environ.get("REGENT_GIT_URL", "").strip().rstrip("/")
    value = given or endpoint.git_server_url(api_url=api_url)
    parts = urlsplit(value)
    name = "REGENT_GIT_URL" if given else f"the git server derived from GITHUB_API_URL {api_url}"
    if parts.scheme not in ("http", "https", "file") or (
        parts.scheme != "file" and not parts.hostname
    ):
        problems.append(f"{name} is {value!r}; give the git server's http(s) URL (https://HOST)")
    elif parts.username or parts.password or parts.query or parts.fragment:
        problems.append(
            f"{name} carries credentials, a query or a fragment; give the plain server URL "
            "(the token is sent in a header)"
        )
    return value


def _positive(environ: Mapping[str, str], name: str, default: int, problems: list[str]) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        problems.append(f"{name} is {value!r}; give a whole number of at least 1")
        return default
    return int(value)


def _seconds(environ: Mapping[str, str], name: str, default: float, problems: list[str]) -> float:
    value = environ.get(name, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= MAX_SECONDS:
        problems.append(f"{name} is {value!r}; give a number of seconds, above 0 and at most 600")
        return default
    return seconds


def private_folder(path: Path) -> Path:
    """``path`` as a folder only this user can enter (0700), created (parents too) if missing.

    The clones and the journal under it hold private repositories' history, and the default
    folder's name is predictable: a symbolic link or a folder another user owns is refused
    rather than used; an existing folder of this user's is narrowed to 0700.
    """
    missing = [folder for folder in (path, *path.parents) if not os.path.lexists(folder)]
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=0o700, exist_ok=True)
        descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as error:
        if path.is_symlink():
            raise UsageError(
                f"REGENT_CACHE_DIR {path} is a symbolic link; point REGENT_CACHE_DIR at a "
                "folder of its own"
            ) from None
        raise UsageError(
            f"REGENT_CACHE_DIR {path} cannot be used as a folder ({error.strerror or error}); "
            "point REGENT_CACHE_DIR at a folder this user can create"
        ) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid():
            raise UsageError(
                f"REGENT_CACHE_DIR {path} belongs to another user (uid {status.st_uid}); point "
                "REGENT_CACHE_DIR at a folder of this user's own"
            )
        os.fchmod(descriptor, 0o700)
    finally:
        os.close(descriptor)
    return path
