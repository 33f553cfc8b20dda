"""``release_pr.auto_merge`` through the release service over the fake GitHub: asked for once,
refusals reported without failing the run, never on a dry run or a release-only run."""

from __future__ import annotations

from regent.core.policy import ReleasePrPolicy
from regent.core.release_pr.auto_merge import AutoMerge
from regent.core.release_pr.state import ReconcileScope
from regent.services.release import ReconcileOutcome
from tests.fakes.github_port import NOT_ALLOWED
from tests.release_world import ReleaseWorld
from tests.remote import FakeRemote

SQUASH = ReleasePrPolicy(auto_merge="squash")


def _asked(fake: FakeRemote) -> int:
    return fake.calls().count("enable_auto_merge")


def test_auto_merge_is_turned_on_once_when_the_release_pr_opens(
    release_world: ReleaseWorld, fake: FakeRemote
) -> None:
    opened = release_world.reconcile(release_pr=SQUASH)
    assert opened.events == ("release_pr_opened",)
    assert opened.pull_request is not None
    number = opened.pull_request.number
    assert opened.auto_merge == (AutoMerge(number, "squash"),)
    assert fake.repository.pulls[number].auto_merge == "squash"
    fake.forget()
    again = release_world.reconcile(release_pr=SQUASH)
    assert (again.events, again.auto_merge, _asked(fake)) == (("release_pr_unchanged",), (), 0)
    release_world.merge_change("fix: one more")
    updated = release_world.reconcile(release_pr=SQUASH)
    assert (updated.events, updated.auto_merge, _asked(fake)) == (("release_pr_updated",), (), 0)


def test_another_method_is_asked_for_and_a_kept_release_pr_gets_it(
    release_world: ReleaseWorld, fake: FakeRemote
) -> None:
    opened = release_world.reconcile()
    assert (opened.auto_merge, _asked(fake)) == ((), 0)
    kept = release_world.reconcile(release_pr=ReleasePrPolicy(auto_merge="rebase"))
    assert kept.events == ("release_pr_unchanged",)
    assert opened.pull_request is not None
    assert kept.auto_merge == (AutoMerge(opened.pull_request.number, "rebase"),)
    switched = release_world.reconcile(release_pr=ReleasePrPolicy(auto_merge="merge"))
    assert switched.auto_merge == (AutoMerge(opened.pull_request.number, "merge"),)


def test_a_repository_without_auto_merge_is_reported_and_the_run_succeeds(
    release_world: ReleaseWorld, fake: FakeRemote
) -> None:
    fake.repository.allow_auto_merge = False
    opened = release_world.reconcile(release_pr=SQUASH)
    assert opened.events == ("release_pr_opened",)
    assert opened.pull_request is not None
    assert opened.auto_merge == (AutoMerge(opened.pull_request.number, "squash", NOT_ALLOWED),)
    assert fake.repository.pulls[opened.pull_request.number].auto_merge is None


def test_a_dry_run_and_a_release_only_run_leave_auto_merge_alone(
    release_world: ReleaseWorld, fake: FakeRemote
) -> None:
    dry = release_world.reconcile(release_pr=SQUASH, dry_run=True)
    assert (dry.auto_merge, _asked(fake)) == ((), 0)
    release_world.reconcile()
    outcome = release_world.service(release_pr=SQUASH).reconcile(
        "main", scope=ReconcileScope.RELEASE
    )
    assert isinstance(outcome, ReconcileOutcome)
    assert outcome.events == ("release_pr_skipped",)
    assert (outcome.auto_merge, _asked(fake)) == ((), 0)
