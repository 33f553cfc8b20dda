"""PyGithub and transport failures turned into RegentErrors a user can act on, secrets removed."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from github.GithubException import GithubException
from urllib3.exceptions import HTTPError as TransportError

from regent.adapters.github.retry import RetryPolicy, WaitTooLong, header, requested_wait
from regent.adapters.network import API_CA_SETTING, unreachable, what_to_check
from regent.adapters.secrets import SECRETS
from regent.core.errors import (
    GitHubAuthError,
    GitHubError,
    GitHubNotFoundError,
    GitHubPermissionError,
    GitHubRateLimitError,
    GitHubUnavailableError,
    GitHubValidationError,
    RegentError,
)

API_URL_SETTING = (
    "the GitHub API URL: GITHUB_API_URL, the Action's github-api-url input, regent run --api-url"
)
CONTENTS_WRITE = "contents: write"
PULLS_WRITE = "pull-requests: write"


def guard_library_logs() -> None:
    """Redact secrets from the loggers PyGithub writes requests and responses to."""
    for name in ("github.Requester", "github.GithubRetry", "github.GithubIntegration"):
        logger = logging.getLogger(name)
        if SECRETS not in logger.filters:
            logger.addFilter(SECRETS)


@dataclass(frozen=True, slots=True)
class Action:
    """What a call was for, to word its errors: ``doing`` completes "while trying to ..."."""

    doing: str
    permission: str
    subject: str


def translate(
    error: BaseException, action: Action, *, now: float, policy: RetryPolicy
) -> RegentError:
    """The RegentError for ``error``; its message never holds a secret."""
    if isinstance(error, RegentError):
        return error
    if isinstance(error, WaitTooLong):
        return _waited_too_long(error, action, policy=policy)
    if isinstance(error, GithubException):
        return _from_status(error, action, now=now, policy=policy)
    if isinstance(error, requests.RequestException | TransportError | OSError):
        if reason := unreachable(_chain_text(error)):
            return GitHubError(
                _clean(
                    f"GitHub could not be reached while trying to {action.doing}: "
                    + what_to_check(
                        reason,
                        url=_origin(error),
                        setting=API_URL_SETTING,
                        ca_setting=API_CA_SETTING,
                    )
                )
            )
        return GitHubUnavailableError(
            _clean(
                f"GitHub could not be reached while trying to {action.doing} "
                f"({_transport_reason(error)}), even after retrying; "
                "this is usually temporary: run again later"
            )
        )
    return GitHubError(_clean(f"GitHub call failed while trying to {action.doing}: {error}"))


def github_message(error: GithubException) -> str:
    """GitHub's own explanation from an error response: message and field errors."""
    data = error.data
    if not isinstance(data, Mapping):
        return str(data or error.message or "no explanation given")
    message = str(data.get("message") or "no explanation given")
    details = [_field_error(item) for item in data.get("errors") or ()]
    details = [detail for detail in details if detail and detail not in message]
    return f"{message} ({'; '.join(details)})" if details else message


def is_rate_limited(error: GithubException) -> bool:
    if error.status not in (403, 429):
        return False
    headers = error.headers or {}
    message = str(error.data.get("message", "")) if isinstance(error.data, Mapping) else ""
    return (
        error.status == 429
        or header(headers, "X-RateLimit-Remaining") == "0"
        or header(headers, "Retry-After") is not None
        or "rate limit" in message.lower()
    )


def _from_status(
    error: GithubException, action: Action, *, now: float, policy: RetryPolicy
) -> RegentError:
    status = error.status
    said = _clean(github_message(error))
    if is_rate_limited(error):
        wait = requested_wait(status, error.headers or {}, now=now, policy=policy) or 60.0
        return _rate_limited(status, action, retry_at=now + wait)
    if status == 401:
        return GitHubAuthError(
            f"GitHub rejected the credentials while trying to {action.doing} ({status}: {said}): "
            "the token is invalid or expired. Check the token Release Regent is given (the "
            "workflow's GITHUB_TOKEN or a personal access token), or the GitHub App's id and "
            "private key",
            status=status,
        )
    if status == 403:
        return GitHubPermissionError(
            _permission_message(action, said), permission=action.permission
        )
    if status == 404:
        return GitHubNotFoundError(
            f"GitHub found no {action.subject} while trying to {action.doing} (404: {said}); "
            "check the name, and that the token can see the repository",
            status=status,
        )
    if status == 422:
        return GitHubValidationError(
            f"GitHub refused to {action.doing} (422): {said}", status=status
        )
    if status >= 500:
        return GitHubUnavailableError(
            f"GitHub kept failing while trying to {action.doing} ({status}: {said}), even "
            "after retrying; this is usually temporary: run again later",
            status=status,
        )
    return GitHubError(f"GitHub refused to {action.doing} ({status}: {said})", status=status)


def _permission_message(action: Action, said: str) -> str:
    return (
        f"GitHub refused to let Release Regent {action.doing} (403: {said}): the token needs "
        f"`{action.permission}`. Grant it in the workflow's `permissions:` block "
        f"(`{action.permission}`), or for a GitHub App in the App's settings under "
        "Permissions (then accept the new permissions on the installation)"
    )


def _waited_too_long(error: WaitTooLong, action: Action, *, policy: RetryPolicy) -> RegentError:
    if error.status is None or error.status >= 500:
        return GitHubUnavailableError(
            f"GitHub kept failing while trying to {action.doing}, and waiting longer than "
            f"{policy.max_wait:.0f}s is not allowed; run again after {_moment(error.retry_at)}",
            status=error.status,
        )
    return _rate_limited(error.status, action, retry_at=error.retry_at, limit=policy.max_wait)


def _rate_limited(
    status: int, action: Action, *, retry_at: float, limit: float | None = None
) -> GitHubRateLimitError:
    waited = f"; waiting for it is allowed up to {limit:.0f}s" if limit is not None else ""
    return GitHubRateLimitError(
        f"GitHub's rate limit stopped Release Regent while trying to {action.doing} "
        f"({status}){waited}. Retry after {_moment(retry_at)}",
        status=status,
        retry_at=datetime.fromtimestamp(retry_at, UTC),
    )


def _moment(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _field_error(item: Any) -> str:
    if isinstance(item, str):
        return item
    if not isinstance(item, Mapping):
        return ""
    if item.get("message"):
        return str(item["message"])
    parts = [str(item.get(key)) for key in ("resource", "field", "code") if item.get(key)]
    return " ".join(parts)


def _transport_reason(error: BaseException) -> str:
    if isinstance(error, requests.Timeout):
        return "no answer in time"
    if isinstance(error, requests.ConnectionError):
        return "connection failed or dropped"
    return type(error).__name__


def _chain_text(error: BaseException) -> str:
    """The text of ``error`` and of the errors it was raised from (the socket's own words)."""
    texts: list[str] = []
    seen: BaseException | None = error
    while seen is not None and len(texts) < 10:
        texts.append(f"{type(seen).__name__}: {seen}")
        seen = seen.__cause__ or seen.__context__
    return "\n".join(texts)


def _origin(error: BaseException) -> str:
    """The scheme, host and port of the request that failed ("" when unknown)."""
    request = getattr(error, "request", None)
    url = str(getattr(request, "url", "") or "")
    parts = urlsplit(url)
    if not (parts.scheme and parts.hostname):
        return ""
    default = {"https": 443, "http": 80}.get(parts.scheme)
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def _clean(text: str) -> str:
    return SECRETS.redact(text)
