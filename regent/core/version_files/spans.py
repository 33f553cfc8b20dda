"""What every format locator returns, and the error raised when a file cannot be bumped."""

from __future__ import annotations

from dataclasses import dataclass

from regent.core.errors import RegentError


class VersionFileError(RegentError):
    """A version file with no version to bump, or one written in a form that cannot be edited."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path


@dataclass(frozen=True, slots=True)
class VersionSpan:
    """Where a version's characters sit in a file's text (``text[start:end]``) and its value."""

    start: int
    end: int
    value: str
