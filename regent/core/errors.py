"""The one error tree. Every message says what went wrong and what to do about it."""

from __future__ import annotations

from datetime import datetime


class RegentError(Exception):
    """Base of every error Release Regent raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable

    def __str__(self) -> str:
        return self.message


class UsageError(RegentError):
    """Bad command-line usage (exit code 2)."""

    exit_code = 2


class ConfigError(RegentError):
    """Invalid configuration, pointing at the file, line and key when known (exit code 2)."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        location = path or ""
        if path and line:
            location = f"{path}:{line}"
        super().__init__(f"{location}: {message}" if location else message)
        self.path = path
        self.line = line
        self.key = key


class InvalidVersionError(RegentError):
    """A string that is not a version under the configured scheme."""

    exit_code = 2


class HistoryError(RegentError):
    """The git history cannot be read as needed (not a repository, shallow clone, ...)."""


class GitHubError(RegentError):
    """A GitHub API call failed; ``status`` is the HTTP status when GitHub answered."""

    def __init__(self, message: str, *, status: int | None = None, retryable: bool = False) -> None:
        super().__init__(message, retryable=retryable)
        self.status = status


class GitHubAuthError(GitHubError):
    """GitHub rejected the credentials (401)."""


class GitHubPermissionError(GitHubError):
    """The credentials lack a permission (403), named like ``contents: write``."""

    def __init__(self, message: str, *, permission: str | None = None) -> None:
        super().__init__(message, status=403)
        self.permission = permission


class GitHubNotFoundError(GitHubError):
    """Something GitHub does not have, or does not show these credentials (404)."""


class GitHubValidationError(GitHubError):
    """GitHub refused the request's content (422), with GitHub's own message."""


class GitHubRateLimitError(GitHubError):
    """A rate limit outlasted the allowed wait; ``retry_at`` says when to try again (UTC)."""

    def __init__(self, message: str, *, status: int, retry_at: datetime | None) -> None:
        super().__init__(message, status=status, retryable=True)
        self.retry_at = retry_at


class GitHubUnavailableError(GitHubError):
    """GitHub kept failing (5xx, dropped connections, timeouts) through every retry."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message, status=status, retryable=True)


class TagConflictError(GitHubError):
    """The release tag exists at another commit."""

    def __init__(self, tag: str, *, wanted: str, found: str) -> None:
        super().__init__(
            f"tag {tag} already points at {found}, not at {wanted}; delete or move the tag "
            f"if {wanted} is the release, or release another version"
        )
        self.tag = tag
        self.wanted = wanted
        self.found = found
