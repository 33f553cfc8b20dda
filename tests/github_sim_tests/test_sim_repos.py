"""Repository, branch, contents, commits, tags, compare and collaborator endpoints."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.github_sim.client import SimClient
from tests.github_sim_tests.conftest import API, Seeded
from tests.gitrepo import git

pytestmark = pytest.mark.contract


def test_repository_clone_url_is_clonable(
    client: SimClient, seeded: Seeded, tmp_path: Path
) -> None:
    reply = client.get(API)

    assert reply.status == 200
    assert (reply.body["full_name"], reply.body["default_branch"]) == ("acme/widget", "main")
    assert reply.body["owner"]["login"] == "acme"
    git(tmp_path, "clone", "--quiet", reply.body["clone_url"], "clone")
    assert git(tmp_path / "clone", "rev-parse", "HEAD") == seeded.third


def test_unknown_repository_is_404_with_github_error_body(client: SimClient) -> None:
    reply = client.get("/repos/acme/nothing")

    assert reply.status == 404
    assert reply.body == {
        "message": "Not Found",
        "documentation_url": "https://docs.github.com/rest",
        "status": "404",
    }


def test_repository_names_are_case_insensitive(client: SimClient, seeded: Seeded) -> None:
    assert client.get("/repos/ACME/Widget").body["full_name"] == "acme/widget"


def test_branch_with_slash_and_missing_branch(client: SimClient, seeded: Seeded) -> None:
    main = client.get(f"{API}/branches/main")
    slashed = client.get(f"{API}/branches/feature/slashed")
    missing = client.get(f"{API}/branches/nope")

    assert (main.body["name"], main.body["commit"]["sha"]) == ("main", seeded.third)
    assert slashed.body["commit"]["sha"] == seeded.second
    assert (missing.status, missing.body["message"]) == (404, "Branch not found")


def test_file_contents_decode_to_the_file(client: SimClient, seeded: Seeded) -> None:
    reply = client.get(f"{API}/contents/src/app.py")

    assert reply.status == 200
    assert (reply.body["type"], reply.body["encoding"], reply.body["path"]) == (
        "file",
        "base64",
        "src/app.py",
    )
    assert base64.b64decode(reply.body["content"]) == b"x = 2\n"
    assert reply.body["sha"] == git(seeded.git_dir, "rev-parse", "main:src/app.py")


def test_contents_at_a_ref_and_of_a_directory(client: SimClient, seeded: Seeded) -> None:
    old = client.get(f"{API}/contents/src/app.py?ref={seeded.first}")
    tagged = client.get(f"{API}/contents/README.md?ref=v1.0.0")
    listing = client.get(f"{API}/contents/src")

    assert base64.b64decode(old.body["content"]) == b"x = 1\n"
    assert tagged.status == 200
    assert [(item["name"], item["type"]) for item in listing.body] == [("app.py", "file")]


def test_long_file_content_is_wrapped_like_github(client: SimClient, seeded: Seeded) -> None:
    seeded.work.commit("docs: long", files={"long.txt": "z" * 200})
    git(seeded.work.path, "push", "--quiet", str(seeded.git_dir), "main")

    content = client.get(f"{API}/contents/long.txt").body["content"]

    assert all(len(line) <= 60 for line in content.splitlines())
    assert base64.b64decode(content) == b"z" * 200


@pytest.mark.parametrize(
    "path", ["contents/missing.txt", "contents/src/app.py?ref=nope", "contents/README.md/x"]
)
def test_missing_contents_are_404(client: SimClient, seeded: Seeded, path: str) -> None:
    assert client.get(f"{API}/{path}").status == 404


def test_get_commit_by_ref_has_files_and_stats(client: SimClient, seeded: Seeded) -> None:
    reply = client.get(f"{API}/commits/main")

    assert reply.body["sha"] == seeded.third
    assert reply.body["commit"]["message"] == "fix: app"
    assert [(f["filename"], f["status"]) for f in reply.body["files"]] == [
        ("src/app.py", "modified")
    ]
    assert reply.body["stats"] == {"additions": 1, "deletions": 1, "total": 2}
    assert reply.body["parents"][0]["sha"] == seeded.second


def test_get_commit_root_and_unknown(client: SimClient, seeded: Seeded) -> None:
    root = client.get(f"{API}/commits/{seeded.first}")
    unknown = client.get(f"{API}/commits/nope")

    assert {f["status"] for f in root.body["files"]} == {"added"}
    assert (unknown.status, unknown.body["message"]) == (422, "No commit found for SHA: nope")


def test_commit_author_links_a_noreply_email_to_its_account(
    client: SimClient, seeded: Seeded
) -> None:
    tree = git(seeded.git_dir, "rev-parse", "main^{tree}")
    author = {"name": "Octo", "email": "7+octo@users.noreply.github.com"}
    sha = client.post(f"{API}/git/commits", {"message": "m", "tree": tree, "author": author}).body[
        "sha"
    ]

    reply = client.get(f"{API}/commits/{sha}")

    assert reply.body["author"]["login"] == "octo"
    assert reply.body["committer"]["login"] == "octo"
    assert client.get(f"{API}/commits/main").body["author"] is None


def test_list_commits_newest_first_with_filters(client: SimClient, seeded: Seeded) -> None:
    everything = client.get(f"{API}/commits")
    on_path = client.get(f"{API}/commits?path=src/app.py")
    from_sha = client.get(f"{API}/commits?sha={seeded.second}")

    assert [c["sha"] for c in everything.body] == [seeded.third, seeded.second, seeded.first]
    assert [c["sha"] for c in on_path.body] == [seeded.third, seeded.first]
    assert [c["sha"] for c in from_sha.body] == [seeded.second, seeded.first]
    assert client.get(f"{API}/commits?sha=nope").status == 404


def test_list_commits_paginates_with_link_headers(client: SimClient, seeded: Seeded) -> None:
    first = client.get(f"{API}/commits?per_page=2")
    second = client.get(f"{API}/commits?per_page=2&page=2")

    assert [c["sha"] for c in first.body] == [seeded.third, seeded.second]
    assert [c["sha"] for c in second.body] == [seeded.first]
    base = f"{client.url}{API}/commits"
    assert first.headers["Link"] == (
        f'<{base}?per_page=2&page=2>; rel="next", <{base}?per_page=2&page=2>; rel="last"'
    )
    assert second.headers["Link"] == (
        f'<{base}?per_page=2&page=1>; rel="prev", <{base}?per_page=2&page=1>; rel="first"'
    )


def test_list_commits_of_an_empty_repository_is_409(client: SimClient) -> None:
    client.create_repo("acme/empty")

    reply = client.get("/repos/acme/empty/commits")

    assert (reply.status, reply.body["message"]) == (409, "Git Repository is empty.")


def test_tags_list_annotated_and_lightweight_with_their_commits(
    client: SimClient, seeded: Seeded
) -> None:
    seeded.work.tag("v1.1.0")
    git(seeded.work.path, "push", "--quiet", str(seeded.git_dir), "v1.1.0")

    reply = client.get(f"{API}/tags")

    assert [(t["name"], t["commit"]["sha"]) for t in reply.body] == [
        ("v1.1.0", seeded.third),
        ("v1.0.0", seeded.first),
    ]


@pytest.mark.parametrize(
    ("base", "head", "expected"),
    [
        ("FIRST", "main", ("ahead", 2, 0)),
        ("main", "FIRST", ("behind", 0, 2)),
        ("main", "main", ("identical", 0, 0)),
        ("feature/slashed", "main", ("ahead", 1, 0)),
    ],
)
def test_compare(
    client: SimClient, seeded: Seeded, base: str, head: str, expected: tuple[str, int, int]
) -> None:
    base, head = (seeded.first if ref == "FIRST" else ref for ref in (base, head))

    reply = client.get(f"{API}/compare/{base}...{head}")

    body = reply.body
    assert (body["status"], body["ahead_by"], body["behind_by"]) == expected
    assert len(body["commits"]) == expected[1] == body["total_commits"]


def test_compare_diverged_lists_head_commits_oldest_first(
    client: SimClient, seeded: Seeded
) -> None:
    tree = git(seeded.git_dir, "rev-parse", "main^{tree}")
    side = client.post(
        f"{API}/git/commits", {"message": "side", "tree": tree, "parents": [seeded.second]}
    ).body["sha"]

    reply = client.get(f"{API}/compare/{side}...main")

    assert (reply.body["status"], reply.body["ahead_by"], reply.body["behind_by"]) == (
        "diverged",
        1,
        1,
    )
    assert reply.body["merge_base_commit"]["sha"] == seeded.second
    assert [c["sha"] for c in reply.body["commits"]] == [seeded.third]
    assert client.get(f"{API}/compare/nope...main").status == 404


def test_collaborator_permissions(client: SimClient, seeded: Seeded) -> None:
    client.post(
        "/_sim/repos/acme/widget/collaborators", {"login": "mona", "permission": "maintain"}
    )
    client.post("/_sim/repos/acme/widget/collaborators", {"login": "bob", "permission": "none"})

    def permission(login: str) -> tuple[str, str]:
        body = client.get(f"{API}/collaborators/{login}/permission").body
        return body["permission"], body["role_name"]

    assert permission("acme") == ("admin", "admin")
    assert permission("mona") == ("write", "maintain")
    assert permission("bob") == ("none", "none")
    assert permission("stranger") == ("read", "read")
    assert client.get(f"{API}/collaborators/mona/permission").body["user"]["login"] == "mona"


@pytest.mark.parametrize(
    ("role", "permission", "flags"),
    [
        ("admin", "admin", {"admin", "maintain", "push", "triage", "pull"}),
        ("maintain", "write", {"maintain", "push", "triage", "pull"}),
        ("write", "write", {"push", "triage", "pull"}),
        ("triage", "read", {"triage", "pull"}),
        ("read", "read", {"pull"}),
        ("none", "none", set()),
    ],
)
def test_each_role_answers_as_github_does(
    client: SimClient, seeded: Seeded, role: str, permission: str, flags: set[str]
) -> None:
    client.post("/_sim/repos/acme/widget/collaborators", {"login": "mona", "permission": role})

    body = client.get(f"{API}/collaborators/mona/permission").body

    assert (body["permission"], body["role_name"]) == (permission, role)
    assert {name for name, granted in body["user"]["permissions"].items() if granted} == flags


def test_branches_are_listed_by_name_in_pages(client: SimClient, seeded: Seeded) -> None:
    listed = client.get(f"{API}/branches")
    assert [(b["name"], b["commit"]["sha"], b["protected"]) for b in listed.body] == [
        ("feature/slashed", seeded.second, False),
        ("main", seeded.third, False),
    ]
    first = client.get(f"{API}/branches?per_page=1")
    assert [b["name"] for b in first.body] == ["feature/slashed"]
    assert 'rel="next"' in first.headers["Link"]
    assert client.get(f"{API}/branches?protected=true").body == []
