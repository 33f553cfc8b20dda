"""Which components a steered pull request's merge commit belongs to: a merge commit changes
no files of its own, so those of the commits its pull request brought in (pure)."""

from __future__ import annotations

import pytest

from regent.core.analysis import CommitOverride
from regent.core.changes import CommitChange, Effect
from regent.core.components.attribution import pull_owners, steered_merges
from regent.core.pull_steering import BumpFloor, PullSteering
from regent.core.versioning.bump import Bump

API, CLI = frozenset({"api"}), frozenset({"cli"})
PARENTS = {"m1": ("a", "b1"), "m2": ("m1", "c1"), "s3": ("m2",), "b1": ("a",), "c1": ("a",)}


@pytest.mark.parametrize(
    ("steering", "merges"),
    [
        (PullSteering(), {}),
        (PullSteering(overrides={"m1": CommitOverride(1, "feat: x")}), {"m1": 1}),
        (PullSteering(floors={"m2": BumpFloor(Bump.MINOR, 2, "bump-minor")}), {"m2": 2}),
        # a squash commit has one parent: its own files place it
        (PullSteering(overrides={"s3": CommitOverride(3, "fix: y")}), {}),
        # a merge commit outside the walk is not steered here
        (PullSteering(overrides={"zz": CommitOverride(9, "fix: z")}), {}),
    ],
)
def test_steered_merges(steering: PullSteering, merges: dict[str, int]) -> None:
    assert steered_merges(steering, PARENTS) == merges


def change(sha: str, pr: int | None) -> CommitChange:
    return CommitChange(sha, Effect.COUNTED, pr=pr)


@pytest.mark.parametrize(
    ("changes", "owners", "steered", "expected"),
    [
        # the branch commits of #1 touch api and cli: its merge belongs to both
        (
            [change("b1", 1), change("b2", 1), change("m1", 1)],
            {"b1": API, "b2": CLI, "m1": frozenset()},
            {"m1": 1},
            {"m1": API | CLI},
        ),
        # another pull request's commits do not count
        (
            [change("b1", 1), change("c1", 2), change("m1", 1)],
            {"b1": API, "c1": CLI},
            {"m1": 1},
            {"m1": API},
        ),
        # a branch touching no component leaves the merge outside every component
        ([change("b1", 1), change("m1", 1)], {"b1": frozenset()}, {"m1": 1}, {"m1": frozenset()}),
        # two steered merges, each its own
        (
            [change("b1", 1), change("m1", 1), change("c1", 2), change("m2", 2)],
            {"b1": API, "c1": CLI},
            {"m1": 1, "m2": 2},
            {"m1": API, "m2": CLI},
        ),
    ],
)
def test_pull_owners(
    changes: list[CommitChange],
    owners: dict[str, frozenset[str]],
    steered: dict[str, int],
    expected: dict[str, frozenset[str]],
) -> None:
    assert pull_owners(changes, owners=owners, steered=steered) == expected
