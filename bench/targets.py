"""The targets of issue 12, computed from one run and marked PASS, FAIL or not measured."""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from contenders import FLOOR, REGENT
from measuring import Measurement
from spawning import run_once, tool_environment

VERSION_RUNS = 11
GROWTH_FROM, GROWTH_TO = 100_000, 1_000_000


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    passed: bool | None  # None: not measured in this run

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "not measured"}[self.passed]


def find(measurements: list[Measurement], name: str, profile: str, size: int) -> Measurement | None:
    for measurement in measurements:
        if (measurement.tool.name, measurement.profile, measurement.size) == (name, profile, size):
            return measurement
    return None


def compared_peers(measurements: list[Measurement], regent: Measurement) -> list[Measurement]:
    """The peers that answered at regent's repository, or ran out of time there."""
    return [
        m
        for m in measurements
        if m.tool.is_peer
        and (m.profile, m.size) == (regent.profile, regent.size)
        and (m.usable or m.timed_out)
    ]


def peer_time(peer: Measurement, timeout: float) -> str:
    return f"> {timeout:g} s" if peer.timed_out else f"{peer.median:.3f} s"


Rule = Callable[[Measurement, list[Measurement], float], Target | None]


def regent_target(
    name: str, key: tuple[str, int], measurements: list[Measurement], rule: Rule, timeout: float
) -> Target:
    """Apply ``rule`` to regent's measurement at ``key``; a failed regent run fails."""
    regent = find(measurements, REGENT, *key)
    if regent is None:
        return Target(name, "-", None)
    if not regent.usable:
        return Target(name, f"regent plan failed: {regent.failure or regent.check.shown}", False)
    found = rule(regent, measurements, timeout)
    return Target(name, "-", None) if found is None else replace(found, name=name)


def under_1k_limit(regent: Measurement, _: list[Measurement], __: float) -> Target:
    return Target("", f"{regent.median:.3f} s", regent.median < 0.30)


def faster_than_every_peer(
    regent: Measurement, measurements: list[Measurement], timeout: float
) -> Target | None:
    peers = compared_peers(measurements, regent)
    if not peers:
        return None
    passed = all(peer.timed_out or regent.median < peer.median for peer in peers)
    shown = ", ".join(f"{peer.tool.name} {peer_time(peer, timeout)}" for peer in peers)
    return Target("", f"{regent.median:.3f} s vs {shown}", passed)


def near_the_floor(regent: Measurement, measurements: list[Measurement], _: float) -> Target | None:
    floor = find(measurements, FLOOR, regent.profile, regent.size)
    if floor is None or not floor.usable:
        return None
    ratio = regent.median / floor.median
    detail = f"{regent.median:.3f} s / {floor.median:.3f} s = {ratio:.2f}x"
    return Target("", detail, ratio <= 2)


def small_peak_rss(regent: Measurement, _: list[Measurement], __: float) -> Target:
    return Target("", f"{regent.peak_mb:.0f} MB", regent.peak_mb < 500)


def linear_growth(regent: Measurement, measurements: list[Measurement], _: float) -> Target | None:
    smaller = find(measurements, REGENT, regent.profile, GROWTH_FROM)
    if smaller is None or not smaller.usable:
        return None
    factor = regent.median / smaller.median
    detail = f"{smaller.median:.3f} s -> {regent.median:.3f} s = x{factor:.1f}"
    return Target("", detail, factor <= 11)


def targets(measurements: list[Measurement], profiles: list[str], timeout: float) -> list[Target]:
    rules: list[tuple[str, int, Rule]] = [
        ("1k: whole process under 0.30 s", 1_000, under_1k_limit),
        ("10k: faster than every peer", 10_000, faster_than_every_peer),
        ("100k: wall within 2.0x the `git log` floor", 100_000, near_the_floor),
        ("100k: faster than every peer", 100_000, faster_than_every_peer),
        ("1M: wall within 2.0x the `git log` floor", 1_000_000, near_the_floor),
        ("1M: peak RSS under 500 MB", 1_000_000, small_peak_rss),
        ("growth 100k -> 1M: time x <= 11", 1_000_000, linear_growth),
    ]
    return [
        regent_target(f"{profile}, {name}", (profile, size), measurements, rule, timeout)
        for profile in profiles
        for name, size, rule in rules
    ]


@dataclass(frozen=True)
class StartUp:
    version_median: float
    version_output: str
    plan_ok: bool
    github_modules: list[str]
    module_count: int


def measure_start_up(regent: Path, repo: Path, stdout: Path, timeout: float) -> StartUp:
    samples = [
        run_once([str(regent), "--version"], repo, stdout, timeout=timeout)
        for _ in range(VERSION_RUNS)
    ]
    plan_ok, modules = imported_modules(regent, repo)
    return StartUp(
        version_median=statistics.median(sample.seconds for sample in samples),
        version_output=stdout.read_text().strip(),
        plan_ok=plan_ok,
        github_modules=[name for name in modules if name.split(".")[0] == "github"],
        module_count=len(modules),
    )


def start_up_targets(start_up: StartUp) -> list[Target]:
    detail = f"{start_up.version_median:.3f} s (prints `{start_up.version_output}`)"
    passed = start_up.version_output.startswith("regent ") and start_up.version_median < 0.2
    version = Target("`regent --version` under 0.2 s", detail, passed)
    name = "`regent plan` does not import PyGithub"
    if not start_up.plan_ok:
        return [version, Target(name, "`regent plan` failed under -X importtime", False)]
    imported = ", ".join(start_up.github_modules[:3]) or "none"
    detail = f"github modules imported: {imported} (of {start_up.module_count} modules)"
    return [version, Target(name, detail, not start_up.github_modules)]


def imported_modules(regent: Path, repo: Path) -> tuple[bool, list[str]]:
    """Whether ``regent plan`` succeeded, and every module it imported (``-X importtime``)."""
    command = [sys.executable, "-X", "importtime", str(regent), "plan", "--format", "json"]
    result = subprocess.run(
        [*command, str(repo)],
        check=False,
        cwd=repo,
        env=tool_environment(),
        capture_output=True,
        text=True,
    )
    modules = [
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "imported package" not in line
    ]
    return result.returncode == 0, modules
