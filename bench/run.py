"""Time ``regent plan --format json`` against the ``git log`` floor and peer release tools.

Usage (from the repository root): ``.venv/bin/python bench/run.py [--quick] [--sizes ...]
[--profiles ...]``

For each profile and size it generates (or reuses, from bench/.work/) a repository with that
many commits after ``v1.0.0``, checks every tool's answer in an untimed warm-up, then times
whole-process runs, interleaved round-robin so background load hits every tool alike; every
run is killed after ``--timeout`` seconds. The modules beside this one do the parts:
spawning.py (one measured process), contenders.py (the commands and their checks), repos.py (the
cached repositories), measuring.py (warm-up and timed runs), targets.py and report.py. The
Markdown report goes to stdout and, for a full run, to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from contenders import ensure_peers, tools
from measuring import Measurement, Runs, measure_repository
from monorepo_run import HEADING as MONOREPO_HEADING
from monorepo_run import run_monorepo
from report import Run, report
from repos import repository
from spawning import BENCH, WORK
from targets import measure_start_up

RESULTS = BENCH / "RESULTS.md"
SIZES = (1_000, 10_000, 100_000, 1_000_000)
PROFILES = ("standard", "hostile")
TIMEOUT_SECONDS = 120.0
MONOREPO_SIZE = 100_000
KEPT_SECTIONS = (
    "## Where the time goes",
    "## regent serve: acknowledging deliveries",
    MONOREPO_HEADING,
)
"""Sections written by hand or by serve_load.py: a new report keeps them, from the first found."""


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="comma-separated commit counts (default: 1000,10000,100000,1000000)",
    )
    parser.add_argument(
        "--profiles",
        default=",".join(PROFILES),
        help="comma-separated history profiles of bench/generate.py (default: standard,hostile)",
    )
    parser.add_argument("--quick", action="store_true", help="only 1000 commits; no RESULTS.md")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool (default 5)")
    parser.add_argument(
        "--slow-runs",
        type=int,
        default=3,
        help="timed runs per peer tool at 100000 commits and more (default 3)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=TIMEOUT_SECONDS,
        help=f"seconds before any one run is killed and reported as a timeout "
        f"(default {TIMEOUT_SECONDS:.0f})",
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
    parser.add_argument(
        "--monorepo",
        action="store_true",
        help="regent plan on the monorepo profile (20 components) against the git log "
        "--name-only floor, no peers; writes only its section of the report (default size "
        "100000)",
    )
    parser.add_argument(
        "--note", default="", help="a line for the monorepo section (say, the machine was shared)"
    )
    args = parser.parse_args(argv)
    if args.monorepo and args.sizes == ",".join(map(str, SIZES)):
        args.sizes = str(MONOREPO_SIZE)
    args.sizes = [1_000] if args.quick else [int(size) for size in args.sizes.split(",")]
    args.profiles = [profile.strip() for profile in args.profiles.split(",") if profile.strip()]
    unknown = sorted(set(args.profiles) - set(PROFILES))
    if unknown:
        parser.error(f"unknown profile(s) {', '.join(unknown)}; choose from {', '.join(PROFILES)}")
    return args


def write_report(output: Path, text: str) -> None:
    """Write the report, keeping the kept sections (the profile notes, bench/serve_load.py's)."""
    previous = output.read_text() if output.exists() else ""
    found = [at for heading in KEPT_SECTIONS if (at := previous.find(f"\n{heading}")) >= 0]
    output.write_text(text + (previous[min(found) :] if found else ""))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    output = args.output or (None if args.quick else RESULTS)
    command = shlex.join([".venv/bin/python", "bench/run.py", *sys.argv[1:]])
    if args.monorepo:
        runs = Runs(args.runs, args.runs, args.timeout)
        text = run_monorepo(
            sizes=args.sizes,
            regent=args.regent,
            runs=runs,
            output=output,
            command=command,
            note=args.note,
        )
        print(text)
        return 0
    ensure_peers()
    load_start = f"{os.getloadavg()[0]:.2f}"
    all_tools = tools(args.regent)
    runs = Runs(args.runs, args.slow_runs, args.timeout)
    measurements: list[Measurement] = []
    repositories: list[dict[str, object]] = []
    for profile in args.profiles:
        for size in args.sizes:
            repo, meta = repository(profile, size)
            repositories.append(meta)
            measurements += measure_repository(repo, meta, all_tools, runs)
    first_repo = repository(args.profiles[0], min(args.sizes))[0]
    start_up = measure_start_up(args.regent, first_repo, WORK / "out" / "version.out", args.timeout)
    load = (load_start, f"{os.getloadavg()[0]:.2f}")
    run = Run(
        measurements=measurements,
        repositories=repositories,
        start_up=start_up,
        profiles=args.profiles,
        timeout=args.timeout,
        regent=args.regent,
        load=load,
        command=command,
    )
    text = report(run)
    print(text)
    if output is not None:
        write_report(output, text)
        print(f"written to {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
