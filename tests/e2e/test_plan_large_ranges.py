"""`regent plan` on long generated histories: a text summary instead of every commit, and
progress on a terminal's stderr only."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from regent.cli.plan_text import LISTED_COMMITS
from tests.gitrepo import GIT_ENV, plan_json, run_regent

pytestmark = pytest.mark.e2e

GENERATOR = Path(__file__).resolve().parents[2] / "bench" / "generate.py"
LONG = 4000
MORE = "more that bump (use --all to list every commit)"
PROGRESS = b"commits read"
PLAN_DAY = {"SOURCE_DATE_EPOCH": "1790000000"}
"""The day ``run_regent`` plans on: the changelog section is dated."""
# The real program with its 2 s progress delay set to ``after`` (argv[1]): no wall-clock test.
WITH_DELAY = (
    "import sys, regent.cli.progress as p; p.PROGRESS_AFTER = float(sys.argv[1]); "
    "from regent.cli import main; sys.exit(main(sys.argv[2:]))"
)

WITHOUT_ORJSON = (
    "import sys; sys.modules['orjson'] = None; "
    "from regent.cli import main; sys.exit(main(sys.argv[1:]))"
)


def generate(path: Path, *, commits: int, profile: str = "standard") -> Path:
    arguments = ["--commits", str(commits), "--out", str(path), "--profile", profile]
    subprocess.run(
        [sys.executable, str(GENERATOR), *arguments],
        capture_output=True,
        check=True,
    )
    return path


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("long") / "repo", commits=LONG, profile="hostile")


def run_with_stderr(
    repo: Path, tmp_path: Path, *, after: float, terminal: bool
) -> tuple[str, bytes]:
    """``regent plan --format json`` with stderr on a pseudo-terminal or a pipe."""
    stdout = tmp_path / "stdout.json"
    leader, follower = pty.openpty() if terminal else os.pipe()
    with stdout.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", WITH_DELAY, str(after), "plan", str(repo), "--format", "json"],
            stdout=out,
            stderr=follower,
            env={**os.environ, **GIT_ENV, **PLAN_DAY},
        )
    os.close(follower)
    stderr = b""
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # a pty's leader reads EIO once the program has exited
            break
        if not chunk:
            break
        stderr += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0, stderr
    return stdout.read_text(), stderr


def test_text_on_a_long_range_lists_the_commits_that_bump_and_points_to_all(
    long_history: Path,
) -> None:
    text = run_regent("plan", str(long_history)).stdout
    plan = plan_json(long_history)
    rows = plan["commits"]
    counted = sum(row["effect"] == "counted" for row in rows)
    assert f"Commits ({LONG}): {counted} counted, " in text
    levels = ("major", "minor", "patch")
    bumping = [row for row in rows if row["effect"] == "counted" and row["bump"] != "none"]
    bumping.sort(key=lambda row: levels.index(row["bump"]))  # stable: newest first in a level
    listed = [line.split()[0] for line in text.splitlines() if line.startswith("    ")][:-1]
    assert listed == [row["sha"][:7] for row in bumping][:LISTED_COMMITS]
    assert f"    and {len(bumping) - len(listed)} {MORE}" in text
    assert f"  and {LONG - len(bumping)} commits that do not bump: " in text
    assert len(text.splitlines()) < 4 * LISTED_COMMITS


def test_all_lists_every_commit_of_a_long_range(long_history: Path) -> None:
    listed = run_regent("plan", str(long_history), "--all").stdout
    assert all(row["sha"][:7] in listed for row in plan_json(long_history)["commits"])
    assert MORE not in listed


def test_a_long_run_on_a_terminal_shows_commits_read_on_stderr_not_in_json(
    long_history: Path, tmp_path: Path
) -> None:
    document, stderr = run_with_stderr(long_history, tmp_path, after=0, terminal=True)
    assert f"{LONG:,} {PROGRESS.decode()}".encode() in stderr
    assert stderr.endswith(b"\r\x1b[K")  # the progress line is cleared before the plan
    assert json.loads(document) == plan_json(long_history)


def test_no_progress_when_stderr_is_not_a_terminal(long_history: Path, tmp_path: Path) -> None:
    document, stderr = run_with_stderr(long_history, tmp_path, after=0, terminal=False)
    assert stderr == b""
    assert json.loads(document)["commits"]


def test_no_progress_on_a_terminal_before_the_delay(long_history: Path, tmp_path: Path) -> None:
    _, stderr = run_with_stderr(long_history, tmp_path, after=3600, terminal=True)
    assert PROGRESS not in stderr


def test_json_without_the_fast_extra_is_the_same_document(long_history: Path) -> None:
    standard = subprocess.run(
        [sys.executable, "-c", WITHOUT_ORJSON, "plan", str(long_history), "--format", "json"],
        capture_output=True,
        check=True,
        env={**os.environ, **GIT_ENV, **PLAN_DAY},
    )
    assert standard.stdout.isascii()
    assert json.loads(standard.stdout) == plan_json(long_history)
