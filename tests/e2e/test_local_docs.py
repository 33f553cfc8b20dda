"""docs/local.md's commands, run as written: one release through the Action, ``regent run`` and
the webhook door against the simulator.

The page's ``sh`` blocks run in order in one bash process, on free ports instead of the page's
8765 and 8000, with a wait for each server to answer and for the door's release (the page says
"within a second or two"). Needs curl, jq and openssl, as the page does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.serve_process import free_port
from tests.shared_data import PROJECT_ROOT

pytestmark = pytest.mark.e2e

PAGE = PROJECT_ROOT / "docs" / "local.md"
BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)
TOOLS = ("curl", "jq", "openssl", "git")
WAIT = """
wait_for() {  # wait_for URL [JQ_TEST]: until URL answers (and JQ_TEST holds), at most 60 s
  for _ in $(seq 600); do
    if body=$(curl -sf "$1") && jq -e "${2:-.}" <<<"$body" >/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "gave up waiting for $1 ${2:-}" >&2; return 1
}
trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT
"""


def page_script(sim: int, door: int) -> str:
    """The page's blocks with the ports replaced and a wait wherever a server must answer."""
    steps = [WAIT]
    released = '.releases | map(.tag_name) | index("v1.1.0") != null'
    for text in BLOCK.findall(PAGE.read_text(encoding="utf-8")):
        block = text.replace("8765", str(sim)).replace("8000", str(door))
        health = f"curl -s http://127.0.0.1:{door}/healthz"
        steps.append(block.replace(health, f"wait_for http://127.0.0.1:{door}/healthz\n{health}"))
        if "tests.github_sim" in block:
            steps.append(f"wait_for http://127.0.0.1:{sim}/_sim/violations")
        if "/merge" in block:
            steps.append(
                f"wait_for http://127.0.0.1:{sim}/_sim/repos/acme/widget/state '{released}'"
            )
    return "\n".join(steps)


@pytest.mark.skipif(not all(map(shutil.which, TOOLS)), reason="needs curl, jq, openssl and git")
def test_the_local_page_releases_v1_1_0(tmp_path: Path) -> None:
    script = page_script(free_port(), free_port())
    environ = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=PROJECT_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert "listening on http://127.0.0.1:" in out
    assert "open release PR 'chore(release): v1.1.0'" in out
    assert (
        '[{"number":1,"title":"chore(release): v1.1.0","labels":["release-regent: pending"]}]'
        in out
    )
    assert "::notice::!release-regent explain: accepted (the next release of `main` is" in out
    assert "dry run: nothing written" in out
    assert '{"status":"ok","queue_depth":0}' in out
    assert '{"message":"accepted"' in out
    assert '["pull_request","push"]' in out
    assert '"releases":["v1.1.0"],"labels":[["release-regent: released"]]' in out
