"""The release service over the fake GitHub: a real checkout, no HTTP (fast unit tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.release_world import ReleaseWorld
from tests.remote import REPO, FakeRemote


@pytest.fixture
def fake(tmp_path: Path) -> FakeRemote:
    """``acme/widget`` on a fresh fake GitHub."""
    return FakeRemote.create(tmp_path)


@pytest.fixture
def release_world(fake: FakeRemote, tmp_path: Path) -> ReleaseWorld:
    return ReleaseWorld.create(fake, fake.github.for_repository(REPO), tmp_path)
