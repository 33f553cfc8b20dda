"""The ``monorepo`` profile of bench/generate.py: 20 components under ``packages/<name>``.

The first commit holds ``.release-regent.yml`` listing the components, a ``package.json`` at
1.0.0 in each component's folder, and a few files outside every component; it is tagged
``<name>-v1.0.0`` for every component (lightweight). Then N commits, as in the standard
profile (the same messages, about 2% pull-request merges), each editing one line of files
chosen so that most touch one component, some several, and some only files outside every
component. The summary gives each component's expected next version.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import IO

from generate import MERGE_RATE, MessageFactory, Stats, StreamWriter

COMPONENTS = (
    "api", "cli", "core", "web", "auth", "billing", "search", "mail", "queue", "store",
    "cache", "metrics", "admin", "site", "sdk", "gateway", "worker", "scheduler", "notify", "ui",
)  # fmt: skip
FILES_PER_COMPONENT = ("src/index.js", "src/util.js", "README.md")
OUTSIDE_FILES = ("README.md", "docs/guide.md", ".github/workflows/ci.yml", "tools/lint.sh")
SEVERAL_RATE = 0.15
"""Commits touching two or three components."""
OUTSIDE_RATE = 0.1
"""Commits touching only files outside every component."""
BASE_VERSION = "1.0.0"
LINES_PER_FILE = 24


def component_tag(name: str) -> str:
    return f"{name}-v{BASE_VERSION}"


def config() -> str:
    entries = "".join(f"  - name: {name}\n    path: packages/{name}\n" for name in COMPONENTS)
    return f"components:\n{entries}"


def package(name: str) -> str:
    return json.dumps({"name": f"@bench/{name}", "version": BASE_VERSION}, indent=2) + "\n"


@dataclass
class ComponentStats:
    """Each component's strongest change after its tag, and the commits outside every one."""

    levels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COMPONENTS, 0))
    outside: int = 0

    def record(self, names: tuple[str, ...], commit_type: str, breaking: bool) -> None:
        level = 3 if breaking else 2 if commit_type == "feat" else int(commit_type in BUMPED)
        for name in names:
            self.levels[name] = max(self.levels[name], level)
        self.outside += int(not names)

    def expected_versions(self) -> dict[str, str | None]:
        """Each component's next version (None: nothing to release)."""
        return {name: _next(level) for name, level in self.levels.items()}


BUMPED = ("fix", "perf")


def _next(level: int) -> str | None:
    major, minor, patch = (int(part) for part in BASE_VERSION.split("."))
    return {
        0: None,
        1: f"{major}.{minor}.{patch + 1}",
        2: f"{major}.{minor + 1}.0",
        3: f"{major + 1}.0.0",
    }[level]


class Files:
    """The files the commits edit, one line at a time (deterministic contents)."""

    def __init__(self) -> None:
        paths = [f"packages/{n}/{f}" for n in COMPONENTS for f in FILES_PER_COMPONENT]
        self.lines = {path: [f"{path} line {i}" for i in range(LINES_PER_FILE)] for path in paths}
        self.lines.update(
            {path: [f"{path} line {i}" for i in range(LINES_PER_FILE)] for path in OUTSIDE_FILES}
        )

    def initial(self) -> dict[str, str]:
        files = {path: _render(lines) for path, lines in self.lines.items()}
        files[".release-regent.yml"] = config()
        files.update({f"packages/{name}/package.json": package(name) for name in COMPONENTS})
        return files

    def edit(self, paths: list[str], revision: int) -> dict[str, str]:
        changes = {}
        for path in paths:
            lines = self.lines[path]
            lines[revision % LINES_PER_FILE] = f"revision {revision}"
            changes[path] = _render(lines)
        return changes


def _render(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def pick(rng: random.Random) -> tuple[tuple[str, ...], list[str]]:
    """The components a commit touches and its files (an outside file now and then too)."""
    roll = rng.random()
    if roll < OUTSIDE_RATE:
        return (), [rng.choice(OUTSIDE_FILES)]
    several = roll < OUTSIDE_RATE + SEVERAL_RATE
    names = tuple(rng.sample(COMPONENTS, rng.randint(2, 3) if several else 1))
    paths = [f"packages/{name}/{rng.choice(FILES_PER_COMPONENT)}" for name in names]
    if rng.random() < 0.05:
        paths.append(rng.choice(OUTSIDE_FILES))
    return names, paths


def write_monorepo_stream(sink: IO[bytes], commits: int, seed: int) -> Stats:
    """Write the fast-import stream of the monorepo profile; its ``Stats`` with each
    component's expected version and the commits outside every component."""
    rng = random.Random(seed)
    writer = StreamWriter(rng, sink)
    messages = MessageFactory(rng)
    files = Files()
    stats, components = Stats(), ComponentStats()
    head = writer.commit("chore: import the packages\n", (), files.initial())
    for name in COMPONENTS:
        writer.tag(component_tag(name), head)

    def conventional_commit(parent: int) -> tuple[int, str]:
        message, commit_type, breaking = messages.conventional()
        stats.record(commit_type, breaking)
        names, paths = pick(rng)
        components.record(names, commit_type, breaking)
        return writer.commit(message, (parent,), files.edit(paths, stats.commits)), message

    while stats.commits < commits:
        if commits - stats.commits >= 3 and rng.random() < MERGE_RATE:
            side, side_message = conventional_commit(head)
            main, _ = conventional_commit(head)
            head = writer.commit(messages.merge(side_message.split("\n", 1)[0]), (main, side), {})
            stats.commits += 1
            stats.merges += 1
            components.outside += 1  # a merge changes no files of its own
        else:
            head, _ = conventional_commit(head)
    stats.components = components.expected_versions()
    stats.outside = components.outside
    return stats


def monorepo_summary(stats: Stats) -> dict[str, object]:
    """The JSON summary of a monorepo history (after ``path`` and ``seed``)."""
    return {
        "profile": "monorepo",
        "tag": component_tag(COMPONENTS[0]),
        "tags": sorted(component_tag(name) for name in COMPONENTS),
        "commits_after_tag": stats.commits,
        "merges": stats.merges,
        "breaking": stats.breaking,
        "types": dict(sorted(stats.types.items())),
        "outside": stats.outside,
        "expected_components": stats.components,
        "expected_version": None,
    }
