"""``bench/run.py --monorepo``: ``regent plan --format json`` on the monorepo profile (20
components) against the ``git log --name-only`` floor; writes only its section of RESULTS.md.

Issue 15's target: within 2.5x the floor at 100k commits. The floor is the one pass any
monorepo tool must make: every commit's message and the files it changes.
"""

from __future__ import annotations

import datetime
import json
import os
import textwrap
from pathlib import Path

from contenders import FLOOR, REGENT, Check, Tool, check_floor
from measuring import Measurement, Runs, measure_repository
from report import project_commit, result_row, size_label
from repos import repository
from sections import write_section

PROFILE = "monorepo"
HEADING = "## Monorepo: `regent plan` with 20 components"
TARGET_RATIO = 2.5
TARGET_SIZE = 100_000


METHOD = (
    "`bench/generate.py --profile monorepo`: 20 components under `packages/<name>`, each "
    "tagged `<name>-v1.0.0` on the first commit, then the stated number of commits (the "
    "standard profile's messages, about 2% pull-request merges): 75% touch one component, "
    "15% two or three, 10% only files outside every component. The floor is "
    "`git log --name-only --format=%H%x00%B%x00 api-v1.0.0..HEAD`; regent's answer is "
    "checked against every component's expected version and the count of commits outside "
    "every component. Times as in Method above (median wall, interleaved runs)."
)


def check_components(output: Path, meta: dict[str, object]) -> Check:
    """Every component's next version is the one the generator expects, and the commits
    outside every component are all listed."""
    plan = json.loads(output.read_text(errors="replace"))
    found = {entry["name"]: entry["next_version"] for entry in plan["components"]}
    expected = meta["expected_components"]
    outside = len(plan["outside"])
    if found != expected:
        known = expected if isinstance(expected, dict) else {}
        wrong = sorted(name for name in found if found[name] != known.get(name))
        return Check(False, f"wrong versions: {', '.join(wrong) or 'components differ'}")
    if outside != meta["outside"]:
        return Check(False, f"{outside} commits outside, expected {meta['outside']}")
    released = sum(version is not None for version in found.values())
    return Check(True, f"{len(found)} components ({released} released), {outside} outside")


def monorepo_tools(regent: Path, tag: str) -> list[Tool]:
    floor = ["git", "log", "--name-only", "--format=%H%x00%B%x00", f"{tag}..HEAD"]
    return [
        Tool(FLOOR, lambda _: floor, check_floor),
        Tool(
            REGENT,
            lambda repo: [str(regent), "plan", "--format", "json", str(repo)],
            check_components,
        ),
    ]


def target_line(measurements: list[Measurement]) -> str:
    """Issue 15's target, PASS or FAIL, or not measured."""
    by_tool = {(m.tool.name, m.size): m for m in measurements}
    regent, floor = by_tool.get((REGENT, TARGET_SIZE)), by_tool.get((FLOOR, TARGET_SIZE))
    name = f"100k monorepo, regent plan within {TARGET_RATIO}x the `git log --name-only` floor"
    if regent is None or floor is None or not (regent.usable and floor.usable):
        return f"| {name} | not measured | - |"
    ratio = regent.median / floor.median
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    return f"| {name} | {ratio:.2f}x ({regent.median:.3f} s / {floor.median:.3f} s) | {verdict} |"


def section(
    measurements: list[Measurement],
    repositories: list[dict[str, object]],
    *,
    load: tuple[str, str],
    command: str,
    note: str,
) -> str:
    lines = [
        HEADING,
        "",
        f"Written by `{command}` (this section only).",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- load average (1 min) at start / end: {load[0]} / {load[1]}",
        f"- regent checkout {project_commit()}",
    ]
    lines += [f"- {note}"] if note else []
    lines += [
        "",
        *textwrap.wrap(METHOD, width=96, break_on_hyphens=False),
        "",
        "| size | commits | merges | outside | generated in s | this run |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for meta in repositories:
        size = int(str(meta["commits_after_tag"]))
        reused = "reused from bench/.work/" if meta["cached"] else "generated"
        lines.append(
            f"| {size_label(size)} | {size} | {meta['merges']} | {meta['outside']} | "
            f"{meta['generate_seconds']} | {reused} |"
        )
    lines += [
        "",
        "| profile | size | tool | median s | min s | CPU s | runs | peak RSS MB | x floor "
        "| output |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    floors = {m.size: m for m in measurements if m.tool.name == FLOOR}
    lines += [result_row(m, floors.get(m.size)) for m in measurements]
    lines += ["", "| target | measured | result |", "|---|---|---|", target_line(measurements)]
    return "\n".join(lines) + "\n"


def run_monorepo(
    *, sizes: list[int], regent: Path, runs: Runs, output: Path | None, command: str, note: str
) -> str:
    """Measure every size, print the section and write it into ``output`` (if any)."""
    load_start = f"{os.getloadavg()[0]:.2f}"
    measurements: list[Measurement] = []
    repositories: list[dict[str, object]] = []
    for size in sizes:
        repo, meta = repository(PROFILE, size)
        repositories.append(meta)
        tools = monorepo_tools(regent, str(meta["tag"]))
        measurements += measure_repository(repo, meta, tools, runs)
    load = (load_start, f"{os.getloadavg()[0]:.2f}")
    text = section(measurements, repositories, load=load, command=command, note=note)
    if output is not None:
        write_section(output, HEADING, text)
    return text
