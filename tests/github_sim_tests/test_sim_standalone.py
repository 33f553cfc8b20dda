"""``python -m tests.github_sim`` as a separate process."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.shared_data import PROJECT_ROOT

pytestmark = pytest.mark.contract


def test_standalone_server_prints_its_url_first_and_serves(tmp_path: Path) -> None:
    state = tmp_path / "state"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.github_sim", "--state", str(state)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("listening on http://127.0.0.1:")
        url = line.removeprefix("listening on ")
        with urllib.request.urlopen(f"{url}/rate_limit", timeout=10) as response:
            assert json.load(response)["rate"]["limit"] == 5000
        request = urllib.request.Request(
            f"{url}/_sim/repos",
            data=json.dumps({"full_name": "acme/widget"}).encode(),
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            git_dir = Path(json.load(response)["git_dir"])
        assert git_dir.is_relative_to(state)
    finally:
        process.terminate()
        returncode = process.wait(timeout=10)
    assert returncode == 0
