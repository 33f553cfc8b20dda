"""Run the scripted history, delivering each merge's webhook event in a chosen way.

Each runner yields the progress (the expected rows reached, the pull requests landed) whenever
every event so far has been delivered, so that a test can compare the repository with the
maintainer's expectations at that point.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from tests.e2e.lifecycle_expected import EXPECTED, Progress
from tests.e2e.lifecycle_harness import Landed, Lifecycle
from tests.e2e.lifecycle_script import STEPS, MergeRelease

Deliver = Callable[[Mapping[str, Any]], object]


def in_order(lifecycle: Lifecycle, deliver: Deliver, *, copies: int = 1) -> Iterator[Progress]:
    """After each merge, deliver its ``pull_request`` event ``copies`` times."""
    landed: dict[str, Landed] = {}
    for index, step in enumerate(STEPS):
        landed[step.name] = step.play(lifecycle, landed)
        for _ in range(copies):
            deliver(landed[step.name].pull_request_event())
        yield Progress(EXPECTED[: index + 1], dict(landed))


def in_windows(
    lifecycle: Lifecycle, deliver: Deliver, *, window: int, rng: random.Random
) -> Iterator[Progress]:
    """Land ``window`` merges, then deliver their events in a shuffled order.

    The maintainer merges a release PR only once it shows every merge so far, so the events
    waiting are delivered first; the release PR's own event waits with the next merges.
    """
    landed: dict[str, Landed] = {}
    waiting: list[Mapping[str, Any]] = []
    for index, step in enumerate(STEPS):
        if isinstance(step, MergeRelease) and waiting:
            _deliver_shuffled(waiting, deliver, rng)
            yield Progress(EXPECTED[:index], dict(landed))
        landed[step.name] = step.play(lifecycle, landed)
        waiting.append(landed[step.name].pull_request_event())
        if len(waiting) == window or index == len(STEPS) - 1:
            _deliver_shuffled(waiting, deliver, rng)
            yield Progress(EXPECTED[: index + 1], dict(landed))


def _deliver_shuffled(
    waiting: list[Mapping[str, Any]], deliver: Deliver, rng: random.Random
) -> None:
    rng.shuffle(waiting)
    for event in waiting:
        deliver(event)
    waiting.clear()
