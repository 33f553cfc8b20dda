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
