"""Problems found in a configuration file: placed on their line, listed up to a limit.

A file can hold 100,000 problems (unknown keys, say); the message lists the first
``MAX_LISTED`` by line and counts the rest, and only the listed ones are worded (finding the
closest allowed key is the costly part).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from regent.core.errors import ConfigError

MAX_LISTED = 20
MAX_TEXT = 400
"""Characters of one problem's text: a value it quotes may be a megabyte long."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the file, already worded for the user."""

    line: int
    key: str | None
    text: str

    def located(self, source: str) -> str:
        return f"{source}:{self.line}: {self.text}"

    def worded(self) -> Problem:
        return self


@dataclass(frozen=True, slots=True, eq=False)
class Unworded:
    """A problem placed on its line, worded only if it is listed."""

    line: int
    word: Callable[[], Problem]

    def worded(self) -> Problem:
        return self.word()


Listed = Problem | Unworded


def first_problems(problems: Sequence[Listed]) -> tuple[list[Problem], int]:
    """The first ``MAX_LISTED`` problems by line, worded, without repeats; and how many more."""
    ordered = sorted(problems, key=lambda problem: problem.line)
    shown: dict[Problem, None] = {}
    position = 0
    while position < len(ordered) and len(shown) < MAX_LISTED:
        shown.setdefault(_cut(ordered[position].worded()), None)
        position += 1
    return list(shown), len(ordered) - position


def _cut(problem: Problem) -> Problem:
    if len(problem.text) <= MAX_TEXT:
        return problem
    return replace(problem, text=problem.text[: MAX_TEXT - 3] + "...")


def more_line(source: str, more: int) -> list[str]:
    """The line counting the problems not listed (none when every one is)."""
    return [f"{source}: and {more} more problems; fix the ones above first"] if more else []


def config_error(problems: Sequence[Listed], *, source: str) -> ConfigError:
    """One error listing the first problems, one per line, ordered by line."""
    (first, *rest), more = first_problems(problems)
    lines = [first.text, *(problem.located(source) for problem in rest), *more_line(source, more)]
    return ConfigError("\n".join(lines), path=source, line=first.line, key=first.key)
