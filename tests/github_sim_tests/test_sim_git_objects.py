"""Blobs, trees, commits and annotated tags through the Git Data API, checked in real clones."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from tests.github_sim.client import SimClient
from tests.github_sim_tests.conftest import API, Seeded
from tests.gitrepo import git

pytestmark = pytest.mark.contract


def _tree(client: SimClient, entries: list[dict[str, Any]], base: str | None = None) -> str:
    body: dict[str, Any] = {"tree": entries} | ({"base_tree": base} if base else {})
    reply = client.post(f"{API}/git/trees", body)
    assert reply.status == 201, reply.body
    return str(reply.body["sha"])


def _commit(client: SimClient, tree: str, parents: list[str], **extra: Any) -> dict[str, Any]:
    reply = client.post(
        f"{API}/git/commits",
        {"message": "feat: release", "tree": tree, "parents": parents, **extra},
    )
    assert reply.status == 201, reply.body
    return dict(reply.body)


def _clone(git_dir: Path, into: Path) -> Path:
    git(into.parent, "clone", "--quiet", git_dir.as_uri(), str(into))
    return into


@pytest.mark.parametrize(
    ("content", "encoding", "expected"),
    [
        ("héllo\n", "utf-8", "héllo\n".encode()),
        (base64.b64encode(b"\x00\xffbinary").decode(), "base64", b"\x00\xffbinary"),
    ],
    ids=["utf-8", "base64"],
)
def test_create_blob_stores_the_bytes(
    client: SimClient, seeded: Seeded, content: str, encoding: str, expected: bytes
) -> None:
    reply = client.post(f"{API}/git/blobs", {"content": content, "encoding": encoding})

    assert reply.status == 201
    assert reply.body["url"] == f"{client.url}{API}/git/blobs/{reply.body['sha']}"
    stored = git(seeded.git_dir, "cat-file", "-s", reply.body["sha"])
    assert int(stored) == len(expected)


def test_create_blob_rejects_an_unknown_encoding(client: SimClient, seeded: Seeded) -> None:
    reply = client.post(f"{API}/git/blobs", {"content": "x", "encoding": "latin-1"})

    assert reply.status == 422


def test_tree_on_base_tree_adds_replaces_and_deletes(client: SimClient, seeded: Seeded) -> None:
    blob = client.post(f"{API}/git/blobs", {"content": "from a blob\n"}).body["sha"]
    entries = [
        {"path": "CHANGELOG.md", "mode": "100644", "type": "blob", "content": "# Changes\n"},
        {"path": "src/app.py", "mode": "100644", "type": "blob", "sha": blob},
        {"path": "docs", "mode": "040000", "type": "tree", "sha": None},
        {"path": "bin/run", "mode": "100755", "type": "blob", "content": "#!/bin/sh\n"},
    ]

    tree = _tree(client, entries, base=seeded.third)

    listing = git(seeded.git_dir, "ls-tree", "-r", "--name-only", tree).splitlines()
    assert listing == ["CHANGELOG.md", "README.md", "bin/run", "src/app.py"]
    assert git(seeded.git_dir, "show", f"{tree}:src/app.py") == "from a blob"
    assert git(seeded.git_dir, "ls-tree", tree, "bin/run").startswith("100755 blob")


def test_tree_without_base_holds_only_its_entries(client: SimClient, seeded: Seeded) -> None:
    tree = _tree(client, [{"path": "a/b/c.txt", "mode": "100644", "type": "blob", "content": "c"}])

    assert git(seeded.git_dir, "ls-tree", "-r", "--name-only", tree) == "a/b/c.txt"


def test_get_tree_plain_and_recursive(client: SimClient, seeded: Seeded) -> None:
    top = client.get(f"{API}/git/trees/{seeded.third}")
    every = client.get(f"{API}/git/trees/{seeded.third}?recursive=1")

    assert [entry["path"] for entry in top.body["tree"]] == ["README.md", "docs", "src"]
    paths = [(entry["path"], entry["type"]) for entry in every.body["tree"]]
    assert ("src", "tree") in paths
    assert ("src/app.py", "blob") in paths
    readme = next(entry for entry in every.body["tree"] if entry["path"] == "README.md")
    assert (readme["size"], readme["mode"]) == (6, "100644")
    assert client.get(f"{API}/git/trees/{'3' * 40}").status == 404


@pytest.mark.parametrize(
    ("entry", "status"),
    [
        ({"path": "x", "mode": "100644", "type": "blob", "sha": "4" * 40}, 422),
        ({"path": "x", "mode": "100600", "type": "blob", "content": "x"}, 422),
        ({"path": "x", "mode": "100644", "type": "tree", "content": "x"}, 422),
        ({"path": "x", "mode": "100644", "type": "blob"}, 422),
    ],
    ids=["unknown-sha", "bad-mode", "type-mode-mismatch", "no-sha-no-content"],
)
def test_tree_entry_rejections(
    client: SimClient, seeded: Seeded, entry: dict[str, Any], status: int
) -> None:
    assert client.post(f"{API}/git/trees", {"tree": [entry]}).status == status


def test_commit_through_the_api_is_a_real_commit_in_a_clone(
    client: SimClient, seeded: Seeded, tmp_path: Path
) -> None:
    entries = [{"path": "VERSION", "mode": "100644", "type": "blob", "content": "1.1.0\n"}]
    tree = _tree(client, entries, base=seeded.third)
    author = {"name": "Ada", "email": "ada@example.com", "date": "2024-05-01T10:00:00+02:00"}
    commit = _commit(client, tree, [seeded.third], author=author)
    client.patch(f"{API}/git/refs/heads/main", {"sha": commit["sha"]})

    clone = _clone(seeded.git_dir, tmp_path / "clone")

    assert git(clone, "log", "-1", "--format=%H %an <%ae> %at") == (
        f"{commit['sha']} Ada <ada@example.com> 1714550400"
    )
    assert git(clone, "log", "-1", "--format=%B") == "feat: release"
    assert (clone / "VERSION").read_text() == "1.1.0\n"
    assert (clone / "src" / "app.py").read_text() == "x = 2\n"
    assert commit["author"]["date"] == "2024-05-01T08:00:00Z"
    assert commit["committer"] == commit["author"]
    assert commit["parents"][0]["sha"] == seeded.third
    assert commit["tree"]["sha"] == tree


def test_commit_defaults_author_to_the_token_user(client: SimClient, seeded: Seeded) -> None:
    commit = _commit(client, git(seeded.git_dir, "rev-parse", "main^{tree}"), [])

    assert commit["author"]["name"] == "sim-user"
    assert commit["author"]["email"].endswith("+sim-user@users.noreply.github.com")
    assert commit["parents"] == []


def test_commit_with_two_parents_is_a_merge(client: SimClient, seeded: Seeded) -> None:
    tree = git(seeded.git_dir, "rev-parse", "main^{tree}")
    commit = _commit(client, tree, [seeded.third, seeded.second])

    parents = git(seeded.git_dir, "log", "-1", "--format=%P", commit["sha"]).split()
    assert parents == [seeded.third, seeded.second]


def test_commit_message_is_kept_exactly(client: SimClient, seeded: Seeded) -> None:
    message = "fix: keep\n\nbody line\n\nRelease-As: 2.0.0"
    tree = git(seeded.git_dir, "rev-parse", "main^{tree}")

    commit = _commit(client, tree, [seeded.third], message=message)
    fetched = client.get(f"{API}/git/commits/{commit['sha']}")

    assert commit["message"] == fetched.body["message"] == message
    assert fetched.body["sha"] == commit["sha"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"tree": "5" * 40, "parents": []}, "Tree SHA does not exist"),
        ({"tree": "TREE", "parents": ["6" * 40]}, "Parent SHA"),
        ({"tree": "TREE", "parents": [], "author": {"name": "x"}}, "Invalid request"),
        ({"tree": "TREE", "author": {"name": "x", "email": "e", "date": "soon"}}, "date-time"),
    ],
    ids=["unknown-tree", "unknown-parent", "author-without-email", "bad-date"],
)
def test_commit_rejections(
    client: SimClient, seeded: Seeded, body: dict[str, Any], message: str
) -> None:
    tree = git(seeded.git_dir, "rev-parse", "main^{tree}")
    body = {key: tree if value == "TREE" else value for key, value in body.items()}

    reply = client.post(f"{API}/git/commits", {"message": "x", **body})

    assert reply.status == 422
    assert message in reply.body["message"]


def test_get_git_commit_of_unknown_sha(client: SimClient, seeded: Seeded) -> None:
    assert client.get(f"{API}/git/commits/{'7' * 40}").status == 404


def test_annotated_tag_object_then_ref_is_a_real_tag(
    client: SimClient, seeded: Seeded, tmp_path: Path
) -> None:
    tagger = {"name": "Rel Bot", "email": "bot@example.com", "date": "2024-06-01T00:00:00Z"}
    tag = client.post(
        f"{API}/git/tags",
        {
            "tag": "v1.1.0",
            "message": "Release 1.1.0",
            "object": seeded.third,
            "type": "commit",
            "tagger": tagger,
        },
    )
    assert tag.status == 201
    assert git(seeded.git_dir, "tag", "--list") == "v1.0.0"
    client.post(f"{API}/git/refs", {"ref": "refs/tags/v1.1.0", "sha": tag.body["sha"]})

    clone = _clone(seeded.git_dir, tmp_path / "clone")

    assert git(clone, "rev-parse", "v1.1.0^{commit}") == seeded.third
    assert git(clone, "cat-file", "-t", "v1.1.0") == "tag"
    assert git(clone, "tag", "-l", "--format=%(contents)", "v1.1.0") == "Release 1.1.0"
    assert tag.body["tagger"] == tagger
    assert tag.body["object"] == {
        "type": "commit",
        "sha": seeded.third,
        "url": f"{client.url}{API}/git/commits/{seeded.third}",
    }


def test_tag_of_unknown_object_is_rejected(client: SimClient, seeded: Seeded) -> None:
    body = {"tag": "v9", "message": "m", "object": "8" * 40, "type": "commit"}

    assert client.post(f"{API}/git/tags", body).status == 422


def test_get_blob_returns_the_bytes_in_base64(client: SimClient, seeded: Seeded) -> None:
    sha = git(seeded.git_dir, "rev-parse", f"{seeded.third}:src/app.py")

    reply = client.get(f"{API}/git/blobs/{sha}")

    assert reply.status == 200
    assert (reply.body["sha"], reply.body["size"], reply.body["encoding"]) == (sha, 6, "base64")
    assert base64.b64decode(reply.body["content"]) == b"x = 2\n"
    assert client.get(f"{API}/git/blobs/{seeded.third}").status == 404
    assert client.get(f"{API}/git/blobs/{'0' * 40}").status == 404


def test_get_tag_reads_an_annotated_tag_object(client: SimClient, seeded: Seeded) -> None:
    sha = git(seeded.git_dir, "rev-parse", "refs/tags/v1.0.0")

    reply = client.get(f"{API}/git/tags/{sha}")

    assert reply.status == 200
    assert (reply.body["tag"], reply.body["object"]["sha"]) == ("v1.0.0", seeded.first)
    assert client.get(f"{API}/git/tags/{seeded.first}").status == 404
