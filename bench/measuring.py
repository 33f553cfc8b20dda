"""Measure every tool on one repository: a checked warm-up, then interleaved timed runs."""

from __future__ import annotations

import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from contenders import Check, Tool
from repos import assert_untouched
from spawning import WORK, Sample, run_once

SLOW_PEER_SIZE = 100_000


@dataclass(frozen=True)
class Runs:
    normal: int
    slow: int
    timeout: float


@dataclass
class Measurement:
    tool: Tool
    profile: str
    size: int
    check: Check
    samples: list[Sample] = field(default_factory=list)
    wanted: int = 0
    failure: str = ""
    timed_out: bool = False

    @property
    def usable(self) -> bool:
        return self.check.ok and not self.failure and not self.timed_out and bool(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(sample.seconds for sample in self.samples)

    @property
    def median_cpu(self) -> float:
        return statistics.median(sample.cpu_seconds for sample in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(sample.max_rss_kb for sample in self.samples) * 1024 / 1e6


def output_path(tool: Tool, profile: str, size: int) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", tool.name.lower()).strip("-")
    return WORK / "out" / f"{profile}-{size}-{slug}.out"


def warm_up(
    tool: Tool, repo: Path, profile: str, meta: dict[str, object], runs: Runs
) -> Measurement:
    """One untimed run that also checks the tool's answer and sets how many runs follow."""
    size = int(str(meta["commits_after_tag"]))
    stdout = output_path(tool, profile, size)
    sample = run_once(tool.argv(repo), repo, stdout, timeout=runs.timeout)
    if sample.timed_out:
        timeout = Check(False, f"TIMEOUT (killed after {runs.timeout:g} s)")
        return Measurement(tool, profile, size, timeout, timed_out=True)
    if sample.returncode != 0:
        return Measurement(tool, profile, size, Check(False, failure_reason(stdout, sample)))
    measurement = Measurement(tool, profile, size, checked(tool, stdout, meta))
    slow = tool.is_peer and size >= SLOW_PEER_SIZE
    measurement.wanted = runs.slow if slow else runs.normal
    return measurement


def checked(tool: Tool, stdout: Path, meta: dict[str, object]) -> Check:
    """The tool's answer checked; a check that cannot read the output is a failed check."""
    try:
        return tool.check(stdout, meta)
    except (AttributeError, OSError, TypeError, ValueError) as error:
        return Check(False, f"unreadable output ({type(error).__name__})")


def measure_repository(
    repo: Path, meta: dict[str, object], all_tools: list[Tool], runs: Runs
) -> list[Measurement]:
    profile, size = str(meta["profile"]), int(str(meta["commits_after_tag"]))
    (WORK / "out").mkdir(parents=True, exist_ok=True)
    measurements = [warm_up(tool, repo, profile, meta, runs) for tool in all_tools]
    for measurement in measurements:
        name, shown = measurement.tool.name, measurement.check.shown
        print(f"  {profile:<8} {size:>7} {name:<18} {shown}", file=sys.stderr)
    for round_number in range(max(m.wanted for m in measurements)):
        for measurement in measurements:
            if measurement.check.ok and round_number < measurement.wanted:
                record_run(measurement, repo, runs.timeout)
    assert_untouched(repo, meta)
    return measurements


def record_run(measurement: Measurement, repo: Path, timeout: float) -> None:
    stdout = output_path(measurement.tool, measurement.profile, measurement.size)
    stdout = stdout.with_suffix(".timed.out")
    sample = run_once(measurement.tool.argv(repo), repo, stdout, timeout=timeout)
    if sample.timed_out:
        measurement.timed_out = True
        measurement.check = Check(False, f"TIMEOUT in a timed run (killed after {timeout:g} s)")
        measurement.wanted = 0
    elif sample.returncode != 0:
        measurement.failure = f"timed run: {failure_reason(stdout, sample)}"
    measurement.samples.append(sample)


def failure_reason(stdout: Path, sample: Sample) -> str:
    error = stdout.with_suffix(".err").read_text(errors="replace").strip().splitlines()
    last = error[-1][:200].replace("|", "\\|") if error else "no message"
    return f"exit {sample.returncode}: {last}"
