"""Release PR options, dry runs, long notes, other base branches and what the checkout holds."""

from __future__ import annotations

from pathlib import Path

from regent.core.policy import ReleasePrPolicy
from regent.core.release_pr.body import PR_BODY_LIMIT, TRUNCATION_NOTICE
from regent.core.release_pr.branch import release_branch_name
from regent.core.release_pr.labels import PENDING_LABEL
from regent.services.release import Overrides
from tests.gitrepo import git
from tests.release_world import BRANCH, ReleaseWorld


def test_draft_title_and_extra_labels_from_config(release_world: ReleaseWorld) -> None:
    options = ReleasePrPolicy(title="Release {tag}", draft=True, labels=("release", "bot"))
    opened = release_world.reconcile(release_pr=options)
    assert opened.pull_request is not None
    assert opened.pull_request.draft is True
    (pull,) = release_world.open_pulls()
    assert pull["title"] == "Release v0.1.0"
    assert pull["labels"] == [PENDING_LABEL, "release", "bot"]
    release_world.remote.forget()
    assert release_world.reconcile(release_pr=options).events == ("release_pr_unchanged",)
    assert release_world.remote.writes() == []


def test_labels_people_add_to_the_release_pr_stay(release_world: ReleaseWorld) -> None:
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    number = opened.pull_request.number
    release_world.remote.add_labels(number, ["needs review"])
    release_world.merge_change("fix: one more")
    assert release_world.reconcile().events == ("release_pr_updated",)
    assert release_world.pull(number)["labels"] == [PENDING_LABEL, "needs review"]


def test_a_dry_run_decides_and_writes_nothing(release_world: ReleaseWorld) -> None:
    before = release_world.state()
    release_world.remote.forget()
    outcome = release_world.reconcile(dry_run=True)
    assert (outcome.events, outcome.dry_run, outcome.version) == ((), True, "0.1.0")
    assert outcome.decision.events == ("release_pr_opened",)
    assert release_world.remote.writes() == []
    assert release_world.state() == before
    assert release_world.reconcile().events == ("release_pr_opened",)


def test_long_notes_are_cut_in_the_body_but_not_in_the_release(
    release_world: ReleaseWorld,
) -> None:
    long_fixes = [f"fix: {n} {'repair the widget cache ' * 1_700}" for n in range(2)]
    for message in long_fixes:
        release_world.merge_change(message, title="fix: the cache")
    opened = release_world.reconcile()
    assert opened.pull_request is not None
    number = opened.pull_request.number
    body = release_world.pull(number)["body"]
    assert len(body) <= PR_BODY_LIMIT
    assert TRUNCATION_NOTICE in body
    assert long_fixes[0].removeprefix("fix: ") in body
    assert long_fixes[1].removeprefix("fix: ") not in body
    assert release_world.marker(number) is not None
    assert release_world.reconcile().events == ("release_pr_unchanged",)
    release_world.remote.merge(number, method="squash")
    release_world.reconcile()
    (release,) = release_world.releases()
    assert TRUNCATION_NOTICE not in release["body"]
    assert all(fix.removeprefix("fix: ") in release["body"] for fix in long_fixes)


def test_a_release_as_override_forces_the_version(release_world: ReleaseWorld) -> None:
    opened = release_world.reconcile(overrides=Overrides(release_as="1.0.0"))
    assert opened.version == "1.0.0"
    (pull,) = release_world.open_pulls()
    assert pull["title"] == "chore(release): v1.0.0"
    assert "1.0.0 is forced by the release_as input" in str(opened.decision)


def test_another_base_branch_gets_its_own_release_branch(release_world: ReleaseWorld) -> None:
    main = release_world.state()["branches"]["main"]
    release_world.remote.create_ref("refs/heads/release/1.x", main)
    release_world.merge_change("fix: on the maintenance branch", base="release/1.x")
    for base in ("main", "release/1.x"):
        assert release_world.reconcile(base=base).events == ("release_pr_opened",)
    branches = release_world.state()["branches"]
    assert {BRANCH, release_branch_name("release/1.x")} <= set(branches)
    assert release_branch_name("release/1.x") == "release-regent/release%2F1.x"
    heads = {pull["base"]: pull["head"] for pull in release_world.open_pulls()}
    assert heads == {"main": BRANCH, "release/1.x": "release-regent/release%2F1.x"}
    assert release_world.reconcile(base="release/1.x").events == ("release_pr_unchanged",)


def test_the_plan_is_made_at_the_base_head_not_the_checkout_head(
    release_world: ReleaseWorld,
) -> None:
    checkout = release_world.checkout
    git(checkout, "checkout", "--quiet", "-b", "pr-merge-ref")
    (checkout / "local.txt").write_text("only here\n", encoding="utf-8")
    git(checkout, "add", "local.txt")
    git(checkout, "commit", "--quiet", "-m", "feat!: only in the workspace")
    base = release_world.merge_change("fix: on main only")
    opened = release_world.reconcile()
    assert opened.version == "0.1.0"
    assert release_world.parents(BRANCH) == [base]
    assert "only in the workspace" not in release_world.file_at(BRANCH, "CHANGELOG.md")
    assert "on main only" in release_world.file_at(BRANCH, "CHANGELOG.md")


def test_version_files_are_bumped_from_the_base_head(release_world: ReleaseWorld) -> None:
    release_world.merge_change(
        "feat: package it",
        files={
            "package.json": '{\n  "name": "widget",\n  "version": "0.0.0"\n}\n',
            "CHANGELOG.md": "# Changelog\n\nEarlier history.\n",
        },
    )
    assert not (release_world.checkout / "package.json").exists()
    release_world.reconcile()
    assert '"version": "0.1.0"' in release_world.file_at(BRANCH, "package.json")
    changelog = release_world.file_at(BRANCH, "CHANGELOG.md")
    assert changelog.startswith("# Changelog\n\nEarlier history.\n\n## 0.1.0 (2026-11-26)")


def test_a_shallow_checkout_is_deepened(release_world: ReleaseWorld, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    url = release_world.remote.git_dir.as_uri()
    git(tmp_path, "clone", "--quiet", "--depth", "1", url, str(shallow))
    release_world.checkout = shallow
    assert release_world.reconcile().version == "0.1.0"
    assert git(shallow, "rev-parse", "--is-shallow-repository") == "false"
