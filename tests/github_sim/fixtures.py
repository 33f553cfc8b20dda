"""Pytest fixtures: a fresh simulator per test that fails the test on any schema violation.

Use from a conftest.py: ``from tests.github_sim.fixtures import sim  # noqa: F401``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.github_sim.server import SimServer
from tests.github_sim.state import SimState


def assert_no_violations(state: SimState) -> None:
    """Fail with every recorded schema violation or simulator error, if any."""
    with state.lock:
        problems = list(state.violations)
    if problems:
        pytest.fail("GitHub simulator violations:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def sim() -> Iterator[SimServer]:
    """A running simulator (own port, own temporary state); checked for violations at teardown."""
    with SimServer() as server:
        yield server
        assert_no_violations(server.state)
