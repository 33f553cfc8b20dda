"""The Markdown report: machine, method, repositories, results, growth and targets."""

from __future__ import annotations

import datetime
import os
import platform
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from contenders import FLOOR, PEERS
from measuring import Measurement
from spawning import BENCH
from targets import GROWTH_FROM, GROWTH_TO, StartUp, Target, find, start_up_targets, targets


@dataclass(frozen=True)
class Run:
    """Everything one benchmark run measured, and how it was asked for."""

    measurements: list[Measurement]
    repositories: list[dict[str, object]]
    start_up: StartUp
    profiles: list[str]
    timeout: float
    regent: Path
    load: tuple[str, str]
    command: str


def size_label(size: int) -> str:
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def repositories_table(repositories: list[dict[str, object]]) -> list[str]:
    lines = [
        "| profile | size | commits after tag | merges | generated in s | this run |",
        "|---|---|---:|---:|---:|---|",
    ]
    for meta in repositories:
        size = int(str(meta["commits_after_tag"]))
        reused = "reused from bench/.work/" if meta["cached"] else "generated"
        lines.append(
            f"| {meta['profile']} | {size_label(size)} | {size} | {meta['merges']} | "
            f"{meta['generate_seconds']} | {reused} |"
        )
    return lines


def results_table(measurements: list[Measurement]) -> list[str]:
    lines = [
        "| profile | size | tool | median s | min s | CPU s | runs | peak RSS MB | x floor "
        "| output |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for m in measurements:
        lines.append(result_row(m, find(measurements, FLOOR, m.profile, m.size)))
    return lines


def result_row(measurement: Measurement, floor: Measurement | None) -> str:
    start = f"| {measurement.profile} | {size_label(measurement.size)} | {measurement.tool.name} |"
    if measurement.timed_out:
        return f"{start} timeout | - | - | - | - | - | {measurement.check.shown} |"
    if not measurement.usable:
        reason = measurement.failure or measurement.check.shown
        return f"{start} - | - | - | - | - | - | FAILED: {reason} |"
    ratio = f"{measurement.median / floor.median:.2f}" if floor and floor.usable else "-"
    fastest = min(sample.seconds for sample in measurement.samples)
    return (
        f"{start} {measurement.median:.3f} | {fastest:.3f} | "
        f"{measurement.median_cpu:.3f} | {len(measurement.samples)} | "
        f"{measurement.peak_mb:.0f} | {ratio} | {measurement.check.shown} |"
    )


def growth_table(measurements: list[Measurement], timeout: float) -> list[str]:
    """Each tool's median at 1M over its median at 100k, where both were measured."""
    lines = ["| profile | tool | 100k s | 1M s | growth |", "|---|---|---:|---:|---:|"]
    for large in measurements:
        if large.size != GROWTH_TO:
            continue
        small = find(measurements, large.tool.name, large.profile, GROWTH_FROM)
        if small is None or not small.usable:
            continue
        if large.usable:
            growth = f"x{large.median / small.median:.1f}"
            lines.append(
                f"| {large.profile} | {large.tool.name} | {small.median:.3f} | "
                f"{large.median:.3f} | {growth} |"
            )
        elif large.timed_out:
            growth = f"> x{timeout / small.median:.1f}"
            lines.append(
                f"| {large.profile} | {large.tool.name} | {small.median:.3f} | "
                f"timeout (> {timeout:g}) | {growth} |"
            )
    return lines if len(lines) > 2 else ["Not measured: this run did not include both 100k and 1M."]


def targets_table(found: list[Target]) -> list[str]:
    lines = ["| target | measured | result |", "|---|---|---|"]
    lines += [f"| {target.name} | {target.measured} | {target.verdict} |" for target in found]
    return lines


def command_output(argv: Sequence[str]) -> str:
    try:
        result = subprocess.run(argv, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "not available"
    lines = result.stdout.strip().splitlines()
    return lines[0] if lines else ""


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1) if match else "unknown"


def project_commit() -> str:
    commit = command_output(["git", "-C", str(BENCH.parent), "rev-parse", "--short", "HEAD"])
    dirty = command_output(["git", "-C", str(BENCH.parent), "status", "--porcelain", "regent"])
    return f"{commit} (with uncommitted changes under regent/)" if dirty else commit


def machine_lines(run: Run) -> list[str]:
    return [
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {os.cpu_count()} CPUs ({cpu_model()}), {platform.platform()}",
        f"- load average (1 min) at start / end: {run.load[0]} / {run.load[1]}",
        f"- Python {platform.python_version()}, {command_output(['git', '--version'])}",
        f"- {command_output([str(run.regent), '--version'])}, checkout {project_commit()}",
        f"- {command_output([str(PEERS / 'git-cliff'), '--version'])}",
        f"- commitizen {command_output([str(PEERS / 'cz'), 'version'])}",
        f"- {command_output([str(PEERS / 'semantic-release'), '--version'])}",
        f"- command: `{run.command}`",
    ]


METHOD = """\
Each repository holds the stated number of commits after a lightweight `v1.0.0` tag
(`bench/generate.py`, seed 1, one `git fast-import` stream; about 2% are pull-request
merges). Profile `standard` is conventional commits only; profile `hostile` adds
revert-button squashes (one in ten), cherry-pick footers with short prefixes (one in
twenty) and huge or non-UTF-8 messages (one in 500), and has no expected version: there any
version printed passes the check (compare the tools' answers in the "output" column).
Commands, run in the repository:

- git log (floor): `git log --format=%H%x00%B%x00 v1.0.0..HEAD`
- regent plan: `regent plan --format json <repo>`
- git-cliff: `git-cliff --bumped-version`
- commitizen: `cz bump --dry-run`
- semantic-release: `semantic-release --noop version --print`

Times are whole-process wall clock, median of the runs shown ("CPU s": median user +
system CPU time of the process and the processes it waited for, such as git; less
sensitive to other load on the machine), after one untimed warm-up run that also checks
the output (column "output": the version printed, or the commit count for the floor).
Runs are interleaved round-robin across tools. Every run is killed after the timeout
({timeout:g} s): a tool that ran out of time shows "timeout" and is not run again at that
size; a tool that crashed or printed a wrong answer shows FAILED with its reason. Wall
time and peak RSS come from `bench/spawn.c`, a tiny fork-exec wrapper: peak RSS is the
largest `ru_maxrss` over the runs, from `wait4` on the tool's process (the larger of its
own and that of any process it waited for, not their sum), in MB of 10^6 bytes. "x floor"
is the median divided by the floor's median for the same repository. "growth" is a tool's
median at 1M over its median at 100k on the same profile (linear is about x10)."""


def report(run: Run) -> str:
    found = [*targets(run.measurements, run.profiles, run.timeout)]
    found += start_up_targets(run.start_up)
    lines = ["# Benchmark results", "", "Written by `.venv/bin/python bench/run.py`.", ""]
    lines += ["## Machine", "", *machine_lines(run), ""]
    lines += ["## Method", "", METHOD.format(timeout=run.timeout), ""]
    lines += ["## Repositories", "", *repositories_table(run.repositories), ""]
    lines += ["## Results", "", *results_table(run.measurements), ""]
    lines += ["## Growth from 100k to 1M", "", *growth_table(run.measurements, run.timeout), ""]
    lines += ["## Targets", "", *targets_table(found), ""]
    return "\n".join(lines)
