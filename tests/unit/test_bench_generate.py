"""The benchmark generator (bench/generate.py) builds a valid, tagged, conventional history."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[2] / "bench" / "generate.py"
COMMITS = 50
CONVENTIONAL_HEADER = re.compile(
    r"^(feat|fix|docs|chore|refactor|perf|test|ci|build)(\([a-z]+\))?!?: \S.*$"
)
MERGE_HEADER = re.compile(r"^Merge pull request #\d+ from \S+$")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    repo = tmp_path_factory.mktemp("bench") / "repo"
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--commits", str(COMMITS), "--out", str(repo)],
        capture_output=True,
        check=True,
        text=True,
    )
    return repo, json.loads(result.stdout)


def test_exact_commit_count_after_lightweight_tag(
    generated: tuple[Path, dict[str, object]],
) -> None:
    repo, summary = generated
    assert _git(repo, "rev-list", "--count", "v1.0.0..HEAD").strip() == str(COMMITS)
    assert summary["commits_after_tag"] == COMMITS
    assert _git(repo, "cat-file", "-t", "v1.0.0").strip() == "commit"


def test_every_message_is_conventional_or_a_pr_merge(
    generated: tuple[Path, dict[str, object]],
) -> None:
    repo, _ = generated
    log = _git(repo, "log", "--format=%P%x00%s", "v1.0.0..HEAD")
    for line in log.splitlines():
        parents, subject = line.split("\0")
        pattern = MERGE_HEADER if " " in parents else CONVENTIONAL_HEADER
        assert pattern.match(subject), subject


def test_work_tree_is_checked_out_and_clean(generated: tuple[Path, dict[str, object]]) -> None:
    repo, _ = generated
    assert 'version = "1.0.0"' in (repo / "pyproject.toml").read_text()
    assert (repo / "cliff.toml").is_file()
    assert _git(repo, "status", "--porcelain") == ""


def test_same_seed_gives_the_same_history(
    generated: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    repo, _ = generated
    again = tmp_path / "again"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--commits", str(COMMITS), "--out", str(again)],
        capture_output=True,
        check=True,
    )
    assert _git(again, "rev-parse", "HEAD") == _git(repo, "rev-parse", "HEAD")


HOSTILE_COMMITS = 3000


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    repo = tmp_path_factory.mktemp("bench") / "hostile"
    result = subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            *("--commits", str(HOSTILE_COMMITS), "--out", str(repo), "--profile", "hostile"),
        ],
        capture_output=True,
        check=True,
        text=True,
    )
    return repo, json.loads(result.stdout)


def test_hostile_profile_has_the_shapes_that_broke_regent_plan(
    hostile: tuple[Path, dict[str, object]],
) -> None:
    repo, summary = hostile
    assert _git(repo, "rev-list", "--count", "v1.0.0..HEAD").strip() == str(HOSTILE_COMMITS)
    assert (summary["profile"], summary["expected_version"]) == ("hostile", None)
    raw = subprocess.run(
        ["git", "-C", str(repo), "log", "-z", "--format=%B", "v1.0.0..HEAD"],
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    subjects = [message.split(b"\n", 1)[0] for message in raw if message]
    reverts = [s for s in subjects if s.startswith(b'Revert "')]
    assert len(reverts) > HOSTILE_COMMITS // 20
    assert any(s.startswith(b'Revert "Revert "') for s in subjects)
    assert any(b"never existed" in s for s in reverts)
    assert sum(b"\nReverts example/bench-app#" in m for m in raw) == len(reverts)
    assert sum(b"(cherry picked from commit " in m for m in raw) > HOSTILE_COMMITS // 40
    assert any(len(m) > 100_000 for m in raw)
    invalid = [m for m in raw if m.decode("utf-8", errors="replace").encode() != m]
    assert invalid
    merges = summary["merges"]
    assert isinstance(merges, int)
    assert merges > 0
