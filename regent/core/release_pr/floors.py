"""The bump-floor labels a release used up: taken off their pull requests once it is published.

A floor (``!release minor`` on a pull request, stored as ``release-regent: bump-minor``) counts
for the release that contains its pull request; the plan lists each one it found as a
``bump-floor`` override whose source names the pull request and label (``#12
(release-regent: bump-minor)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from regent.core.commands import label_floor
from regent.core.plan_overrides import OverrideKind, PlanOverride

_SOURCE = re.compile(r"#(?P<pr>[0-9]{1,12}) \((?P<label>[^\n]+)\)")


@dataclass(frozen=True, slots=True)
class FloorLabel:
    """A floor label on a merged pull request of a release."""

    pr: int
    label: str


def used_floors(overrides: Iterable[PlanOverride]) -> tuple[FloorLabel, ...]:
    """The floor labels behind a plan's ``bump-floor`` overrides, one per pull request."""
    found: dict[int, FloorLabel] = {}
    for override in overrides:
        match = _SOURCE.fullmatch(override.source)
        if override.kind != OverrideKind.BUMP_FLOOR or match is None:
            continue
        if label_floor(match["label"]) is not None:
            pr = int(match["pr"])
            found.setdefault(pr, FloorLabel(pr, match["label"]))
    return tuple(found.values())
