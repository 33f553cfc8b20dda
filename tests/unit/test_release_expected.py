"""Which runs are meant to release (the Action's ``fail-on-no-release``), and the action inputs
that ask for it and add asset patterns."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from regent.core.errors import UsageError
from regent.core.model import RepoRef
from regent.core.release_expected import no_release_message, release_expected
from regent.core.release_pr.state import ReconcileScope
from regent.core.routing import Reconcile
from regent.runtimes.action.settings import asset_patterns, read_inputs

ROUTED = Reconcile(
    repo=RepoRef("acme", "widget"), base_branch="main", reason="", default_branch="main"
)
TITLE = "chore(release): v{version}"


def _pull(head: str, *, merged: bool = True, repo: str = "acme/widget") -> dict[str, Any]:
    return {
        "pull_request": {
            "number": 12,
            "merged": merged,
            "head": {"ref": head, "repo": {"full_name": repo}},
        }
    }


def _push(message: str) -> dict[str, Any]:
    return {"head_commit": {"message": message}}


@pytest.mark.parametrize(
    ("event", "payload", "routed", "expected"),
    [
        pytest.param("pull_request", _pull("release-regent/main"), ROUTED, True, id="merged-pr"),
        pytest.param(
            "pull_request_target", _pull("release-regent/main"), ROUTED, True, id="target"
        ),
        pytest.param("pull_request", _pull("feature/x"), ROUTED, False, id="feature-merge"),
        pytest.param(
            "pull_request",
            _pull("release-regent/main", repo="fork/widget"),
            ROUTED,
            False,
            id="fork-branch",
        ),
        pytest.param(
            "pull_request",
            _pull("release-regent/main", merged=False),
            ROUTED,
            False,
            id="closed-unmerged",
        ),
        pytest.param(
            "push",
            _push("Merge pull request #12 from acme/release-regent/main\n\nchore"),
            ROUTED,
            True,
            id="merge-commit",
        ),
        pytest.param("push", _push("chore(release): v1.2.0 (#12)"), ROUTED, True, id="squash"),
        pytest.param("push", _push("chore(release): v1.2.0"), ROUTED, True, id="rebase"),
        pytest.param("push", _push("feat: a thing (#13)"), ROUTED, False, id="feature-push"),
        pytest.param(
            "push",
            _push("Merge pull request #13 from acme/feature/x"),
            ROUTED,
            False,
            id="feature-merge-commit",
        ),
        pytest.param("push", {}, ROUTED, False, id="push-without-head-commit"),
        pytest.param(
            "workflow_dispatch",
            {},
            replace(ROUTED, release_as="2.0.0"),
            False,
            id="dispatch-release-as",
        ),
        pytest.param("schedule", {}, ROUTED, False, id="schedule"),
        pytest.param(
            "workflow_dispatch",
            {},
            replace(ROUTED, scope=ReconcileScope.RELEASE),
            True,
            id="command-release",
        ),
        pytest.param(
            "pull_request",
            _pull("release-regent/main"),
            replace(ROUTED, dry_run=True),
            False,
            id="dry-run",
        ),
    ],
)
def test_runs_meant_to_release(
    event: str, payload: dict[str, Any], routed: Reconcile, expected: bool
) -> None:
    found = release_expected(routed, event_name=event, payload=payload, title_template=TITLE)
    assert (found is not None) is expected


def test_a_custom_title_is_recognised_in_a_squash() -> None:
    payload = _push("Release widget 1.2.0 (#40)")
    found = release_expected(
        ROUTED, event_name="push", payload=payload, title_template="Release widget {version}"
    )
    assert found == "the pushed commit 'Release widget 1.2.0 (#40)' merges a release PR"


def test_the_error_says_why_and_what_the_plan_found() -> None:
    message = no_release_message(
        "release PR #12 from release-regent/main was merged",
        base_branch="main",
        reason="no commits",
    )
    assert message.startswith("fail-on-no-release: this run was meant to release (release PR #12")
    assert "'release-regent: pending'" in message
    assert message.endswith("The plan: no commits")


@pytest.mark.parametrize(
    ("value", "patterns"),
    [
        ("", ()),
        ("dist/*.whl", ("dist/*.whl",)),
        ("dist/*.whl, dist/*.tar.gz", ("dist/*.whl", "dist/*.tar.gz")),
        ("dist/*.whl\n  out/app\n\n", ("dist/*.whl", "out/app")),
    ],
)
def test_the_assets_input_splits_on_lines_and_commas(value: str, patterns: tuple[str, ...]) -> None:
    assert asset_patterns(value) == patterns


def test_bad_inputs_are_named_together() -> None:
    environ = {"INPUT_ASSETS": "../x/*", "INPUT_FAIL-ON-NO-RELEASE": "maybe"}
    with pytest.raises(UsageError) as raised:
        read_inputs(environ)
    assert "input assets: asset pattern '../x/*' climbs out" in raised.value.message
    assert "input fail-on-no-release is 'maybe'; write true or false" in raised.value.message
    good = read_inputs({"INPUT_ASSETS": "dist/*", "INPUT_FAIL-ON-NO-RELEASE": "true"})
    assert (good.assets, good.fail_on_no_release) == (("dist/*",), True)
