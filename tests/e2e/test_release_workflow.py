"""This repository's release workflow: each publishing job holds only its own write permission,
and the major-tag script, run here with a recording stand-in for the `gh` command, points the
tag at a commit whose action.yml runs the image by digest."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.shared_data import PROJECT_ROOT

pytestmark = pytest.mark.e2e

WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "release.yml"
ACTION = PROJECT_ROOT / "action.yml"
DIGEST = "sha256:" + "d" * 64
RELEASE_SHA = "a" * 40
# Answers the four API calls the script makes and logs each call and its input as JSON lines.
FAKE_GH = """\
#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
body = sys.stdin.read() if "--input" in args else ""
with open(os.environ["GH_LOG"], "a") as log:
    log.write(json.dumps({"args": args, "body": body}) + "\\n")
path = next(a for a in args[1:] if a.startswith("repos/"))
if path.endswith("/git/trees"):
    print("tree-sha")
elif path.endswith("/git/commits"):
    print("commit-sha")
elif "/git/ref/tags/" in path:
    sys.exit(0 if os.environ.get("TAG_EXISTS") == "yes" else 1)
"""


def jobs() -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return found


def test_only_the_jobs_that_publish_hold_write_permissions() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}
    held = {name: job["permissions"] for name, job in jobs().items()}
    assert held == {
        "release": {"contents": "write", "pull-requests": "write"},
        "dist": {"contents": "read"},
        "pypi": {"id-token": "write"},
        "image": {"contents": "read", "packages": "write"},
        "major-tag": {"contents": "write"},
    }


def test_publishing_waits_for_a_release_and_pypi_runs_in_its_environment() -> None:
    found = jobs()
    created = "needs.release.outputs.release_created == 'true'"
    assert found["dist"]["if"] == created
    assert found["image"]["if"] == created
    assert found["pypi"]["needs"] == ["release", "dist"]
    assert found["pypi"]["environment"]["name"] == "pypi"
    assert [step["uses"].split("@")[0] for step in found["pypi"]["steps"]] == [
        "actions/download-artifact",
        "pypa/gh-action-pypi-publish",
    ]
    assert found["major-tag"]["needs"] == ["release", "image"]
    assert found["major-tag"]["if"] == "needs.release.outputs.is_prerelease != 'true'"


def major_tag_script() -> str:
    [script] = [step["run"] for step in jobs()["major-tag"]["steps"] if "run" in step]
    text: str = script
    return text


def run_major_tag(
    tmp_path: Path, *, action: str, tag_exists: bool
) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]], str]:
    """Run the major-tag step in a checkout of a release commit holding ``action``; the API
    calls it made (through the stand-in ``gh``) and the job summary it wrote."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "action.yml").write_text(action, encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    for command in (["init", "-q"], ["add", "action.yml"], ["commit", "-qm", "release"]):
        subprocess.run([*git, *command], cwd=checkout, check=True)
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "gh").write_text(FAKE_GH, encoding="utf-8")
    (tools / "gh").chmod(stat.S_IRWXU)
    log = tmp_path / "gh.log"
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(log),
        "TAG_EXISTS": "yes" if tag_exists else "no",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GH_TOKEN": "unused",
        "REPOSITORY": "acme/release-regent",
        "RELEASE_SHA": RELEASE_SHA,
        "VERSION": "1.4.0",
        "MAJOR_TAG": "v1",
        "IMAGE": "ghcr.io/acme/release-regent",
        "DIGEST": DIGEST,
    }
    done = subprocess.run(
        ["bash", "-e", "-c", major_tag_script()],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    written = summary.read_text(encoding="utf-8") if summary.exists() else ""
    return done, [json.loads(line) for line in lines], written


@pytest.mark.skipif(shutil.which("jq") is None, reason="the step builds its JSON with jq")
@pytest.mark.parametrize("tag_exists", [True, False], ids=["moves-v1", "creates-v1"])
def test_the_major_tag_points_at_the_release_plus_the_pinned_image(
    tmp_path: Path, tag_exists: bool
) -> None:
    released = ACTION.read_text(encoding="utf-8")
    done, calls, summary = run_major_tag(tmp_path, action=released, tag_exists=tag_exists)
    assert done.returncode == 0, done.stderr

    tree, commit = json.loads(calls[0]["body"]), json.loads(calls[1]["body"])
    [entry] = tree["tree"]
    assert entry["path"] == "action.yml"
    pinned = released.replace(
        "  image: Dockerfile\n",
        f"  image: docker://ghcr.io/acme/release-regent:1.4.0@{DIGEST}\n",
    )
    assert pinned != released
    assert entry["content"] == pinned
    assert commit["parents"] == [RELEASE_SHA]
    assert commit["tree"] == "tree-sha"
    assert "repos/acme/release-regent/git/ref/tags/v1" in calls[2]["args"]
    if tag_exists:
        assert calls[3]["args"][:3] == ["api", "--method", "PATCH"]
        assert "force=true" in calls[3]["args"]
    else:
        assert "ref=refs/tags/v1" in calls[3]["args"]
    assert "sha=commit-sha" in calls[3]["args"]
    assert summary.startswith("v1 -> commit-sha")


@pytest.mark.skipif(shutil.which("jq") is None, reason="the step builds its JSON with jq")
def test_the_major_tag_step_stops_when_action_yml_does_not_build_the_dockerfile(
    tmp_path: Path,
) -> None:
    """A release whose action.yml no longer says `image: Dockerfile` (already pinned, or the
    line reworded) stops the step before any API call, rather than tagging an unpinned copy."""
    pinned = ACTION.read_text(encoding="utf-8").replace(
        "  image: Dockerfile\n", "  image: docker://ghcr.io/acme/release-regent:1.3.0\n"
    )
    done, calls, summary = run_major_tag(tmp_path, action=pinned, tag_exists=True)
    assert done.returncode != 0
    assert (calls, summary) == ([], "")
