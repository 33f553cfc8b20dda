"""A release PR merged while its update was half-written never releases files that disagree with
its version (issue 11: an update run stopped after moving the release branch from 1.1.0 to
2.0.0 but before retitling the PR; a maintainer merged it; v1.1.0 was released with 2.0.0 files).

Whatever write the update stopped after, merging the release PR then either releases the version
its files say, or releases nothing and says so on the PR.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from regent.core.changelog_file import newest_release
from regent.core.errors import RegentError
from regent.core.release_pr.labels import PENDING_LABEL
from regent.core.release_pr.title import ReleasePrError
from tests.e2e.lifecycle_faults import ALWAYS, crash_after, writes_of
from tests.e2e.lifecycle_harness import Commit, Lifecycle, running_lifecycle, running_simulator
from tests.e2e.lifecycle_script import source_repository
from tests.gitrepo import git

pytestmark = pytest.mark.e2e

PATCH_PULL = {"method": "PATCH", "path": r"/pulls/\d+$", "status": 500, "times": ALWAYS}
"""The release PR's retitle fails for good: the run stops right after moving the branch."""


def update_waiting(lifecycle: Lifecycle) -> None:
    """An open release PR for 1.1.0, and a breaking change merged since (2.0.0)."""
    lifecycle.land("feat: widget search", [Commit("feat: widget search")], method="squash")
    lifecycle.reconcile()
    lifecycle.land("feat!: new storage", [Commit("feat!: new storage")], method="rebase")


def files_say(lifecycle: Lifecycle, ref: str) -> tuple[str, str | None]:
    """The version pyproject.toml carries at ``ref``, and CHANGELOG.md's newest section."""
    pyproject = tomllib.loads(git(lifecycle.git_dir, "show", f"{ref}:pyproject.toml"))
    changelog = git(lifecycle.git_dir, "show", f"{ref}:CHANGELOG.md")
    return str(pyproject["project"]["version"]), newest_release(changelog)


@pytest.mark.parametrize("method", ["squash", "merge"])
def test_a_release_pr_merged_between_branch_and_title_is_refused_with_a_comment(
    tmp_path: Path, method: str
) -> None:
    source = source_repository(tmp_path / "source")
    with running_lifecycle(tmp_path / "work", source) as lifecycle:
        update_waiting(lifecycle)
        with lifecycle.faults([PATCH_PULL]), pytest.raises(RegentError):
            lifecycle.reconcile()
        stopped = lifecycle.snapshot()
        assert stopped.open_release is not None
        assert stopped.open_release.title == "chore(release): v1.1.0"
        assert stopped.branch is not None
        assert stopped.branch.pyproject_version == "2.0.0"

        merged = lifecycle.merge_release_pull(method=method)
        with pytest.raises(ReleasePrError) as refused:
            lifecycle.reconcile()
        message = str(refused.value)
        assert f"#{merged.number} (v1.1.0)" in message
        assert "pyproject.toml says 2.0.0" in message
        assert "CHANGELOG.md tops with 2.0.0" in message
        state = lifecycle.snapshot()
        assert sorted(state.tags) == ["v1.0.0"]
        assert state.releases == ()
        (pull,) = (p for p in state.release_pulls if p.number == merged.number)
        assert PENDING_LABEL not in pull.labels
        (comment,) = pull.comments
        assert comment.startswith("Release Regent did not release this pull request")
        assert "pyproject.toml says 2.0.0" in comment
        assert state.open_release is not None
        assert state.open_release.title == "chore(release): v2.0.0"

        assert lifecycle.reconcile().events == ("release_pr_unchanged",)
        lifecycle.merge_release_pull(method="squash")
        outcome = lifecycle.reconcile()
        assert outcome.events == ("released", "nothing_to_release")
        assert outcome.tag == "v2.0.0"
        assert files_say(lifecycle, "v2.0.0") == ("2.0.0", "2.0.0")
        (pull,) = (p for p in lifecycle.snapshot().release_pulls if p.number == merged.number)
        assert len(pull.comments) == 1


def test_a_merge_after_an_update_stopped_at_any_write_releases_only_what_its_files_say(
    tmp_path: Path,
) -> None:
    source = source_repository(tmp_path / "source")
    with running_simulator(tmp_path) as sim:
        clean = Lifecycle(sim, tmp_path / "clean", source)
        update_waiting(clean)
        clean.forget_requests()
        clean.reconcile()
        writes = writes_of(clean.requests())
        assert len(writes) >= 4, writes
        outcomes = []
        for k in range(1, len(writes) + 1):
            lifecycle = Lifecycle(sim, tmp_path / f"crash-{k}", source)
            update_waiting(lifecycle)
            lifecycle.forget_requests()
            with lifecycle.faults(crash_after(writes, k)), pytest.raises(RegentError):
                lifecycle.reconcile()
            merged = lifecycle.merge_release_pull(method="squash")
            try:
                released = lifecycle.reconcile().tag
            except ReleasePrError:
                released = None
            state = lifecycle.snapshot()
            new_tags = sorted(set(state.tags) - {"v1.0.0"})
            if released is None:
                assert new_tags == [], f"stopped after write {k}: tagged {new_tags}"
                (pull,) = (p for p in state.release_pulls if p.number == merged.number)
                assert len(pull.comments) == 1, f"stopped after write {k}: {pull.comments}"
            else:
                assert new_tags == [released]
                version = released.removeprefix("v")
                assert files_say(lifecycle, released) == (version, version), f"write {k}"
            outcomes.append(released)
        assert None in outcomes, "no crash point left the title behind the branch"
        assert outcomes[-1] == "v2.0.0"
