"""The bump-floor labels a published release takes off its pull requests, read from its plan."""

from __future__ import annotations

import pytest

from regent.core.pull_steering import BumpFloor
from regent.core.release_pr.floors import used_floors
from regent.core.versioning.bump import Bump

MINOR = BumpFloor(Bump.MINOR, 12, "release-regent: bump-minor")
MAJOR_CASED = BumpFloor(Bump.MAJOR, 3, "Release-Regent: Bump-Major")
PATCH = BumpFloor(Bump.PATCH, 40, "release-regent: bump-patch")


@pytest.mark.parametrize(
    ("floors", "taken_off"),
    [
        pytest.param((MINOR,), (MINOR,), id="one"),
        pytest.param((MAJOR_CASED, PATCH), (MAJOR_CASED, PATCH), id="several-label-case-kept"),
        pytest.param(
            (MINOR, BumpFloor(Bump.MINOR, 12, "Release-Regent: bump-MINOR")),
            (MINOR,),
            id="each-label-once",
        ),
        pytest.param(
            (MINOR, BumpFloor(Bump.MAJOR, 12, "release-regent: bump-major")),
            (MINOR, BumpFloor(Bump.MAJOR, 12, "release-regent: bump-major")),
            id="every-floor-label-of-a-pull-request",
        ),
        pytest.param((), (), id="none"),
    ],
)
def test_used_floors(floors: tuple[BumpFloor, ...], taken_off: tuple[BumpFloor, ...]) -> None:
    assert used_floors(floors) == taken_off
