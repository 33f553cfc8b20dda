"""One contract, two implementations: the port tests run against the PyGithub adapter over the
simulator and against the in-memory fake (``tests.fakes.github``), which must keep the same
promises. The contract conftest offers the fixtures: a test taking ``port`` and ``remote`` runs on
both (``remote.base`` and friends are the seeded commits).

What only HTTP shows (requests sent, retries, paging) stays in adapter-only tests, or is checked
with ``sent``, which the fake (no HTTP) passes by having nothing to check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.core.ports import MeteredGitHub
from tests.contract.sim_remote import SimRemote
from tests.remote import REPO, FakeRemote, Remote

__all__ = ["implementation", "port", "remote", "sent"]

Implementation = tuple[Remote, MeteredGitHub]


@pytest.fixture(params=["adapter", "fake"])
def implementation(request: pytest.FixtureRequest, tmp_path: Path) -> Implementation:
    """``acme/widget`` and the port bound to it: the adapter over a simulator, or the fake."""
    if request.param == "adapter":
        return SimRemote(request.getfixturevalue("world")), request.getfixturevalue("github")
    fake = FakeRemote.create(tmp_path)
    return fake, fake.github.for_repository(REPO)


@pytest.fixture
def remote(implementation: Implementation) -> Remote:
    return implementation[0]


@pytest.fixture
def port(implementation: Implementation) -> MeteredGitHub:
    return implementation[1]


def sent(remote: Remote, *requests: str) -> bool:
    """Whether exactly ``requests`` (``METHOD operation``) reached the simulator since the last
    ``forget``; always true of the fake, which sends none."""
    return not isinstance(remote, SimRemote) or remote.calls() == list(requests)
