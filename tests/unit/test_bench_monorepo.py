"""The monorepo profile of the benchmark (bench/generate.py --profile monorepo) and
``bench/run.py --monorepo``: 20 components tagged ``<name>-v1.0.0``, the real ``regent plan``
agreeing with the generator's expected versions, and only the monorepo section rewritten."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from contenders import FLOOR, REGENT, Check, Tool  # noqa: E402
from generate import generate, summary  # noqa: E402
from generate_monorepo import COMPONENTS  # noqa: E402
from measuring import Measurement, Runs, measure_repository  # noqa: E402
from monorepo_run import HEADING, monorepo_tools, section, target_line  # noqa: E402
from run import write_report  # noqa: E402
from sections import write_section  # noqa: E402
from spawning import Sample  # noqa: E402

COMMITS = 400
GENERATOR = BENCH / "generate.py"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    repo = tmp_path_factory.mktemp("bench") / "mono"
    meta = summary(repo, generate(repo, COMMITS, 1, "monorepo"), 1, "monorepo")
    meta["head"] = _git(repo, "rev-parse", "HEAD").strip()
    meta["cached"], meta["generate_seconds"] = False, 0.1
    return repo, meta


def test_twenty_components_each_tagged_on_the_first_commit(
    generated: tuple[Path, dict[str, object]],
) -> None:
    repo, meta = generated
    assert len(COMPONENTS) == 20
    assert _git(repo, "tag").split() == sorted(f"{name}-v1.0.0" for name in COMPONENTS)
    assert meta["tags"] == _git(repo, "tag").split()
    assert _git(repo, "rev-list", "--count", "api-v1.0.0..HEAD").strip() == str(COMMITS)
    assert json.loads((repo / "packages/api/package.json").read_text())["version"] == "1.0.0"
    assert "path: packages/ui" in (repo / ".release-regent.yml").read_text()
    assert _git(repo, "status", "--porcelain") == ""


def test_commits_touch_one_component_several_or_none(
    generated: tuple[Path, dict[str, object]],
) -> None:
    repo, meta = generated
    log = _git(repo, "log", "--name-only", "--no-merges", "--format=@%H", "api-v1.0.0..HEAD")
    touched = []
    for record in log.split("@")[1:]:
        files = record.split("\n", 1)[1].split()
        touched.append({m[1] for f in files if (m := re.match(r"packages/([^/]+)/", f))})
    assert {len(names) for names in touched} == {0, 1, 2, 3}
    assert sum(not names for names in touched) + int(str(meta["merges"])) == meta["outside"]


def test_the_same_seed_gives_the_same_history(
    generated: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    repo, _ = generated
    again = tmp_path / "again"
    command = [sys.executable, str(GENERATOR), "--commits", str(COMMITS), "--out", str(again)]
    subprocess.run([*command, "--profile", "monorepo"], capture_output=True, check=True)
    assert _git(again, "rev-parse", "HEAD") == _git(repo, "rev-parse", "HEAD")


def test_regent_plan_agrees_with_the_generator_and_the_floor_counts_every_commit(
    generated: tuple[Path, dict[str, object]],
) -> None:
    repo, meta = generated
    regent = Path(sys.executable).parent / "regent"
    found = measure_repository(
        repo, meta, monorepo_tools(regent, str(meta["tag"])), Runs(1, 1, 60.0)
    )
    floor, plan = found
    assert floor.check == Check(True, f"{COMMITS} commits")
    assert plan.check.ok, plan.check.shown
    assert plan.check.shown.startswith("20 components (")
    assert plan.check.shown.endswith(f"), {meta['outside']} outside")


def test_a_wrong_version_is_reported(generated: tuple[Path, dict[str, object]]) -> None:
    repo, meta = generated
    expected = meta["expected_components"]
    assert isinstance(expected, dict)
    wrong = {**expected, "api": "9.9.9"}
    regent = Path(sys.executable).parent / "regent"
    tools = monorepo_tools(regent, str(meta["tag"]))[1:]
    found = measure_repository(repo, {**meta, "expected_components": wrong}, tools, Runs(1, 1, 60))
    assert found[0].check == Check(False, "wrong versions: api")


def _measured(name: str, seconds: float) -> Measurement:
    tool = Tool(name, lambda _: ["true"], lambda _o, _m: Check(True, "ok"))
    sample = Sample(seconds, seconds, 100_000, 0)
    return Measurement(tool, "monorepo", 100_000, Check(True, "ok"), samples=[sample])


@pytest.mark.parametrize(
    ("regent_seconds", "verdict"),
    [(2.0, "2.00x (2.000 s / 1.000 s) | PASS"), (2.6, "2.60x (2.600 s / 1.000 s) | FAIL")],
)
def test_the_target_is_2_5x_the_floor_at_100k(regent_seconds: float, verdict: str) -> None:
    line = target_line([_measured(FLOOR, 1.0), _measured(REGENT, regent_seconds)])
    assert line.endswith(f"| {verdict} |")
    assert target_line([_measured(FLOOR, 1.0)]).endswith("| not measured | - |")


def test_only_the_monorepo_section_is_rewritten_and_a_full_report_keeps_it(
    generated: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    _, meta = generated
    results = tmp_path / "RESULTS.md"
    before = "# Benchmark results\n\nold\n\n## regent serve: acknowledging deliveries\n\nserve\n"
    results.write_text(before)
    measured = [_measured(FLOOR, 1.0), _measured(REGENT, 2.0)]
    text = section(measured, [meta], load=("0.5", "0.7"), command="cmd", note="shared machine")
    write_section(results, HEADING, text)
    written = results.read_text()
    assert written.startswith(before)
    assert f"{HEADING}\n\nWritten by `cmd` (this section only)." in written
    assert "- shared machine" in written
    assert "| 100k monorepo, regent plan within 2.5x" in written
    write_section(results, HEADING, text.replace("shared machine", "quiet machine"))
    assert results.read_text().count(HEADING) == 1
    assert "- quiet machine" in results.read_text()
    write_report(results, "# Benchmark results\n\nnew\n")
    assert results.read_text().startswith("# Benchmark results\n\nnew\n\n## regent serve")
    assert HEADING in results.read_text()
