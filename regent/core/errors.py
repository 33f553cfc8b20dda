"""The one error tree. Every message says what went wrong and what to do about it."""

from __future__ import annotations


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
