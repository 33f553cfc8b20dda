"""The author of a change as the notes credit them."""

from __future__ import annotations

from dataclasses import dataclass

BOT_SUFFIX = "[bot]"


@dataclass(frozen=True, slots=True)
class Author:
    """A commit author: git's name and email, and the GitHub account when one was read."""

    name: str
    email: str
    login: str | None = None
    """The GitHub login (from the commits listing); None offline or for an unlinked email."""
    is_bot: bool = False

    @property
    def display(self) -> str:
        """``@login`` when known, else the git name (unescaped: a renderer escapes it)."""
        return f"@{self.login}" if self.login else self.name
