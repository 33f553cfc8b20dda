"""The measured commands: the `git log` floor, regent and the peer tools, and their checks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generate import TAG
from spawning import BENCH

PEERS = BENCH / ".peers" / "bin"
FLOOR = "git log (floor)"
REGENT = "regent plan"
VERSION = re.compile(r"^v?\d+\.\d+\.\d+\S*$")


@dataclass(frozen=True)
class Check:
    ok: bool
    shown: str


@dataclass(frozen=True)
class Tool:
    name: str
    argv: Callable[[Path], list[str]]
    check: Callable[[Path, dict[str, object]], Check]
    is_peer: bool = False


def check_floor(output: Path, meta: dict[str, object]) -> Check:
    """Every commit printed: counted in chunks, as 1M hostile commits print gigabytes."""
    nuls = 0
    with output.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            nuls += chunk.count(b"\0")
    records = nuls // 2
    return Check(records == meta["commits_after_tag"], f"{records} commits")


def text(output: Path) -> str:
    return output.read_text(errors="replace")


def check_version(found: str | None, meta: dict[str, object]) -> Check:
    """The expected version; on a hostile history (no expected version) any version."""
    if found is None:
        return Check(False, "no version in output")
    expected = meta.get("expected_version")
    if expected is None:
        return Check(bool(VERSION.match(found)), found)
    return Check(found.removeprefix("v") == expected, found)


def check_regent(output: Path, meta: dict[str, object]) -> Check:
    try:
        plan = json.loads(text(output))
    except json.JSONDecodeError:
        return Check(False, "output is not JSON")
    result = check_version(plan.get("next_version"), meta)
    commits = plan.get("commits")
    if result.ok and isinstance(commits, list):
        return Check(True, f"{result.shown}, {len(commits)} commits")
    return result


def check_cliff(output: Path, meta: dict[str, object]) -> Check:
    return check_version(text(output).strip() or None, meta)


def check_commitizen(output: Path, meta: dict[str, object]) -> Check:
    match = re.search(r"bump: version \S+ → (\S+)", text(output))
    return check_version(match.group(1) if match else None, meta)


def check_semantic_release(output: Path, meta: dict[str, object]) -> Check:
    lines = text(output).strip().splitlines()
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
    """Install the peers into bench/.peers/ once; if that fails, they are reported as failed."""
    if all((PEERS / name).exists() for name in ("git-cliff", "cz", "semantic-release")):
        return
    print("installing peer tools into bench/.peers/ ...", file=sys.stderr)
    try:
        subprocess.run(["bash", str(BENCH / "install_peers.sh"), sys.executable], check=True)
    except subprocess.CalledProcessError as error:
        print(f"installing the peers failed ({error}); they will show as FAILED", file=sys.stderr)
