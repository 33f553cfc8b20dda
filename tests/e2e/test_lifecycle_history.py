"""The scripted history, reconciled after each merge, matches the maintainer's table step by step.

36 merges through simulated pull requests (see lifecycle_script.py), each followed by one
reconcile for its ``pull_request`` event; after each, the release PR, its branch, the tags and
the releases are compared with the hand-written rows of lifecycle_expected.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.lifecycle_expected import problems
from tests.e2e.lifecycle_harness import running_lifecycle
from tests.e2e.lifecycle_runner import in_order
from tests.e2e.lifecycle_script import source_repository

pytestmark = pytest.mark.e2e


def test_each_step_of_the_history_matches_the_table(tmp_path: Path) -> None:
    source = source_repository(tmp_path / "source")
    with running_lifecycle(tmp_path, source) as lifecycle:
        for progress in in_order(lifecycle, lifecycle.deliver):
            found = problems(lifecycle.snapshot(), progress)
            assert not found, f"after step {progress.rows[-1].step}:\n" + "\n".join(found)
