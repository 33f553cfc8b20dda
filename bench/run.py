"""Time ``regent plan --format json`` against the ``git log`` floor and peer release tools.

Usage (from the repository root): ``.venv/bin/python bench/run.py [--quick] [--sizes ...]``

For each size it generates (or reuses, from bench/.work/) a repository with that many
Conventional Commits after ``v1.0.0``, checks that every tool prints the expected next
version, then times whole-process runs, interleaved round-robin so background load hits
every tool alike. Each run's wall time and peak RSS come from bench/spawn.c, a tiny
fork-exec wrapper that reads the child's own ``ru_maxrss`` with ``wait4``. The Markdown
report goes to stdout and, for a full run, to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from generate import TAG, generate, summary

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work"
PEERS = BENCH / ".peers" / "bin"
RESULTS = BENCH / "RESULTS.md"
SIZES = (1_000, 10_000, 100_000)
SEED = 1
RUN_TIMEOUT_SECONDS = 900
SLOW_PEER_SIZE = 100_000
VERSION_RUNS = 11

FLOOR = "git log (floor)"
REGENT = "regent plan"


# --- measuring one process -------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    seconds: float
    cpu_seconds: float
    max_rss_kb: int
    returncode: int


@functools.cache
def spawn_wrapper() -> Path:
    """Compile bench/spawn.c (the fork-exec wrapper that measures one child) if needed."""
    source, binary = BENCH / "spawn.c", WORK / "spawn"
    if not binary.exists() or binary.stat().st_mtime < source.stat().st_mtime:
        WORK.mkdir(parents=True, exist_ok=True)
        compiler = os.environ.get("CC", "cc")
        subprocess.run([compiler, "-O2", "-o", str(binary), str(source)], check=True)
    return binary


def run_once(argv: Sequence[str], cwd: Path, stdout: Path) -> Sample:
    """Run one process to completion: its wall time and its own peak RSS.

    The tiny wrapper forks the command, so its ``ru_maxrss`` (from ``wait4``) is the
    command's, not inflated by this Python process's memory.
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
            returncode = process.wait(RUN_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return Sample(float(RUN_TIMEOUT_SECONDS), 0.0, 0, -signal.SIGKILL)
    seconds, cpu_seconds, max_rss_kb = result.read_text().split()
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


# --- the tools -------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    ok: bool
    shown: str


@dataclass(frozen=True)
class Tool:
    name: str
    argv: Callable[[Path], list[str]]
    check: Callable[[str, dict[str, object]], Check]
    is_peer: bool = False


def check_floor(output: str, meta: dict[str, object]) -> Check:
    records = output.count("\0") // 2
    return Check(records == meta["commits_after_tag"], f"{records} commits")


def check_version(found: str | None, meta: dict[str, object]) -> Check:
    if found is None:
        return Check(False, "no version in output")
    return Check(found.removeprefix("v") == meta["expected_version"], found)


def check_regent(output: str, meta: dict[str, object]) -> Check:
    try:
        plan = json.loads(output)
    except json.JSONDecodeError:
        return Check(False, "output is not JSON")
    result = check_version(plan.get("next_version"), meta)
    commits = plan.get("commits")
    if result.ok and isinstance(commits, list):
        return Check(True, f"{result.shown}, {len(commits)} commits")
    return result


def check_cliff(output: str, meta: dict[str, object]) -> Check:
    return check_version(output.strip() or None, meta)


def check_commitizen(output: str, meta: dict[str, object]) -> Check:
    match = re.search(r"bump: version \S+ → (\S+)", output)
    return check_version(match.group(1) if match else None, meta)


def check_semantic_release(output: str, meta: dict[str, object]) -> Check:
    lines = output.strip().splitlines()
    return check_version(lines[-1].strip() if lines else None, meta)


def tools(regent: Path) -> list[Tool]:
    return [
        Tool(FLOOR, lambda _: ["git", "log", "--format=%H%x00%B%x00", f"{TAG}..HEAD"], check_floor),
        Tool(
            REGENT, lambda repo: [str(regent), "plan", "--format", "json", str(repo)], check_regent
        ),
        Tool(
            "git-cliff", lambda _: [str(PEERS / "git-cliff"), "--bumped-version"], check_cliff, True
        ),
        Tool(
            "commitizen", lambda _: [str(PEERS / "cz"), "bump", "--dry-run"], check_commitizen, True
        ),
        Tool(
            "semantic-release",
            lambda _: [str(PEERS / "semantic-release"), "--noop", "version", "--print"],
            check_semantic_release,
            True,
        ),
    ]


def ensure_peers() -> None:
    if all((PEERS / name).exists() for name in ("git-cliff", "cz", "semantic-release")):
        return
    print("installing peer tools into bench/.peers/ ...", file=sys.stderr)
    subprocess.run(["bash", str(BENCH / "install_peers.sh"), sys.executable], check=True)


# --- repositories ----------------------------------------------------------------------


def fingerprint() -> str:
    digest = hashlib.sha256((BENCH / "generate.py").read_bytes())
    return f"{digest.hexdigest()[:16]}-seed{SEED}"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, check=True, text=True
    ).stdout.strip()


def repository(size: int) -> tuple[Path, dict[str, object]]:
    """The generated repository for ``size``, reused while the generator is unchanged."""
    repo, meta_path = WORK / f"repo-{size}", WORK / f"repo-{size}.json"
    if meta_path.exists() and repo.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("fingerprint") == fingerprint() and meta.get("head") == _head(repo):
            return repo, meta
    shutil.rmtree(repo, ignore_errors=True)
    print(f"generating {size} commits into {repo} ...", file=sys.stderr)
    start = time.perf_counter()
    stats = generate(repo, size, SEED)
    meta = summary(repo, stats, SEED)
    meta.update(
        fingerprint=fingerprint(),
        head=_head(repo),
        generate_seconds=round(time.perf_counter() - start, 2),
    )
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    return repo, meta


def _head(repo: Path) -> str | None:
    try:
        return git(repo, "rev-parse", "HEAD")
    except subprocess.CalledProcessError:
        return None


def assert_untouched(repo: Path, meta: dict[str, object]) -> None:
    """The tools only read: the checkout, HEAD and tags must be as generated."""
    state = (git(repo, "status", "--porcelain"), git(repo, "tag"), git(repo, "rev-parse", "HEAD"))
    if state != ("", TAG, meta["head"]):
        (WORK / f"repo-{meta['commits_after_tag']}.json").unlink(missing_ok=True)
        raise SystemExit(f"a tool modified {repo}; its cache entry was dropped, run again")


# --- measuring a size ------------------------------------------------------------------


@dataclass(frozen=True)
class Runs:
    normal: int
    slow: int


@dataclass
class Measurement:
    tool: Tool
    size: int
    check: Check
    samples: list[Sample] = field(default_factory=list)
    wanted: int = 0
    failure: str = ""

    @property
    def usable(self) -> bool:
        return self.check.ok and not self.failure and bool(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(sample.seconds for sample in self.samples)

    @property
    def median_cpu(self) -> float:
        return statistics.median(sample.cpu_seconds for sample in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(sample.max_rss_kb for sample in self.samples) * 1024 / 1e6


def output_path(tool: Tool, size: int) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", tool.name.lower()).strip("-")
    return WORK / "out" / f"{size}-{slug}.out"


def warm_up(tool: Tool, repo: Path, size: int, meta: dict[str, object], runs: Runs) -> Measurement:
    """One untimed run that also checks the tool's answer and sets how many runs follow."""
    stdout = output_path(tool, size)
    sample = run_once(tool.argv(repo), repo, stdout)
    output = stdout.read_text(errors="replace")
    if sample.returncode != 0:
        return Measurement(tool, size, Check(False, failure_reason(stdout, sample)))
    measurement = Measurement(tool, size, tool.check(output, meta))
    slow = tool.is_peer and size >= SLOW_PEER_SIZE
    measurement.wanted = runs.slow if slow else runs.normal
    return measurement


def measure_size(size: int, all_tools: list[Tool], runs: Runs) -> list[Measurement]:
    repo, meta = repository(size)
    (WORK / "out").mkdir(parents=True, exist_ok=True)
    measurements = [warm_up(tool, repo, size, meta, runs) for tool in all_tools]
    for measurement in measurements:
        print(f"  {size:>7} {measurement.tool.name:<18} {measurement.check.shown}", file=sys.stderr)
    for round_number in range(max(m.wanted for m in measurements)):
        for measurement in measurements:
            if measurement.check.ok and round_number < measurement.wanted:
                record_run(measurement, repo)
    assert_untouched(repo, meta)
    return measurements


def record_run(measurement: Measurement, repo: Path) -> None:
    stdout = output_path(measurement.tool, measurement.size).with_suffix(".timed.out")
    sample = run_once(measurement.tool.argv(repo), repo, stdout)
    if sample.returncode != 0:
        measurement.failure = f"timed run: {failure_reason(stdout, sample)}"
    measurement.samples.append(sample)


def failure_reason(stdout: Path, sample: Sample) -> str:
    error = stdout.with_suffix(".err").read_text(errors="replace").strip().splitlines()
    return f"exit {sample.returncode}: {error[-1] if error else 'no message'}"


# --- start-up checks -------------------------------------------------------------------


@dataclass(frozen=True)
class StartUp:
    version_median: float
    version_output: str
    plan_ok: bool
    github_modules: list[str]
    module_count: int


def measure_start_up(regent: Path, repo: Path) -> StartUp:
    stdout = WORK / "out" / "regent-version.out"
    samples = [run_once([str(regent), "--version"], repo, stdout) for _ in range(VERSION_RUNS)]
    plan_ok, modules = imported_modules(regent, repo)
    return StartUp(
        version_median=statistics.median(sample.seconds for sample in samples),
        version_output=stdout.read_text().strip(),
        plan_ok=plan_ok,
        github_modules=[name for name in modules if name.split(".")[0] == "github"],
        module_count=len(modules),
    )


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


# --- targets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    passed: bool | None  # None: not measured in this run

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "not measured"}[self.passed]


def find(measurements: list[Measurement], name: str, size: int) -> Measurement | None:
    for measurement in measurements:
        if measurement.tool.name == name and measurement.size == size:
            return measurement
    return None


def working_peers(measurements: list[Measurement], size: int) -> list[Measurement]:
    return [m for m in measurements if m.tool.is_peer and m.size == size and m.usable]


def peer_list(peers: list[Measurement]) -> str:
    return ", ".join(f"{peer.tool.name} {peer.median:.3f} s" for peer in peers)


Rule = Callable[[Measurement, list[Measurement]], Target | None]


def regent_target(name: str, size: int, measurements: list[Measurement], rule: Rule) -> Target:
    """Apply ``rule`` to regent's measurement at ``size``; a failed regent run fails."""
    regent = find(measurements, REGENT, size)
    if regent is None:
        return Target(name, "-", None)
    if not regent.usable:
        return Target(name, f"regent plan failed: {regent.failure or regent.check.shown}", False)
    found = rule(regent, measurements)
    return Target(name, "-", None) if found is None else replace(found, name=name)


def under_1k_limit(regent: Measurement, _: list[Measurement]) -> Target:
    return Target("", f"{regent.median:.3f} s", regent.median < 0.35)


def faster_than_each_peer(regent: Measurement, measurements: list[Measurement]) -> Target | None:
    peers = working_peers(measurements, regent.size)
    if not peers:
        return None
    passed = all(regent.median < peer.median for peer in peers)
    return Target("", f"{regent.median:.3f} s vs {peer_list(peers)}", passed)


def near_the_floor(regent: Measurement, measurements: list[Measurement]) -> Target | None:
    floor = find(measurements, FLOOR, regent.size)
    if floor is None or not floor.usable:
        return None
    ratio = regent.median / floor.median
    detail = f"{regent.median:.3f} s / {floor.median:.3f} s = {ratio:.2f}x"
    return Target("", detail, ratio <= 2)


def small_peak_rss(regent: Measurement, _: list[Measurement]) -> Target:
    return Target("", f"{regent.peak_mb:.0f} MB", regent.peak_mb < 150)


def twice_the_fastest_peer(regent: Measurement, measurements: list[Measurement]) -> Target | None:
    peers = working_peers(measurements, regent.size)
    if not peers:
        return None
    fastest = min(peers, key=lambda peer: peer.median)
    speed_up = fastest.median / regent.median
    detail = f"{speed_up:.1f}x ({regent.median:.3f} s vs {peer_list([fastest])})"
    return Target("", detail, speed_up >= 2)


def targets(measurements: list[Measurement], start_up: StartUp) -> list[Target]:
    rules: list[tuple[str, int, Rule]] = [
        ("1k: `regent plan` under 0.35 s", 1_000, under_1k_limit),
        ("10k: faster than each peer", 10_000, faster_than_each_peer),
        ("100k: within 2x the `git log` floor", 100_000, near_the_floor),
        ("100k: peak RSS under 150 MB", 100_000, small_peak_rss),
        ("100k: at least 2x faster than the fastest peer", 100_000, twice_the_fastest_peer),
    ]
    found = [regent_target(name, size, measurements, rule) for name, size, rule in rules]
    return [*found, version_target(start_up), import_target(start_up)]


def version_target(start_up: StartUp) -> Target:
    detail = f"{start_up.version_median:.3f} s (prints `{start_up.version_output}`)"
    passed = start_up.version_output.startswith("regent ") and start_up.version_median < 0.2
    return Target("`regent --version` under 0.2 s", detail, passed)


def import_target(start_up: StartUp) -> Target:
    name = "`regent plan` does not import PyGithub"
    if not start_up.plan_ok:
        return Target(name, "`regent plan` failed under -X importtime", False)
    imported = ", ".join(start_up.github_modules[:3]) or "none"
    detail = f"github modules imported: {imported} (of {start_up.module_count} modules)"
    return Target(name, detail, not start_up.github_modules)


# --- report ----------------------------------------------------------------------------


def size_label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def results_table(measurements: list[Measurement]) -> list[str]:
    lines = [
        "| size | tool | median s | min s | CPU s | runs | peak RSS MB | x floor | output |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for measurement in measurements:
        lines.append(result_row(measurement, find(measurements, FLOOR, measurement.size)))
    return lines


def result_row(measurement: Measurement, floor: Measurement | None) -> str:
    label, name = size_label(measurement.size), measurement.tool.name
    if not measurement.usable:
        reason = measurement.failure or measurement.check.shown
        return f"| {label} | {name} | - | - | - | - | - | - | FAILED: {reason} |"
    ratio = f"{measurement.median / floor.median:.2f}" if floor and floor.usable else "-"
    fastest = min(sample.seconds for sample in measurement.samples)
    return (
        f"| {label} | {name} | {measurement.median:.3f} | {fastest:.3f} | "
        f"{measurement.median_cpu:.3f} | {len(measurement.samples)} | "
        f"{measurement.peak_mb:.0f} | {ratio} | {measurement.check.shown} |"
    )


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


def machine_lines(regent: Path, load: tuple[str, str]) -> list[str]:
    return [
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {os.cpu_count()} CPUs ({cpu_model()}), {platform.platform()}",
        f"- load average (1 min) at start / end: {load[0]} / {load[1]}",
        f"- Python {platform.python_version()}, {command_output(['git', '--version'])}",
        f"- {command_output([str(regent), '--version'])}, checkout {project_commit()}",
        f"- {command_output([str(PEERS / 'git-cliff'), '--version'])}",
        f"- commitizen {command_output([str(PEERS / 'cz'), 'version'])}",
        f"- {command_output([str(PEERS / 'semantic-release'), '--version'])}",
    ]


METHOD = """\
Each repository holds the stated number of commits after a lightweight `v1.0.0` tag
(`bench/generate.py`, seed 1, one `git fast-import` stream; about 2% are pull-request
merges). Commands, run in the repository:

- git log (floor): `git log --format=%H%x00%B%x00 v1.0.0..HEAD`
- regent plan: `regent plan --format json <repo>`
- git-cliff: `git-cliff --bumped-version`
- commitizen: `cz bump --dry-run`
- semantic-release: `semantic-release --noop version --print`

Times are whole-process wall clock, median of the runs shown ("CPU s": median user +
system CPU time, less sensitive to other load on the machine), after one untimed warm-up
run that also checks the output (column "output": the version printed, or the commit
count for the floor). Runs are interleaved round-robin across tools. Wall time and peak
RSS come from `bench/spawn.c`, a tiny fork-exec wrapper: peak RSS is the largest
`ru_maxrss` over the runs, from `wait4` on the tool's process (the larger of its own and
that of any process it waited for, not their sum), in MB of 10^6 bytes. "x floor" is
the median divided by the floor's median at the same size."""


def report(
    measurements: list[Measurement],
    start_up: StartUp,
    regent: Path,
    load: tuple[str, str],
) -> str:
    lines = ["# Benchmark results", "", "Written by `.venv/bin/python bench/run.py`.", ""]
    lines += ["## Machine", "", *machine_lines(regent, load), "", "## Method", "", METHOD, ""]
    lines += ["## Results", "", *results_table(measurements), ""]
    lines += ["## Targets", "", *targets_table(targets(measurements, start_up)), ""]
    return "\n".join(lines)


# --- main ------------------------------------------------------------------------------


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="comma-separated commit counts (default: 1000,10000,100000)",
    )
    parser.add_argument("--quick", action="store_true", help="only 1000 commits; no RESULTS.md")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool (default 5)")
    parser.add_argument(
        "--slow-runs",
        type=int,
        default=3,
        help=f"timed runs per peer tool at {SLOW_PEER_SIZE} commits and more (default 3)",
    )
    parser.add_argument(
        "--regent",
        type=Path,
        default=Path(sys.executable).parent / "regent",
        help="the regent executable (default: beside this Python)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the report (default: bench/RESULTS.md, except with --quick)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    sizes = [1_000] if args.quick else [int(size) for size in args.sizes.split(",")]
    output = args.output or (None if args.quick else RESULTS)
    ensure_peers()
    load_start = f"{os.getloadavg()[0]:.2f}"
    all_tools, runs = tools(args.regent), Runs(args.runs, args.slow_runs)
    measurements = [m for size in sizes for m in measure_size(size, all_tools, runs)]
    start_up = measure_start_up(args.regent, repository(min(sizes))[0])
    text = report(measurements, start_up, args.regent, (load_start, f"{os.getloadavg()[0]:.2f}"))
    print(text)
    if output is not None:
        output.write_text(text)
        print(f"written to {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
