"""Generate a git repository with N Conventional Commits after a ``v1.0.0`` tag.

Usage: ``python bench/generate.py --commits N --out DIR [--seed S] [--profile P] [--force]``

The whole history is written as one ``git fast-import`` stream (no git process per
commit), so 100k commits take seconds. The first commit holds a ``pyproject.toml`` at
version 1.0.0 with the settings each peer tool needs to work offline, plus a
``cliff.toml``; it is tagged ``v1.0.0`` (lightweight). Every later commit edits one file
from a small rotating set. About one commit in 50 is a pull-request merge, so merge
commits and their side commits are part of the count. The output is deterministic for a
given seed. A JSON summary (commit counts, expected next version) goes to stdout.

``--profile hostile`` shapes the history like the repositories that exposed per-commit scans:
about one commit in ten is a GitHub revert-button squash (``Revert "<subject>" (#N)`` with the
body ``Reverts owner/repo#M``, no sha) of an earlier commit, of a subject that never existed, or
of an earlier revert (chains); one in twenty carries ``(cherry picked from commit <prefix>)``
with a short prefix that names no commit; one in 500 has a 200 KB pasted body, a 10,000-line
footer block, a 100 KB subject or bytes that are not UTF-8. Its summary has no expected
version (the reverts decide it).

``--profile monorepo`` writes 20 components under ``packages/<name>``, each tagged
``<name>-v1.0.0`` on the first commit, and commits touching one component, several, or only
files outside every component (bench/generate_monorepo.py); its summary has each component's
expected next version.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

BASE_VERSION = "1.0.0"
TAG = f"v{BASE_VERSION}"
BRANCH = "main"
START_TIMESTAMP = 1_672_531_200  # 2023-01-01T00:00:00Z
LINES_PER_FILE = 24
MERGE_RATE = 0.02
BREAKING_RATE = 0.004
BODY_RATE = 0.45
PROFILES = ("standard", "hostile", "monorepo")
REPOSITORY = "example/bench-app"
REVERT_RATE = 0.1
CHERRY_PICK_RATE = 0.05
HUGE_RATE = 0.002
# fast-import deflates every object with a fresh zlib stream; glibc serves those buffers
# with mmap/munmap by default, which costs more system time than the compression itself.
FAST_IMPORT_MALLOC = "glibc.malloc.mmap_threshold=4194304:glibc.malloc.trim_threshold=67108864"

PYPROJECT = f"""\
[project]
name = "bench-app"
version = "{BASE_VERSION}"
description = "Synthetic project for the Release Regent benchmark."
requires-python = ">=3.11"

[tool.commitizen]
name = "cz_conventional_commits"
version_provider = "pep621"
tag_format = "v$version"
update_changelog_on_bump = false

[tool.semantic_release]
version_toml = ["pyproject.toml:project.version"]
tag_format = "v{{version}}"
commit_parser = "conventional"
allow_zero_version = false
major_on_zero = true
build_command = ""

[tool.semantic_release.branches.main]
match = "main"
prerelease = false

[tool.semantic_release.changelog]
mode = "init"
"""

CLIFF_TOML = """\
[changelog]
header = "# Changelog\\n"
body = \"\"\"
## {{ version | default(value="Unreleased") }}
{% for group, commits in commits | group_by(attribute="group") %}
### {{ group }}
{% for commit in commits %}
- {% if commit.scope %}**{{ commit.scope }}:** {% endif %}{{ commit.message }}\\
{% endfor %}
{% endfor %}
\"\"\"
trim = true

[git]
conventional_commits = true
filter_unconventional = true
split_commits = false
tag_pattern = "v[0-9].*"
topo_order = false
sort_commits = "oldest"
commit_parsers = [
  { message = "^feat", group = "Features" },
  { message = "^fix", group = "Bug Fixes" },
  { message = "^perf", group = "Performance" },
  { message = "^refactor", group = "Refactoring" },
  { message = "^docs", group = "Documentation" },
  { message = ".*", group = "Other" },
]
"""

INITIAL_FILES = {
    "pyproject.toml": PYPROJECT,
    "cliff.toml": CLIFF_TOML,
    ".gitignore": "__pycache__/\n*.egg-info/\n",
}

ROTATING_FILES = (
    "src/bench_app/api.py",
    "src/bench_app/cli.py",
    "src/bench_app/core.py",
    "src/bench_app/parser.py",
    "src/bench_app/config.py",
    "docs/guide.md",
    "tests/test_core.py",
    "README.md",
)

# type -> (weight, verbs)
COMMIT_TYPES = {
    "feat": (24, ("add", "support", "introduce", "allow", "expose")),
    "fix": (30, ("handle", "correct", "prevent errors on", "guard against", "repair")),
    "docs": (10, ("document", "clarify", "describe", "explain")),
    "chore": (12, ("tidy", "update tooling for", "bump dependencies of", "clean up")),
    "refactor": (9, ("simplify", "extract helpers from", "split", "rename parts of")),
    "perf": (5, ("speed up", "cache", "stream", "avoid copies in")),
    "test": (6, ("cover", "add cases for", "harden tests of")),
    "ci": (2, ("run checks for", "cache builds of")),
    "build": (2, ("package", "pin the toolchain for")),
}
SCOPES = ("api", "cli", "core", "parser", "config", "auth", "deps", "changelog", "git", "")
OBJECTS = (
    "retries on rate limits",
    "empty changelog sections",
    "tag pattern matching",
    "shallow clones",
    "monorepo components",
    "pre-release versions",
    "token masking",
    "YAML config errors",
    "release notes rendering",
    "merge commit subjects",
    "footer parsing",
    "the release branch",
    "large histories",
    "unicode in commit messages",
    "webhook signatures",
    "version file updates",
)
BODY_SENTENCES = (
    "The previous behaviour surprised users who keep long-lived branches.",
    "This keeps the output stable across runs on the same history.",
    "Nothing changes for repositories that use the default settings.",
    "A regression test reproduces the report from the issue tracker.",
    "The old code path walked the history twice; one pass is enough.",
    "Errors now name the file and the key that caused them.",
    "Large repositories saw this most, with thousands of commits per release.",
    "The option is off by default and documented in the guide.",
)
AUTHORS = (
    ("Ada Lovelace", "ada@example.com"),
    ("Grace Hopper", "grace@example.com"),
    ("Linus Ek", "linus.ek@example.com"),
    ("Margaret Hamilton", "mh@example.com"),
    ("José Álvarez", "jose@example.com"),
    ("Chen Wei", "chen.wei@example.com"),
)


@dataclass
class Stats:
    """What the generator wrote after the tag, and the version it implies."""

    commits: int = 0
    merges: int = 0
    breaking: int = 0
    types: dict[str, int] = field(default_factory=dict)
    components: dict[str, str | None] = field(default_factory=dict)
    """The monorepo profile's expected next version of each component (None: no release)."""
    outside: int = 0
    """The monorepo profile's commits outside every component (merges included)."""

    def record(self, commit_type: str, breaking: bool) -> None:
        self.commits += 1
        self.types[commit_type] = self.types.get(commit_type, 0) + 1
        self.breaking += int(breaking)

    def bump(self) -> str:
        if self.breaking:
            return "major"
        if self.types.get("feat"):
            return "minor"
        if self.types.get("fix") or self.types.get("perf"):
            return "patch"
        return "none"

    def expected_version(self) -> str:
        major, minor, patch = (int(part) for part in BASE_VERSION.split("."))
        bump = self.bump()
        if bump == "major":
            return f"{major + 1}.0.0"
        if bump == "minor":
            return f"{major}.{minor + 1}.0"
        if bump == "patch":
            return f"{major}.{minor}.{patch + 1}"
        return BASE_VERSION


class StreamWriter:
    """Builds a ``git fast-import`` stream: commits with inline file contents."""

    def __init__(self, rng: random.Random, sink: IO[bytes]) -> None:
        self.rng = rng
        self.write = sink.write
        self.next_mark = 1
        self.timestamp = START_TIMESTAMP
        self.files = {path: _initial_lines(path) for path in ROTATING_FILES}

    def commit(
        self, message: str | bytes, parents: tuple[int, ...], changes: dict[str, str]
    ) -> int:
        mark = self.next_mark
        self.next_mark += 1
        self.timestamp += self.rng.randint(60, 1200)
        name, email = self.rng.choice(AUTHORS)
        ident = f"{name} <{email}> {self.timestamp} +0000"
        self.write(
            f"commit refs/heads/{BRANCH}\nmark :{mark}\n"
            f"author {ident}\ncommitter {ident}\n".encode()
        )
        self._data(message)
        if parents:
            self.write(f"from :{parents[0]}\n".encode())
        for parent in parents[1:]:
            self.write(f"merge :{parent}\n".encode())
        for path, content in changes.items():
            self.write(f"M 100644 inline {path}\n".encode())
            self._data(content)
        self.write(b"\n")
        return mark

    def touch(self, revision: int) -> dict[str, str]:
        """Edit one line of the next file in the rotation and return the change."""
        path = ROTATING_FILES[revision % len(ROTATING_FILES)]
        lines = self.files[path]
        lines[(revision // len(ROTATING_FILES)) % LINES_PER_FILE] = f"revision {revision}"
        return {path: _render(path, lines)}

    def tag(self, name: str, mark: int) -> None:
        self.write(f"reset refs/tags/{name}\nfrom :{mark}\n\n".encode())

    def _data(self, text: str | bytes) -> None:
        payload = text if isinstance(text, bytes) else text.encode()
        self.write(b"data %d\n%s\n" % (len(payload), payload))


def _initial_lines(path: str) -> list[str]:
    return [f"{Path(path).stem} line {index}" for index in range(LINES_PER_FILE)]


def _render(path: str, lines: list[str]) -> str:
    prefix = "# " if path.endswith(".py") else ""
    return "".join(f"{prefix}{line}\n" for line in lines)


class MessageFactory:
    """Realistic Conventional Commit messages, drawn from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.types = list(COMMIT_TYPES)
        self.weights = [weight for weight, _ in COMMIT_TYPES.values()]
        self.pr_number = 100

    def conventional(self) -> tuple[str, str, bool]:
        """Return (message, type, is_breaking)."""
        rng = self.rng
        commit_type = rng.choices(self.types, self.weights)[0]
        scope = rng.choice(SCOPES)
        verb = rng.choice(COMMIT_TYPES[commit_type][1])
        breaking = rng.random() < BREAKING_RATE
        bang = "!" if breaking and rng.random() < 0.5 else ""
        header = f"{commit_type}{f'({scope})' if scope else ''}{bang}: {verb} {rng.choice(OBJECTS)}"
        if rng.random() < 0.7:
            header += f" (#{self.next_pr()})"
        paragraphs = [header]
        if rng.random() < BODY_RATE:
            paragraphs.append(self.body())
        footers = self.footers(breaking and not bang)
        if footers:
            paragraphs.append("\n".join(footers))
        return "\n\n".join(paragraphs) + "\n", commit_type, breaking

    def merge(self, side_subject: str) -> str:
        branch = side_subject.split(":", 1)[0].replace("(", "-").rstrip(")!")
        user = self.rng.choice(AUTHORS)[1].split("@", 1)[0]
        return (
            f"Merge pull request #{self.next_pr()} from {user}/{branch}-{self.pr_number}\n\n"
            f"{side_subject}\n"
        )

    def next_pr(self) -> int:
        self.pr_number += self.rng.randint(1, 4)
        return self.pr_number

    def body(self) -> str:
        sentences = self.rng.sample(BODY_SENTENCES, self.rng.randint(1, 3))
        return textwrap.fill(" ".join(sentences), width=72)

    def footers(self, breaking_footer: bool) -> list[str]:
        rng = self.rng
        footers = []
        if breaking_footer:
            footers.append(f"BREAKING CHANGE: {rng.choice(OBJECTS)} now follow the new format.")
        if rng.random() < 0.15:
            footers.append(f"Refs: #{rng.randint(10, self.pr_number)}")
        if rng.random() < 0.1:
            name, email = rng.choice(AUTHORS)
            footers.append(f"Co-authored-by: {name} <{email}>")
        return footers


def write_stream(sink: IO[bytes], commits: int, seed: int, profile: str = "standard") -> Stats:
    """Write the fast-import stream: the tagged base commit and ``commits`` after it."""
    if profile == "monorepo":
        from generate_monorepo import write_monorepo_stream  # a cycle: it imports this module

        return write_monorepo_stream(sink, commits, seed)
    rng = random.Random(seed)
    writer = StreamWriter(rng, sink)
    messages = MessageFactory(rng)
    hostile = HostileMessages(rng, messages) if profile == "hostile" else None
    stats = Stats()
    base_files = {path: _render(path, lines) for path, lines in writer.files.items()}
    head = writer.commit("chore: initial import\n", (), {**INITIAL_FILES, **base_files})
    writer.tag(TAG, head)

    def conventional_commit(parent: int) -> tuple[int, str]:
        message, commit_type, breaking = messages.conventional()
        stats.record(commit_type, breaking)
        if hostile is not None:
            hostile.remember(message.split("\n", 1)[0])
        return writer.commit(message, (parent,), writer.touch(stats.commits)), message

    while stats.commits < commits:
        if commits - stats.commits >= 3 and rng.random() < MERGE_RATE:
            side, side_message = conventional_commit(head)
            main, _ = conventional_commit(head)
            head = writer.commit(messages.merge(side_message.split("\n", 1)[0]), (main, side), {})
            stats.commits += 1
            stats.merges += 1
        elif hostile is not None and (odd := hostile.next_message()) is not None:
            stats.record(*odd[1:])
            head = writer.commit(odd[0], (head,), writer.touch(stats.commits))
        else:
            head, _ = conventional_commit(head)
    return stats


class HostileMessages:
    """The messages of the hostile profile: reverts by subject and PR, stray picks, junk."""

    def __init__(self, rng: random.Random, messages: MessageFactory) -> None:
        self.rng = rng
        self.messages = messages
        self.subjects: list[str] = []
        self.reverts: list[str] = []

    def remember(self, subject: str) -> None:
        self.subjects.append(subject)

    def next_message(self) -> tuple[str | bytes, str, bool] | None:
        """A hostile message with its type and breaking flag, or None for an ordinary commit."""
        roll = self.rng.random()
        if roll < REVERT_RATE and self.subjects:
            return self.revert(), "revert", False
        roll -= REVERT_RATE
        if roll < CHERRY_PICK_RATE:
            return self.stray_cherry_pick(), "fix", False
        roll -= CHERRY_PICK_RATE
        if roll < HUGE_RATE:
            return self.junk(), "fix", False
        return None

    def revert(self) -> str:
        rng = self.rng
        choice = rng.random()
        if choice < 0.1:
            target = f"feat(ghost): add a thing that never existed (#{rng.randint(1, 99)})"
        elif choice < 0.2 and self.reverts:
            target = rng.choice(self.reverts)
        else:
            target = rng.choice(self.subjects)
        number = self.messages.next_pr()
        subject = f'Revert "{target}" (#{number})'
        self.reverts.append(subject)
        reverted = target.rsplit("(#", 1)[-1].rstrip(")") if target.endswith(")") else "1"
        return f"{subject}\n\nReverts {REPOSITORY}#{reverted}\n"

    def stray_cherry_pick(self) -> str:
        prefix = "".join(self.rng.choices("0123456789abcdef", k=self.rng.randint(7, 12)))
        return f"fix(core): backport a guard\n\n(cherry picked from commit {prefix})\n"

    def junk(self) -> str | bytes:
        kind = self.rng.randrange(4)
        if kind == 0:
            trace = "".join(f'  File "app.py", line {n}, in handler\n' for n in range(5000))
            return f"fix(api): survive a pasted trace\n\n{trace}"
        if kind == 1:
            footers = "".join(f"Refs: #{n}\n" for n in range(10_000))
            return f"fix(api): close many issues\n\n{footers}"
        if kind == 2:
            return "fix(api): " + "long " * 20_000 + "\n"
        return b"fix(api): accept caf\xe9 and \xff\xfe bytes\n\nLatin-1 \xe9\xe8 body\n"


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True)
    return result.stdout.decode()


def _fast_import(repo: Path, commits: int, seed: int, profile: str) -> Stats:
    """Stream the history into ``git fast-import`` while it is being generated."""
    env = {**os.environ, "GLIBC_TUNABLES": FAST_IMPORT_MALLOC}
    command = ["git", "-C", str(repo), "fast-import", "--quiet"]
    with subprocess.Popen(command, stdin=subprocess.PIPE, bufsize=1 << 20, env=env) as importer:
        assert importer.stdin is not None
        stats = write_stream(importer.stdin, commits, seed, profile)
        importer.stdin.close()
        if importer.wait() != 0:
            raise subprocess.CalledProcessError(importer.returncode, command)
    return stats


def generate(out: Path, commits: int, seed: int = 1, profile: str = "standard") -> Stats:
    """Create the repository at ``out`` (which must not exist or be empty)."""
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    _git(out, "init", "--quiet", f"--initial-branch={BRANCH}")
    for key, value in (
        ("user.name", "Bench User"),
        ("user.email", "bench@example.com"),
        ("commit.gpgsign", "false"),
        ("tag.gpgsign", "false"),
        ("remote.origin.url", "https://github.com/example/bench-app.git"),
    ):
        _git(out, "config", key, value)
    stats = _fast_import(out, commits, seed, profile)
    _git(out, "reset", "--quiet", "--hard", BRANCH)
    return stats


def summary(out: Path, stats: Stats, seed: int, profile: str) -> dict[str, object]:
    if profile == "monorepo":
        from generate_monorepo import monorepo_summary  # a cycle: it imports this module

        return {"path": str(out), "seed": seed, **monorepo_summary(stats)}
    return {
        "path": str(out),
        "seed": seed,
        "profile": profile,
        "tag": TAG,
        "commits_after_tag": stats.commits,
        "merges": stats.merges,
        "breaking": stats.breaking,
        "types": dict(sorted(stats.types.items())),
        "bump": stats.bump(),
        "expected_version": stats.expected_version() if profile == "standard" else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--commits", type=int, required=True, help="commits after the tag")
    parser.add_argument("--out", type=Path, required=True, help="repository to create")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--profile", choices=PROFILES, default="standard", help="history shape")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = parser.parse_args(argv)
    if args.commits < 0:
        parser.error("--commits must be >= 0")
    if args.force and args.out.exists():
        shutil.rmtree(args.out)
    try:
        stats = generate(args.out, args.commits, args.seed, args.profile)
    except FileExistsError as error:
        parser.error(str(error))
    json.dump(summary(args.out, stats, args.seed, args.profile), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
