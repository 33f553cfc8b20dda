"""A monorepo's components credit their people and take pull request titles like one package:
each component's release PR section and GitHub Release thank the authors of its own commits
(first-time ones since its own previous release), from one accounts listing per run over the
union of the components' ranges; CHANGELOG files mention nobody; GitHub's generated notes are
read per component (its tag and previous tag) when it is published."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.github.repository import GitHubAdapter
from regent.core.release_pr.components import section_notes
from tests.contract.component_world import PACKAGES, configured
from tests.contract.conftest import World
from tests.contract.sim_remote import SimRemote
from tests.gitrepo import git
from tests.release_world import BRANCH, ReleaseWorld

pytestmark = pytest.mark.contract

ANN = ("Ann Lee", "1+ann@users.noreply.github.com")
BOB = ("Bob Ray", "2+bob@users.noreply.github.com")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
COMPARE = "GET repos/compare-commits"
LIST_COMMITS = "GET repos/list-commits"
GENERATE = "POST repos/generate-release-notes"
CONFIG = """\
notes:
  entry_text: pr_title
  github_generated: append
components:
  - {name: api, path: packages/api}
  - {name: cli, path: packages/cli}
"""


def merge_as(
    release_world: ReleaseWorld, author: tuple[str, str], message: str, *, path: str, title: str
) -> None:
    """A pull request of one commit by ``author`` changing ``path``, merged (merge commit)."""
    release_world.features += 1
    branch = f"change-{release_world.features}"
    dev = release_world.dev
    git(dev, "fetch", "--quiet", "origin")
    git(dev, "checkout", "--quiet", "-B", branch, "origin/main")
    (dev / path).parent.mkdir(parents=True, exist_ok=True)
    (dev / path).write_text(f"{release_world.features}\n", encoding="utf-8")
    git(dev, "add", "--all")
    name, email = author
    git(
        dev,
        "commit",
        "--quiet",
        "-m",
        message,
        env={"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email},
    )
    git(dev, "push", "--quiet", "--force", "origin", branch)
    number = release_world.remote.open_pull(branch, "main", title=title)
    release_world.remote.merge(number, method="merge")


@pytest.fixture
def monorepo(world: World, github: GitHubAdapter, tmp_path: Path) -> ReleaseWorld:
    """api and cli tagged (Bob wrote api before), then Ann's and Bob's api pull requests and
    Ann's and Dependabot's cli ones merged."""
    release_world = ReleaseWorld.create(SimRemote(world), github, tmp_path)
    release_world.merge_change("chore: packages", files=PACKAGES)
    merge_as(release_world, BOB, "feat(api): base", path="packages/api/base.txt", title="Base")
    release_world.tag_main("api-v1.0.0")
    release_world.tag_main("cli-v0.3.0")
    merge_as(release_world, ANN, "feat(api): routes", path="packages/api/r.txt", title="Routes")
    merge_as(release_world, BOB, "fix(api): slash", path="packages/api/s.txt", title="Slashes")
    merge_as(release_world, ANN, "fix(cli): flags", path="packages/cli/f.txt", title="Flag help")
    merge_as(release_world, BOT, "fix(deps): bump", path="packages/cli/d.txt", title="Bump dep")
    return configured(release_world, CONFIG)


def test_each_component_credits_its_own_people_from_one_listing(monorepo: ReleaseWorld) -> None:
    monorepo.remote.forget()
    opened = monorepo.reconcile()
    assert opened.events == ("release_pr_opened",)
    calls = monorepo.remote.calls()
    assert calls.count(COMPARE) + calls.count(LIST_COMMITS) == 1, "one listing for both"
    assert GENERATE not in calls
    (pull,) = monorepo.open_pulls()
    api, cli = section_notes(pull["body"], "api"), section_notes(pull["body"], "cli")
    assert api is not None
    assert cli is not None
    assert "* Routes (#" in api
    assert "* Slashes (#" in api
    assert "Thanks to @ann and @bob." in api
    assert "First-time contributors: @ann. Welcome!" in api, "Bob wrote api before"
    assert "dependabot" not in api
    assert "Flag help" not in api
    assert "* Flag help (#" in cli
    assert "Thanks to @ann." in cli
    assert "First-time contributors: @ann." in cli
    assert "Automated updates by @dependabot[bot]." in cli
    assert "@bob" not in cli
    for path in ("packages/api/CHANGELOG.md", "packages/cli/CHANGELOG.md"):
        changelog = monorepo.file_at(BRANCH, path)
        assert "@" not in changelog
    assert "Routes" in monorepo.file_at(BRANCH, "packages/api/CHANGELOG.md")

    monorepo.remote.merge(pull["number"], method="merge")
    monorepo.remote.forget()
    released = monorepo.reconcile()
    assert "released" in released.events
    assert monorepo.remote.calls().count(GENERATE) == 2, "one per component published"
    notes = {r["tag_name"]: r["body"] for r in monorepo.releases()}
    assert "Thanks to @ann and @bob." in notes["api-v1.1.0"]
    assert "## What's Changed" in notes["api-v1.1.0"]
    assert "Automated updates by @dependabot[bot]." in notes["cli-v0.3.1"]
    assert "**Full Changelog**: " in notes["cli-v0.3.1"]
