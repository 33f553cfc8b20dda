"""Git processes as spans: every command GitPython runs for a checkout is traced (``git log``,
``git fetch``, ...) when a tracer is installed, and costs nothing more when none is.

A streamed command (``as_process``: the ``git log`` walks read its output as it comes) is
recorded when the process is waited for, from its start.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from typing import Any

import git

from regent.core.tracing import Attributes, current_tracer, span, tracing

_OPTIONS_WITH_VALUE = frozenset({"-c", "-C", "--git-dir", "--work-tree", "--namespace"})


def git_command(command: Sequence[object] | str) -> str:
    """The git subcommand of ``command`` (``log`` of ``git -c a=b log ...``); never its
    arguments, which may hold refs, paths or a URL."""
    words = command.split() if isinstance(command, str) else [str(word) for word in command]
    rest = iter(words[1:] if words and words[0].endswith("git") else words)
    for word in rest:
        if word in _OPTIONS_WITH_VALUE:
            next(rest, None)
        elif not word.startswith("-"):
            return word
    return "git"


def git_span_name(command: Sequence[object] | str) -> tuple[str, Attributes]:
    """The span's name and attributes for one git process."""
    name = git_command(command)
    return f"git {name}", {"process.executable.name": "git", "git.command": name}


class TracedGit(git.Git):
    """GitPython's command runner, a span around each process while a tracer is installed."""

    def execute(self, command: Any, *args: Any, **kwargs: Any) -> Any:
        if not tracing():
            return super().execute(command, *args, **kwargs)
        name, attributes = git_span_name(command)
        if not kwargs.get("as_process"):
            with span(name, attributes):
                return super().execute(command, *args, **kwargs)
        started = time.perf_counter()
        process = super().execute(command, *args, **kwargs)
        _record_when_waited(process.proc, name, attributes, started=started)
        return process


class TracedRepo(git.Repo):
    """A repository whose git processes are traced (``TracedGit``)."""

    GitCommandWrapperType = TracedGit


def _record_when_waited(
    process: subprocess.Popen[bytes], name: str, attributes: Attributes, *, started: float
) -> None:
    """Record the process's span the first time it is waited for (whoever waits: GitPython's
    ``AutoInterrupt``, or a reader that stopped it early)."""
    wait = process.wait
    recorded = False

    def traced_wait(timeout: float | None = None) -> int:
        nonlocal recorded
        code = wait(timeout)
        if not recorded:
            recorded = True
            failed = f"exit status {code}" if code > 0 else None
            current_tracer().record(
                name,
                {**attributes, "process.exit.code": code},
                seconds=time.perf_counter() - started,
                error=failed,
            )
        return code

    process.wait = traced_wait  # type: ignore[method-assign]
