"""State labels switch beside the labels people add; GitHub compares names case-insensitively."""

from __future__ import annotations

import pytest

from regent.core.release_pr.labels import (
    PENDING_LABEL,
    RELEASED_LABEL,
    closed_labels,
    pending_labels,
    released_labels,
    same_labels,
)


@pytest.mark.parametrize(
    ("current", "extra", "wanted"),
    [
        pytest.param((), (), (PENDING_LABEL,), id="new"),
        pytest.param((), ("release", "bot"), (PENDING_LABEL, "release", "bot"), id="extra"),
        pytest.param(("keep me",), (), ("keep me", PENDING_LABEL), id="kept"),
        pytest.param((RELEASED_LABEL,), (), (PENDING_LABEL,), id="released-dropped"),
        pytest.param(("Release-Regent: Pending",), (), ("Release-Regent: Pending",), id="case"),
        pytest.param((PENDING_LABEL,), ("a", "A"), (PENDING_LABEL, "a"), id="duplicates"),
    ],
)
def test_pending_labels(
    current: tuple[str, ...], extra: tuple[str, ...], wanted: tuple[str, ...]
) -> None:
    assert pending_labels(current, extra=extra) == wanted


@pytest.mark.parametrize(
    ("current", "released", "closed"),
    [
        pytest.param((PENDING_LABEL,), (RELEASED_LABEL,), (), id="pending"),
        pytest.param(
            ("x", PENDING_LABEL, "y"), ("x", "y", RELEASED_LABEL), ("x", "y"), id="others-kept"
        ),
        pytest.param((RELEASED_LABEL,), (RELEASED_LABEL,), (RELEASED_LABEL,), id="already"),
    ],
)
def test_released_and_closed_labels(
    current: tuple[str, ...], released: tuple[str, ...], closed: tuple[str, ...]
) -> None:
    assert released_labels(current) == released
    assert closed_labels(current) == closed


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param(("a", "b"), ("b", "a"), True, id="order"),
        pytest.param(("A",), ("a",), True, id="case"),
        pytest.param(("a",), ("a", "b"), False, id="more"),
        pytest.param((), (), True, id="none"),
    ],
)
def test_same_labels(first: tuple[str, ...], second: tuple[str, ...], same: bool) -> None:
    assert same_labels(first, second) is same
