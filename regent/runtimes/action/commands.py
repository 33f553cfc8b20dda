"""The runner's workflow commands and files: masks, groups, annotations, outputs, job summary."""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from regent.core.errors import RegentError
from regent.core.markdown import printable


@dataclass(frozen=True, slots=True)
class Runner:
    """Writes workflow commands to the step's log."""

    stream: TextIO

    def mask(self, secret: str) -> None:
        """Hide ``secret`` in every later log line."""
        if secret.strip():
            self._command("add-mask", secret)

    def notice(self, message: str) -> None:
        self._command("notice", message)

    def error(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        """An error annotation, on ``file`` and ``line`` when known."""
        where = {"file": file, "line": str(line) if line else None}
        properties = ",".join(f"{key}={_property(value)}" for key, value in where.items() if value)
        self._command(f"error {properties}" if properties else "error", message)

    @contextmanager
    def group(self, title: str) -> Iterator[None]:
        """A folded section of the log, closed even when the block fails."""
        self._command("group", title)
        try:
            yield
        finally:
            self._command("endgroup", "")

    def _command(self, name: str, message: str) -> None:
        print(f"::{name}::{_data(message)}", file=self.stream, flush=True)


def write_outputs(path: Path | None, values: Mapping[str, str]) -> None:
    """Append ``values`` to ``$GITHUB_OUTPUT`` in one write, each in a heredoc block."""
    if path is None:
        return
    _append(path, "".join(_output_block(name, value) for name, value in values.items()))


def append_summary(path: Path | None, markdown: str) -> None:
    """Append ``markdown`` to ``$GITHUB_STEP_SUMMARY``."""
    if path is None:
        return
    _append(path, markdown.rstrip("\n") + "\n")


def _append(path: Path, text: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise RegentError(
            f"cannot append to the runner's file {path} ({error.strerror or error}); the "
            "release work is done: read this run's result in the log above"
        ) from None


def _output_block(name: str, value: str) -> str:
    delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
    while delimiter in value:  # astronomically unlikely; never let a value end the block early
        delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
    return f"{name}<<{delimiter}\n{value}\n{delimiter}\n"


def _data(text: str) -> str:
    """``text`` as a command's data: control characters (ANSI escapes) shown as U+FFFD."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
