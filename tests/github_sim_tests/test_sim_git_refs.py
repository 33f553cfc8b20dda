"""Git references through the REST API, checked against the bare repository."""

from __future__ import annotations

import pytest

from tests.github_sim.client import SimClient
from tests.github_sim_tests.conftest import API, Seeded
from tests.gitrepo import git

pytestmark = pytest.mark.contract


def test_get_ref_names_the_commit_with_api_urls(client: SimClient, seeded: Seeded) -> None:
    reply = client.get(f"{API}/git/ref/heads/main")

    assert reply.status == 200
    assert reply.body["ref"] == "refs/heads/main"
    assert reply.body["object"] == {
        "type": "commit",
        "sha": seeded.third,
        "url": f"{client.url}{API}/git/commits/{seeded.third}",
    }
    assert reply.body["url"] == f"{client.url}{API}/git/refs/heads/main"


def test_get_ref_of_an_annotated_tag_points_at_the_tag_object(
    client: SimClient, seeded: Seeded
) -> None:
    reply = client.get(f"{API}/git/ref/tags/v1.0.0")

    assert reply.body["object"]["type"] == "tag"
    assert reply.body["object"]["sha"] == git(seeded.git_dir, "rev-parse", "refs/tags/v1.0.0")


def test_get_ref_with_slashes_and_missing_ref(client: SimClient, seeded: Seeded) -> None:
    assert client.get(f"{API}/git/ref/heads/feature/slashed").body["object"]["sha"] == seeded.second
    missing = client.get(f"{API}/git/ref/heads/nope")
    assert (missing.status, missing.body["message"]) == (404, "Not Found")


def test_matching_refs_is_a_prefix_match(client: SimClient, seeded: Seeded) -> None:
    assert [r["ref"] for r in client.get(f"{API}/git/matching-refs/heads/fea").body] == [
        "refs/heads/feature/slashed"
    ]
    assert [r["ref"] for r in client.get(f"{API}/git/matching-refs/heads").body] == [
        "refs/heads/feature/slashed",
        "refs/heads/main",
    ]
    assert client.get(f"{API}/git/matching-refs/heads/zzz").body == []


def test_create_ref_writes_the_ref_and_refuses_a_duplicate(
    client: SimClient, seeded: Seeded
) -> None:
    created = client.post(f"{API}/git/refs", {"ref": "refs/heads/release", "sha": seeded.first})

    assert created.status == 201
    assert created.headers["Location"] == f"{client.url}{API}/git/refs/heads/release"
    assert git(seeded.git_dir, "rev-parse", "refs/heads/release") == seeded.first
    again = client.post(f"{API}/git/refs", {"ref": "refs/heads/release", "sha": seeded.third})
    assert (again.status, again.body["message"]) == (422, "Reference already exists")
    assert git(seeded.git_dir, "rev-parse", "refs/heads/release") == seeded.first


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"ref": "heads/x", "sha": "SEED"}, "heads/x is not a valid ref name."),
        ({"ref": "refs/x", "sha": "SEED"}, "refs/x is not a valid ref name."),
        ({"ref": "refs/heads/a..b", "sha": "SEED"}, "refs/heads/a..b is not a valid ref name."),
        ({"ref": "refs/heads/x", "sha": "1" * 40}, "Object does not exist"),
        ({"ref": "refs/heads/x"}, 'Invalid request.\n\n"sha" wasn\'t supplied.'),
    ],
    ids=["no-refs-prefix", "one-slash", "invalid-name", "unknown-sha", "no-sha"],
)
def test_create_ref_rejections(
    client: SimClient, seeded: Seeded, body: dict[str, str], message: str
) -> None:
    body = {key: seeded.first if value == "SEED" else value for key, value in body.items()}

    reply = client.post(f"{API}/git/refs", body)

    assert (reply.status, reply.body["message"]) == (422, message)


@pytest.mark.parametrize(
    ("existing", "wanted", "beside"),
    [
        pytest.param(
            "refs/heads/release-regent/main",
            "refs/heads/release-regent/main/api",
            "refs/heads/release-regent/main-x/api",
            id="a-branch-is-its-folder",
        ),
        pytest.param(
            "refs/heads/release-regent/main/api",
            "refs/heads/release-regent/main",
            "refs/heads/release-regent/main-x",
            id="it-is-a-folder",
        ),
    ],
)
def test_create_ref_keeps_gits_namespace_rule(
    client: SimClient, seeded: Seeded, existing: str, wanted: str, beside: str
) -> None:
    assert client.post(f"{API}/git/refs", {"ref": existing, "sha": seeded.first}).status == 201
    refused = client.post(f"{API}/git/refs", {"ref": wanted, "sha": seeded.first})
    assert (refused.status, refused.body["message"]) == (422, "Reference update failed")
    made = client.post(f"{API}/git/refs", {"ref": beside, "sha": seeded.first})
    assert made.status == 201, "a name that only starts the same is no folder"


def test_update_ref_fast_forward_and_not(client: SimClient, seeded: Seeded) -> None:
    client.post(f"{API}/git/refs", {"ref": "refs/heads/release", "sha": seeded.first})
    url = f"{API}/git/refs/heads/release"

    forward = client.patch(url, {"sha": seeded.third})
    backward = client.patch(url, {"sha": seeded.second, "force": False})

    assert (forward.status, forward.body["object"]["sha"]) == (200, seeded.third)
    assert (backward.status, backward.body["message"]) == (422, "Update is not a fast forward")
    assert git(seeded.git_dir, "rev-parse", "refs/heads/release") == seeded.third


def test_forced_update_rewinds_the_branch(client: SimClient, seeded: Seeded) -> None:
    reply = client.patch(f"{API}/git/refs/heads/main", {"sha": seeded.first, "force": True})

    assert reply.status == 200
    assert git(seeded.git_dir, "rev-parse", "refs/heads/main") == seeded.first


def test_update_accepts_a_full_ref_path(client: SimClient, seeded: Seeded) -> None:
    reply = client.patch(f"{API}/git/refs/refs/heads/feature/slashed", {"sha": seeded.third})

    assert (reply.status, reply.body["ref"]) == (200, "refs/heads/feature/slashed")


def test_update_of_missing_ref_or_unknown_sha(client: SimClient, seeded: Seeded) -> None:
    missing = client.patch(f"{API}/git/refs/heads/nope", {"sha": seeded.first})
    unknown = client.patch(f"{API}/git/refs/heads/main", {"sha": "2" * 40})

    assert (missing.status, missing.body["message"]) == (422, "Reference does not exist")
    assert (unknown.status, unknown.body["message"]) == (422, "Object does not exist")


def test_delete_ref_then_delete_again(client: SimClient, seeded: Seeded) -> None:
    deleted = client.delete(f"{API}/git/refs/heads/feature/slashed")
    again = client.delete(f"{API}/git/refs/heads/feature/slashed")

    assert (deleted.status, deleted.body) == (204, None)
    assert (again.status, again.body["message"]) == (422, "Reference does not exist")
    assert "feature/slashed" not in git(seeded.git_dir, "branch", "--list")


def test_ref_changes_reach_registered_listeners(client: SimClient, seeded: Seeded) -> None:
    from tests.github_sim.state import REF_LISTENERS, RefChange, SimState

    seen: list[tuple[str, str | None, str | None]] = []

    def listener(state: SimState, change: RefChange) -> None:
        seen.append((change.ref, change.before, change.after))

    REF_LISTENERS.append(listener)
    try:
        client.post(f"{API}/git/refs", {"ref": "refs/heads/release", "sha": seeded.first})
        client.patch(f"{API}/git/refs/heads/release", {"sha": seeded.second})
        client.delete(f"{API}/git/refs/heads/release")
    finally:
        REF_LISTENERS.remove(listener)

    assert seen == [
        ("refs/heads/release", None, seeded.first),
        ("refs/heads/release", seeded.first, seeded.second),
        ("refs/heads/release", seeded.second, None),
    ]


def test_git_refs_lists_every_ref_with_or_without_a_trailing_slash(
    client: SimClient, seeded: Seeded
) -> None:
    every = ["refs/heads/feature/slashed", "refs/heads/main", "refs/tags/v1.0.0"]
    for path in (f"{API}/git/refs", f"{API}/git/refs/"):
        reply = client.get(path)
        assert (reply.status, [r["ref"] for r in reply.body]) == (200, every)
    paged = client.get(f"{API}/git/refs?per_page=2")
    assert len(paged.body) == 2
    assert 'rel="next"' in paged.headers["Link"]


@pytest.mark.parametrize(
    ("ref", "status", "answer"),
    [
        ("heads", 200, ["refs/heads/feature/slashed", "refs/heads/main"]),
        ("heads/", 200, ["refs/heads/feature/slashed", "refs/heads/main"]),
        ("tags", 200, ["refs/tags/v1.0.0"]),
        ("heads/feature", 200, ["refs/heads/feature/slashed"]),
        ("heads/main", 200, "refs/heads/main"),
        ("heads/feature/slashed", 200, "refs/heads/feature/slashed"),
        ("heads/fea", 404, None),
        ("notes", 404, None),
    ],
)
def test_git_refs_path_is_one_ref_or_a_namespace(
    client: SimClient, seeded: Seeded, ref: str, status: int, answer: object
) -> None:
    reply = client.get(f"{API}/git/refs/{ref}")

    assert reply.status == status
    if isinstance(answer, list):
        assert [r["ref"] for r in reply.body] == answer
    elif answer is not None:
        assert reply.body["ref"] == answer


def test_ref_listings_are_logged_under_the_operation_they_follow(
    client: SimClient, seeded: Seeded
) -> None:
    client.delete("/_sim/requests")
    for ref in ("", "/heads", "/heads/main"):
        client.get(f"{API}/git/refs{ref}")

    operations = [entry["operation_id"] for entry in client.get("/_sim/requests").body]
    assert operations == ["git/list-matching-refs", "git/list-matching-refs", "git/get-ref"]
