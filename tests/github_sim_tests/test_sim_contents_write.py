"""Writing one file through ``PUT contents/{path}``: a real commit on the branch, and a push."""

from __future__ import annotations

import base64

import pytest

from tests.github_sim.client import SimClient
from tests.github_sim_tests.conftest import API, Seeded
from tests.gitrepo import git

pytestmark = pytest.mark.contract


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode("ascii")


def test_a_new_file_is_one_commit_on_the_default_branch(client: SimClient, seeded: Seeded) -> None:
    reply = client.put(
        f"{API}/contents/docs/CHANGELOG.md",
        {"message": "docs: changelog", "content": _b64("# Changelog\n")},
    )

    assert reply.status == 201
    commit = reply.body["commit"]["sha"]
    assert git(seeded.git_dir, "rev-parse", "refs/heads/main") == commit
    assert git(seeded.git_dir, "rev-parse", f"{commit}^") == seeded.third
    assert git(seeded.git_dir, "show", f"{commit}:docs/CHANGELOG.md") == "# Changelog"
    assert reply.body["content"]["sha"] == git(
        seeded.git_dir, "rev-parse", f"{commit}:docs/CHANGELOG.md"
    )
    assert (reply.body["content"]["path"], reply.body["commit"]["message"]) == (
        "docs/CHANGELOG.md",
        "docs: changelog",
    )
    [push] = [e for e in client.get("/_sim/events").body if e["name"] == "push"]
    assert (push["payload"]["ref"], push["payload"]["after"]) == ("refs/heads/main", commit)


def test_replacing_a_file_needs_its_current_sha(client: SimClient, seeded: Seeded) -> None:
    path = f"{API}/contents/src/app.py"
    current = client.get(path).body["sha"]
    change = {"message": "fix: app", "content": _b64("x = 3\n")}

    missing = client.put(path, change)
    assert (missing.status, missing.body["message"]) == (
        422,
        'Invalid request.\n\n"sha" wasn\'t supplied.',
    )
    stale = client.put(path, {**change, "sha": "0" * 40})
    assert (stale.status, stale.body["message"]) == (409, f"src/app.py does not match {'0' * 40}")
    replaced = client.put(path, {**change, "sha": current, "branch": "main"})
    assert replaced.status == 200
    assert base64.b64decode(client.get(path).body["content"]) == b"x = 3\n"


def test_the_branch_and_author_can_be_given(client: SimClient, seeded: Seeded) -> None:
    person = {"name": "Mona", "email": "mona@example.com", "date": "2024-01-31T12:00:00Z"}
    reply = client.put(
        f"{API}/contents/notes.txt",
        {
            "message": "docs: notes",
            "content": _b64("n\n"),
            "branch": "feature/slashed",
            "author": person,
        },
    )

    assert reply.status == 201
    commit = reply.body["commit"]
    assert commit["author"] == person
    assert commit["committer"]["name"] == "sim-user"  # the token's user unless given
    assert git(seeded.git_dir, "rev-parse", "refs/heads/feature/slashed") == commit["sha"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"content": "eA=="}, 422),
        ({"message": "m"}, 422),
        ({"message": "m", "content": "eA==", "branch": "nope"}, 404),
        ({"message": "m", "content": "eA==", "committer": {"name": "x"}}, 422),
    ],
)
def test_put_contents_rejections(
    client: SimClient, seeded: Seeded, body: dict[str, object], status: int
) -> None:
    assert client.put(f"{API}/contents/x.txt", body).status == status
