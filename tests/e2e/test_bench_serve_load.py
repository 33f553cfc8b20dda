"""``bench/serve_load.py --quick`` runs end to end: a smoke test of the load benchmark.

It checks that the harness works (the server answers, the load is counted, phase 2 really
reconciles, phase 3 journals every push), never the performance targets: figures from a shared
test machine mean nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
HEADING = "## regent serve: acknowledging deliveries"


def test_the_quick_run_measures_every_phase(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n## Results\n\nkept\n")
    figures = tmp_path / "figures.json"
    done = subprocess.run(
        [
            sys.executable,
            "bench/serve_load.py",
            "--quick",
            *("--distinct", "120"),
            *("--output", str(results), "--json", str(figures)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert HEADING in done.stdout

    report = json.loads(figures.read_text())
    idle, busy, distinct = report["phases"]
    for phase in (idle, busy, distinct):
        assert phase["requests"] > 0
        assert phase["rate"] > 0
        assert phase["non_2xx"] == 0
        assert phase["errors"] == {}
    assert busy["extra"]["reconciles"] >= 1
    assert busy["extra"]["failed"] == 0
    assert distinct["requests"] == 120  # each of the distinct pushes once, each journalled
    assert distinct["extra"]["statuses"] == {"202": 120}
    assert report["facts"]["violations"] == 0
    assert {row["target"] for row in report["targets"]}, "no targets reported"

    written = results.read_text()
    assert written.startswith("# Benchmark results\n\n## Results\n\nkept\n")
    assert written.count(HEADING) == 1
    assert "PASS" in written or "FAIL" in written
