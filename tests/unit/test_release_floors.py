"""The bump-floor labels a published release takes off its pull requests, read from its plan."""

from __future__ import annotations

import pytest

from regent.core.plan_overrides import OverrideKind, PlanOverride, floor_overrides
from regent.core.pull_steering import BumpFloor
from regent.core.release_pr.floors import FloorLabel, used_floors
from regent.core.versioning.bump import Bump

MINOR = "release-regent: bump-minor"


@pytest.mark.parametrize(
    ("overrides", "floors"),
    [
        pytest.param(
            floor_overrides([BumpFloor(Bump.MINOR, 12, MINOR)]),
            (FloorLabel(12, MINOR),),
            id="as-the-plan-writes-it",
        ),
        pytest.param(
            floor_overrides(
                [
                    BumpFloor(Bump.MAJOR, 3, "Release-Regent: Bump-Major"),
                    BumpFloor(Bump.PATCH, 40, "release-regent: bump-patch"),
                ]
            ),
            (
                FloorLabel(3, "Release-Regent: Bump-Major"),
                FloorLabel(40, "release-regent: bump-patch"),
            ),
            id="several-label-case-kept",
        ),
        pytest.param(
            (PlanOverride(OverrideKind.BUMP_FLOOR, "minor", f"#12 ({MINOR})"),) * 2,
            (FloorLabel(12, MINOR),),
            id="one-per-pull-request",
        ),
        pytest.param(
            (
                PlanOverride(OverrideKind.SET_VERSION, "2.0.0", "!set-version by @a in #12"),
                PlanOverride(OverrideKind.RELEASE_AS, "2.0.0", "release_as input"),
                PlanOverride(OverrideKind.COMMIT_OVERRIDE, "feat: x", "#4 BEGIN_COMMIT_OVERRIDE"),
            ),
            (),
            id="other-kinds",
        ),
        pytest.param(
            (PlanOverride(OverrideKind.BUMP_FLOOR, "minor", "#12 (needs review)"),),
            (),
            id="not-a-floor-label",
        ),
        pytest.param(
            (PlanOverride(OverrideKind.BUMP_FLOOR, "minor", f"by #12 ({MINOR})"),),
            (),
            id="not-the-source-shape",
        ),
        pytest.param((), (), id="none"),
    ],
)
def test_used_floors(overrides: tuple[PlanOverride, ...], floors: tuple[FloorLabel, ...]) -> None:
    assert used_floors(overrides) == floors
