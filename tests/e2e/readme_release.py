"""The release README.md's "A release, end to end" shows, made on the GitHub simulator through
the Action's entrypoint: three people's pull requests (one a first-time contributor) and a bot's,
a release PR whose commit is verified and that merges itself once CI passes, and a GitHub
Release with the built files and their SHA256SUMS attached before it is published.

``python -m tests.e2e.readme_release`` prints what the section shows; the test beside it checks
the section against a fresh run.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.e2e.lifecycle_harness import REPO, Commit, Lifecycle, refresh, running_lifecycle
from tests.e2e.lifecycle_script import INITIAL, INITIAL_TAG
from tests.e2e.test_action_entrypoint import Runner, push_payload
from tests.github_sim.client import DEFAULT_TOKEN
from tests.gitrepo import GitRepo, git

CONFIG = """\
release_pr:
  auto_merge: squash
release:
  checksums: true
  draft_until_assets: true
"""
ASSETS = "dist/*"
BUILT = ("widget-{version}.tar.gz", "widget-{version}-py3-none-any.whl")
"""What the workflow's build step leaves in dist/ (stand-ins: the bytes do not matter)."""
CONTROL = f"/_sim/repos/{REPO.full_name}"
AUTHORS = {
    "alice": "Alice Liddell <1001+alice@users.noreply.github.com>",
    "bob": "Bob Marley <1002+bob@users.noreply.github.com>",
    "dependabot[bot]": "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>",
}
CHANGES = (
    ("alice", "feat: add gears", "gears.txt"),
    ("bob", "fix: tighten a bolt", "bolt.txt"),
    ("dependabot[bot]", "fix(deps): bump jinja2 from 3.1.4 to 3.1.6", "requirements.txt"),
)


@dataclass(frozen=True)
class Shown:
    """What the README section shows of the run."""

    release_pr: dict[str, Any]
    verified: bool
    auto_merge_summary: str
    release_body: str
    assets: list[str]
    assets_summary: str
    changelog: str
    tag: str


def _land_as(lifecycle: Lifecycle, login: str, message: str, path: str) -> None:
    """A pull request by ``login``: its branch's one commit authored by them, merged."""
    branch = f"topic/{path.partition('.')[0]}"
    git(lifecycle.maintainer, "fetch", "--quiet", "origin")
    git(lifecycle.maintainer, "checkout", "--quiet", "-B", branch, "origin/main")
    (lifecycle.maintainer / path).write_text(message + "\n", encoding="utf-8")
    git(lifecycle.maintainer, "add", "--all")
    git(lifecycle.maintainer, "commit", "--quiet", "--author", AUTHORS[login], "-m", message)
    git(lifecycle.maintainer, "push", "--quiet", "origin", f"{branch}:refs/heads/{branch}")
    opened = lifecycle.client.post(
        f"/repos/{REPO.full_name}/pulls", {"title": message, "head": branch, "base": "main"}
    )
    assert opened.status == 201, opened.body
    merged = lifecycle.client.post(
        f"{CONTROL}/pulls/{opened.body['number']}/merge", {"method": "merge", "login": "octo"}
    )
    assert merged.status == 200, merged.body


def _source(path: Path) -> Path:
    """``v1.0.0`` with the settings, and a commit of alice's before it (she is no newcomer)."""
    repo = GitRepo.create(path, branch="main")
    for commit in (*INITIAL, Commit("chore: release settings", {".release-regent.yml": CONFIG})):
        repo.commit(commit.message, files=dict(commit.files))
    repo.write("docs/usage.md", "# Usage\n")
    git(repo.path, "add", "--all")
    git(repo.path, "commit", "--quiet", "--author", AUTHORS["alice"], "-m", "docs: usage")
    repo.tag(INITIAL_TAG)
    return path


def make_release(work: Path) -> Shown:
    """Run the whole story on a fresh simulator under ``work``."""
    source = _source(work / "source")
    with running_lifecycle(work / "sim", source) as lifecycle:
        client = lifecycle.client
        assert (
            client.post("/_sim/tokens", {"token": DEFAULT_TOKEN, "login": "regent-app[bot]"}).status
            == 201
        )
        assert (
            client.request(
                "PUT", f"{CONTROL}/branches/main/required_checks", {"contexts": ["ci"]}
            ).status
            == 200
        )
        assert client.patch(f"{CONTROL}/settings", {"allow_auto_merge": True}).status == 200
        for login, message, path in CHANGES:
            _land_as(lifecycle, login, message, path)
        refresh(lifecycle.checkout)
        runner = Runner(lifecycle, work / "runs")
        opened = runner.run("push", push_payload(lifecycle))
        assert opened.code == 0, opened.stdout + opened.stderr
        number = opened.outputs["pr_number"]
        pull = client.get(f"/repos/{REPO.full_name}/pulls/{number}").body
        head = pull["head"]["sha"]
        commit = client.get(f"/repos/{REPO.full_name}/git/commits/{head}").body
        passed = client.post(f"{CONTROL}/statuses/{head}", {"context": "ci", "state": "success"})
        [pushed] = [e["payload"] for e in passed.body["events"] if e["name"] == "push"]
        refresh(lifecycle.checkout)
        version = opened.outputs["version"]
        (lifecycle.checkout / "dist").mkdir(exist_ok=True)
        for name in BUILT:
            (lifecycle.checkout / "dist" / name.format(version=version)).write_bytes(b"built\n")
        released = runner.run("push", pushed, inputs={"assets": ASSETS})
        assert released.code == 0, released.stdout + released.stderr
        tag = released.outputs["tag_name"]
        release = client.get(f"/repos/{REPO.full_name}/releases/tags/{tag}").body
        return Shown(
            release_pr=dict(pull),
            verified=bool(commit["verification"]["verified"]),
            auto_merge_summary=next(
                (line for line in opened.summary.splitlines() if "uto-merge" in line), ""
            ),
            release_body=str(release["body"]),
            assets=[asset["name"] for asset in release["assets"]],
            assets_summary=next(
                line for line in released.summary.splitlines() if line.startswith("Assets of")
            ),
            changelog=git(lifecycle.git_dir, "show", f"{tag}:CHANGELOG.md"),
            tag=tag,
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        shown = make_release(Path(folder))
    print(f"release PR #{shown.release_pr['number']}: {shown.release_pr['title']}")
    print(f"verified: {shown.verified}")
    print(shown.auto_merge_summary)
    print(f"--- {shown.tag} ---")
    print(shown.release_body)
    print(f"assets: {shown.assets}")
    print(shown.assets_summary)
    print("--- CHANGELOG.md ---")
    print(shown.changelog)


if __name__ == "__main__":
    sys.exit(main())
