"""A merged release PR is released only when its files carry its version; else it is refused.

Also: an open release PR whose state marker is not believed is rewritten, with the reason said,
and the changelog's newest section is read linearly from any text.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.changelog_file import newest_release
from regent.core.release_pr.actions import (
    KeepReleasePr,
    OpenReleasePr,
    PublishRelease,
    ReleaseDecision,
    UpdateReleasePr,
)
from regent.core.release_pr.body import release_pr_body
from regent.core.release_pr.decision import decide_release_actions
from regent.core.release_pr.integrity import (
    MismatchedRelease,
    RefuseRelease,
    files_problem,
    refusal_error_message,
)
from regent.core.release_pr.labels import PENDING_LABEL
from regent.core.release_pr.marker import ReleasePrMarker
from regent.core.release_pr.state import ReconcileScope, ReleaseState
from regent.core.versioning.semver import SEMVER
from tests.unit.test_release_decision import (
    BASE,
    DEFAULT_PR,
    DEFAULT_PUBLISH,
    NEXT,
    NOTHING_REASON,
    merged,
    pull,
)

MISMATCH = MismatchedRelease(
    pull=pull(4, title="chore(release): v1.1.0", body="", merged=True, labels=(PENDING_LABEL, "x")),
    version=SEMVER.parse("1.1.0"),
    tag="v1.1.0",
    source="its state marker",
    problem="pyproject.toml says 2.0.0; CHANGELOG.md tops with 2.0.0",
)


def state(**changes: object) -> ReleaseState:
    found = ReleaseState(
        base_branch="main",
        base_sha=BASE,
        open_pull=None,
        merged=(),
        next_release=NEXT,
        plan_reason=NOTHING_REASON,
        released_versions=(SEMVER.parse("1.0.0"),),
    )
    return replace(found, **changes)  # type: ignore[arg-type]


def decide(found: ReleaseState, scope: ReconcileScope = ReconcileScope.ALL) -> ReleaseDecision:
    return decide_release_actions(
        found, release_pr=DEFAULT_PR, publish=DEFAULT_PUBLISH, scope=scope
    )


@pytest.mark.parametrize(
    ("stale", "newest", "problem"),
    [
        pytest.param([], "1.1.0", None, id="agree"),
        pytest.param(
            [("pyproject.toml", "2.0.0")],
            "1.1.0",
            "pyproject.toml says 2.0.0",
            id="version-file",
        ),
        pytest.param([], "2.0.0", "CHANGELOG.md tops with 2.0.0", id="changelog"),
        pytest.param([], None, "CHANGELOG.md has no release section", id="no-section"),
        pytest.param(
            [("package.json", None), ("VERSION", "2.0.0")],
            "2.0.0",
            "package.json says no version; VERSION says 2.0.0; CHANGELOG.md tops with 2.0.0",
            id="all",
        ),
    ],
)
def test_files_problem(
    stale: list[tuple[str, str | None]], newest: str | None, problem: str | None
) -> None:
    found = files_problem(
        "1.1.0", stale_files=stale, changelog_path="CHANGELOG.md", newest_section=newest
    )
    assert found == problem


def test_a_mismatched_merge_is_refused_not_published() -> None:
    decision = decide(state(mismatched=(MISMATCH,), merged=(merged("1.0.1"),)))
    refusal, release, opened = decision.actions
    assert isinstance(refusal, RefuseRelease)
    assert isinstance(release, PublishRelease)
    assert release.tag == "v1.0.1"
    assert isinstance(opened, OpenReleasePr)
    assert opened.branch_exists, "the merged PR's branch is still there"
    assert refusal.labels == ("x",)
    assert "v1.1.0" in refusal.comment
    assert "pyproject.toml says 2.0.0" in refusal.comment
    assert "did not release" in refusal.comment
    assert "refuse v1.1.0 (merge of #4): no tag, no release" in str(decision)
    assert decision.refusals == (refusal,)
    assert decision.events == ("release_refused", "released", "release_pr_opened")


def test_repository_text_in_the_refusal_is_escaped_and_cut_short() -> None:
    problem = files_problem(
        "1.1.0",
        stale_files=[("pyproject.toml", "<!-- release-regent @acme/owners \x1b[31m" + "9" * 500)],
        changelog_path="CHANGELOG.md",
        newest_section="1.1.0",
    )
    assert problem is not None
    assert "\x1b" not in problem
    assert len(problem) < 300
    refusal = decide(state(mismatched=(replace(MISMATCH, problem=problem),))).refusals[0]
    assert "<!--" not in refusal.comment
    assert "@acme" not in refusal.comment


def test_the_refusal_message_names_each_pr_and_its_problem() -> None:
    decision = decide(state(mismatched=(MISMATCH,)))
    message = refusal_error_message(decision.refusals)
    assert "#4 (v1.1.0): pyproject.toml says 2.0.0" in message
    assert "Nothing was tagged" in message


def test_a_believed_marker_keeps_the_pr_and_an_untrusted_one_rewrites_the_branch() -> None:
    open_pull = pull()
    kept = decide(state(open_pull=open_pull)).release_pr_action
    assert isinstance(kept, KeepReleasePr)
    why = "its state marker says v1.2.0 on bbbbbbbbbbbb, but the release branch holds other files"
    found = decide(state(open_pull=open_pull, untrusted_marker=why))
    action = found.release_pr_action
    assert isinstance(action, UpdateReleasePr)
    assert action.files == NEXT.files
    assert (action.title, action.body, action.labels) == (None, None, None)
    assert action.reason == why


@pytest.mark.parametrize(
    ("text", "newest"),
    [
        pytest.param("# Changelog\n\n## 1.2.0 (2026-01-01)\n\n## 1.1.0\n", "1.2.0", id="plain"),
        pytest.param("## [Unreleased]\n\n## [v1.2.0](https://x)\n", "1.2.0", id="unreleased"),
        pytest.param("# 1.3.0 (2026)\n\n## 1.2.0\n", "1.3.0", id="level-one-version"),
        pytest.param("\ufeff# Changelog\r\n\r\n## 2.0.0\r\n", "2.0.0", id="bom-crlf"),
        pytest.param("# Changelog\n\nNothing yet.\n", None, id="none"),
        pytest.param("", None, id="empty"),
        pytest.param("[1.0.0]: https://x\n", None, id="footer-only"),
    ],
)
def test_newest_release(text: str, newest: str | None) -> None:
    assert newest_release(text) == newest


@given(st.text())
def test_newest_release_reads_any_text(text: str) -> None:
    found = newest_release(text)
    assert found is None or (found and not any(c.isspace() for c in found))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("## 1" + " " * 1_000_000 + "x\n", id="1MB-heading-of-spaces"),
        pytest.param("## \t" * 250_000, id="1MB-of-heading-marks"),
        pytest.param("## Unreleased\n" * 100_000 + "## 1.0.0\n", id="100k-unreleased"),
        pytest.param("[a]: b\n" * 100_000, id="100k-footer"),
    ],
)
def test_newest_release_worst_cases_are_linear(text: str) -> None:
    newest_release(text)  # quadratic before: a 40 KB heading of spaces took 23 s


def test_marker_text_from_the_pr_body_reaches_the_reason_printable() -> None:
    lying = ReleasePrMarker("9.9.9\x1b[2J" + "9" * 100, "v9", "\x1b[31m" + "c" * 39, "x", "d")
    body = release_pr_body(NEXT.visible_body, lying)
    action = decide(state(open_pull=pull(body=body))).release_pr_action
    assert isinstance(action, UpdateReleasePr)
    assert "\x1b" not in action.reason
    assert "version 9.9.9" in action.reason
    assert len(action.reason) < 200
