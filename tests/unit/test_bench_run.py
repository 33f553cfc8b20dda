"""The benchmark harness (bench/run.py and its modules) reports timeouts, failures and growth."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from contenders import FLOOR, REGENT, Check, Tool, check_cliff, check_floor  # noqa: E402
from generate import TAG, generate, summary  # noqa: E402
from measuring import Measurement, Runs, measure_repository  # noqa: E402
from report import growth_table, result_row  # noqa: E402
from run import write_report  # noqa: E402
from spawning import Sample  # noqa: E402
from targets import targets  # noqa: E402


def _peer(name: str, script: str) -> Tool:
    return Tool(name, lambda _: ["sh", "-c", script], check_cliff, is_peer=True)


def test_a_slow_a_crashing_and_a_wrong_peer_are_reported_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    meta = summary(repo, generate(repo, 30, 1, "standard"), 1, "standard")
    head = ["git", "-C", str(repo), "rev-parse", "HEAD"]
    meta["head"] = subprocess.check_output(head, text=True).strip()
    floor_argv = ["git", "log", "--format=%H%x00%B%x00", f"{TAG}..HEAD"]
    tools = [
        Tool(FLOOR, lambda _: floor_argv, check_floor),
        _peer("sleeper", "sleep 60"),
        _peer("crasher", "echo boom >&2; exit 3"),
        _peer("wrong", "echo 9.9.9"),
        _peer("right", f"echo v{meta['expected_version']}"),
    ]

    found = measure_repository(repo, meta, tools, Runs(normal=2, slow=1, timeout=1.0))

    rows = {m.tool.name: result_row(m, found[0]) for m in found}
    assert found[1].timed_out
    assert "| timeout | - |" in rows["sleeper"]
    assert "TIMEOUT (killed after 1 s)" in rows["sleeper"]
    assert "FAILED: exit 3: boom" in rows["crasher"]
    assert "FAILED: 9.9.9" in rows["wrong"]
    assert found[4].usable
    assert len(found[4].samples) == 2
    assert all(sample.max_rss_kb > 0 for sample in found[0].samples)


def _measured(name: str, size: int, seconds: float | None, *, peer: bool = False) -> Measurement:
    tool = _peer(name, "true") if peer else Tool(name, lambda _: ["true"], check_cliff)
    if seconds is None:
        return Measurement(tool, "hostile", size, Check(False, "TIMEOUT"), timed_out=True)
    sample = Sample(seconds, seconds, 100_000, 0)
    return Measurement(tool, "hostile", size, Check(True, "2.0.0"), samples=[sample])


def test_growth_from_100k_to_1m_is_reported_per_tool_and_judged_for_regent() -> None:
    measurements = [
        _measured(FLOOR, 100_000, 0.5),
        _measured(REGENT, 100_000, 1.0),
        _measured("cz", 100_000, 20.0, peer=True),
        _measured(FLOOR, 1_000_000, 5.0),
        _measured(REGENT, 1_000_000, 12.0),
        _measured("cz", 1_000_000, None, peer=True),
    ]

    table = "\n".join(growth_table(measurements, 120.0))
    verdicts = {t.name: t.verdict for t in targets(measurements, ["hostile"], 120.0)}

    assert f"| hostile | {REGENT} | 1.000 | 12.000 | x12.0 |" in table
    assert "| hostile | cz | 20.000 | timeout (> 120) | > x6.0 |" in table
    assert verdicts["hostile, growth 100k -> 1M: time x <= 11"] == "FAIL"
    assert verdicts["hostile, 1M: wall within 2.0x the `git log` floor"] == "FAIL"
    assert verdicts["hostile, 100k: faster than every peer"] == "PASS"
    assert verdicts["hostile, 1M: peak RSS under 500 MB"] == "PASS"
    assert verdicts["hostile, 10k: faster than every peer"] == "not measured"


def test_a_new_report_keeps_the_hand_written_and_serve_sections(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# old\n\nold table\n\n## Where the time goes at 100k\n\nprofile\n\n"
        "## regent serve: acknowledging deliveries\n\nserve table\n"
    )
    write_report(results, "# Benchmark results\n\nnew table\n")
    assert results.read_text() == (
        "# Benchmark results\n\nnew table\n\n## Where the time goes at 100k\n\nprofile\n\n"
        "## regent serve: acknowledging deliveries\n\nserve table\n"
    )
