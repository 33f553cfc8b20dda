"""Run one tool's process under bench/spawn.c: its wall time, CPU time and peak RSS."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work"


@dataclass(frozen=True)
class Sample:
    seconds: float
    cpu_seconds: float
    max_rss_kb: int
    returncode: int
    timed_out: bool = False


@functools.cache
def spawn_wrapper() -> Path:
    """Compile bench/spawn.c (the fork-exec wrapper that measures one child) if needed."""
    source, binary = BENCH / "spawn.c", WORK / "spawn"
    if not binary.exists() or binary.stat().st_mtime < source.stat().st_mtime:
        WORK.mkdir(parents=True, exist_ok=True)
        compiler = os.environ.get("CC", "cc")
        subprocess.run([compiler, "-O2", "-o", str(binary), str(source)], check=True)
    return binary


def run_once(argv: Sequence[str], cwd: Path, stdout: Path, *, timeout: float) -> Sample:
    """Run one process to completion, or kill its process group after ``timeout`` seconds.

    The tiny wrapper forks the command, so its ``ru_maxrss`` (from ``wait4``) is the
    command's, not inflated by this Python process's memory; its CPU time is the
    command's user + system time, including the processes it waited for (git).
    """
    result = stdout.with_suffix(".rusage")
    result.unlink(missing_ok=True)
    with stdout.open("wb") as out, stdout.with_suffix(".err").open("wb") as err:
        process = subprocess.Popen(
            [str(spawn_wrapper()), str(result), *argv],
            cwd=cwd,
            env=tool_environment(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        try:
            returncode = process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return Sample(timeout, 0.0, 0, -signal.SIGKILL, timed_out=True)
    try:
        seconds, cpu_seconds, max_rss_kb = result.read_text().split()
    except (OSError, ValueError):
        return Sample(0.0, 0.0, 0, returncode or 125)
    return Sample(float(seconds), float(cpu_seconds), int(max_rss_kb), returncode)


def tool_environment() -> dict[str, str]:
    """Same environment for every tool: offline, no prompts, no tokens, no colours."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"GH_TOKEN", "GITHUB_TOKEN", "GITLAB_TOKEN", "PYTHONPROFILEIMPORTTIME"}
    }
    env.update({"GIT_TERMINAL_PROMPT": "0", "NO_COLOR": "1", "LC_ALL": "C.UTF-8"})
    return env
