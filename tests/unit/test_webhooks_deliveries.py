"""RecentDeliveries: a redelivered id is acknowledged once, within a time and size bound."""

from __future__ import annotations

import threading

import pytest

from regent.webhook import RecentDeliveries


@pytest.mark.parametrize(
    ("steps", "answers"),
    [
        pytest.param([("a", 0.0)], [True], id="first-time"),
        pytest.param([("a", 0.0), ("a", 1.0)], [True, False], id="second-time"),
        pytest.param(
            [("a", 0.0), ("b", 1.0), ("a", 2.0)], [True, True, False], id="others-between"
        ),
        pytest.param([("a", 0.0), ("a", 59.9)], [True, False], id="just-within-ttl"),
        pytest.param([("a", 0.0), ("a", 60.0)], [True, True], id="at-ttl-forgotten"),
        pytest.param([("a", 0.0), ("a", 61.0), ("a", 62.0)], [True, True, False], id="seen-again"),
        pytest.param(
            [("a", 0.0), ("b", 30.0), ("a", 70.0), ("b", 80.0)],
            [True, True, True, False],
            id="each-its-own-ttl",
        ),
        pytest.param([("a", 10.0), ("a", 5.0)], [True, False], id="clock-going-back"),
    ],
)
def test_first_time(steps: list[tuple[str, float]], answers: list[bool]) -> None:
    recent = RecentDeliveries(ttl_seconds=60.0)
    assert [recent.first_time(key, now=now) for key, now in steps] == answers


def test_capacity_forgets_the_oldest() -> None:
    recent = RecentDeliveries(capacity=2)
    assert [recent.first_time(key, now=0.0) for key in "abc"] == [True, True, True]
    assert recent.first_time("c", now=1.0) is False
    assert recent.first_time("b", now=1.0) is False
    assert recent.first_time("a", now=1.0) is True


def test_forget_lets_a_redelivery_through() -> None:
    recent = RecentDeliveries()
    assert recent.first_time("a", now=0.0)
    recent.forget("a")
    recent.forget("never-seen")
    assert recent.first_time("a", now=1.0)
    assert not recent.first_time("a", now=2.0)


def test_many_threads_let_each_id_through_once() -> None:
    recent = RecentDeliveries(capacity=1000)
    answers: list[bool] = []
    lock = threading.Lock()

    def deliver() -> None:
        for index in range(200):
            first = recent.first_time(f"d-{index}", now=0.0)
            with lock:
                answers.append(first)

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count(True) == 200


@pytest.mark.parametrize(
    ("capacity", "ttl"),
    [pytest.param(0, 1.0, id="no-capacity"), pytest.param(1, 0.0, id="no-ttl")],
)
def test_bounds_must_hold_something(capacity: int, ttl: float) -> None:
    with pytest.raises(ValueError, match="capacity >= 1 and ttl_seconds > 0"):
        RecentDeliveries(capacity=capacity, ttl_seconds=ttl)
