"""`regent plan` on real repositories shaped like the ones that broke it: GitHub revert-button
squashes named by subject or PR number, reverted merges, revert chains, huge and non-UTF-8
messages."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, git, plan_json
from tests.time_guard import guard

pytestmark = pytest.mark.e2e

REVERTS_LINE = "Reverts octo/app#{}"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("chore: initial import")
    repo.tag("v1.0.0")
    return repo


def effect(plan: dict[str, object], sha: str) -> object:
    commits = plan["commits"]
    assert isinstance(commits, list)
    return next(c["effect"] for c in commits if c["sha"] == sha)


def test_revert_button_squash_cancels_the_pull_request(repo: GitRepo) -> None:
    feature = repo.commit("feat(x): add y (#101)")
    kept = repo.commit("fix: keep z (#102)")
    revert = repo.commit(f'Revert "feat(x): add y (#101)" (#250)\n\n{REVERTS_LINE.format(101)}\n')
    plan = plan_json(repo.path)
    assert (effect(plan, feature), effect(plan, revert), effect(plan, kept)) == (
        "cancelled",
        "cancelled",
        "counted",
    )
    assert (plan["bump"], plan["next_version"]) == ("patch", "1.0.1")


def test_a_reverted_merged_pull_request_leaves_the_release(repo: GitRepo) -> None:
    repo.branch("feature")
    feature = repo.commit("feat: add y")
    repo.checkout("main")
    repo.merge_pr("feature", number=101)
    revert = repo.commit(f"Undo y (#250)\n\n{REVERTS_LINE.format(101)}\n")
    plan = plan_json(repo.path)
    assert (effect(plan, feature), effect(plan, revert)) == ("cancelled", "cancelled")
    assert plan["next_version"] is None


def test_a_revert_chain_flips_each_time(repo: GitRepo) -> None:
    feature = repo.commit("feat: a (#1)")
    revert = 'Revert "feat: a (#1)" (#2)'
    repo.commit(revert)
    repo.commit(f'Revert "{revert}" (#3)')
    assert plan_json(repo.path)["next_version"] == "1.1.0"
    repo.commit(f'Revert "Revert "{revert}" (#3)" (#4)')
    plan = plan_json(repo.path)
    assert (plan["next_version"], effect(plan, feature)) == (None, "cancelled")


def test_a_revert_of_a_missing_change_is_a_patch_under_reverts(repo: GitRepo) -> None:
    repo.commit(f'Revert "feat: gone (#7)" (#8)\n\n{REVERTS_LINE.format(7)}\n')
    plan = plan_json(repo.path)
    assert (plan["bump"], plan["next_version"]) == ("patch", "1.0.1")
    assert "### Reverts" in plan["release_notes"]
    assert "feat: gone (#7)" in plan["release_notes"]


def commit_bytes(repo: GitRepo, message: bytes) -> str:
    """Write a commit whose message is ``message`` byte for byte and move HEAD to it.

    ``git commit`` would re-encode invalid UTF-8 as Latin-1; ``hash-object`` stores it as is,
    like a repository converted or imported by other tools.
    """
    tree, parent = git(repo.path, "rev-parse", "HEAD^{tree}", "HEAD").split()
    ident = b"Test Author <author@example.com> 1700000000 +0000"
    raw = b"tree %s\nparent %s\nauthor %s\ncommitter %s\n\n%s" % (
        tree.encode(),
        parent.encode(),
        ident,
        ident,
        message,
    )
    created = (
        subprocess.run(
            ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
            cwd=repo.path,
            input=raw,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    git(repo.path, "reset", "--quiet", "--soft", created)
    return created


def test_huge_and_non_utf8_messages_are_read_not_fatal(repo: GitRepo) -> None:
    junk = commit_bytes(repo, b"fix(api): accept caf\xe9 \xff\xfe\n\nLatin-1 \xe9\xe8 body\n")
    trace = "".join(f'  File "app.py", line {n}, in handler\n' for n in range(30_000))
    commit_bytes(repo, f"fix(api): survive a pasted 1 MB trace\n\n{trace}".encode())
    footers = "".join(f"Refs: #{n}\n" for n in range(10_000))
    commit_bytes(repo, f"fix(api): close many issues\n\n{footers}".encode())
    commit_bytes(repo, ("feat: " + "long " * 20_000 + "\n").encode())
    commit_bytes(repo, bytes(range(1, 256)) * 40 + b"\n")
    with guard():
        plan = plan_json(repo.path)
    assert (plan["bump"], plan["next_version"]) == ("minor", "1.1.0")
    row = next(c for c in plan["commits"] if c["sha"] == junk)
    assert row["description"] == "accept caf\ufffd \ufffd\ufffd"
    assert len(plan["commits"]) == 5
