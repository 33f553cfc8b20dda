"""The outcome a handled delivery is counted under in ``regent serve``'s metrics: one word from
a fixed set, whatever a reconcile reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.runtimes.webhook.door import HANDLED, RECONCILED, reconciled


@pytest.mark.parametrize(
    ("events", "outcome"),
    [
        pytest.param(("released", "release_pr_closed"), "released", id="released-and-closed"),
        pytest.param(("released", "released", "release_pr_opened"), "released", id="two-releases"),
        pytest.param(("release_pr_opened",), "release_pr_opened", id="opened"),
        pytest.param(("nothing_to_release",), "nothing_to_release", id="nothing-to-release"),
        pytest.param((), "nothing", id="dry-run"),
    ],
)
def test_a_reconcile_is_counted_under_its_most_telling_event(
    events: tuple[str, ...], outcome: str
) -> None:
    assert reconciled(events) == outcome


@given(st.lists(st.sampled_from(RECONCILED) | st.text(max_size=20), max_size=6))
def test_the_outcome_is_the_most_telling_known_event_and_never_free_text(
    events: list[str],
) -> None:
    known = [word for word in RECONCILED if word in events]
    assert reconciled(tuple(events)) == (known[0] if known else "nothing")


def test_the_documented_outcomes_are_the_ones_the_code_uses() -> None:
    documented = (Path(__file__).parents[2] / "docs" / "webhook.md").read_text(encoding="utf-8")
    for word in HANDLED:
        assert f"`{word}`" in documented, word
