"""decide_release_actions: what a reconcile does for every state it can find, and why."""

from __future__ import annotations

from dataclasses import replace

import pytest

from regent.core.model import FileChange, PullRequest, PullState
from regent.core.policy import PublishPolicy, ReleasePrPolicy
from regent.core.release_pr.actions import (
    CloseReleasePr,
    KeepReleasePr,
    NothingToRelease,
    OpenReleasePr,
    PublishRelease,
    ReleaseDecision,
    SkipReleasePr,
    UpdateReleasePr,
)
from regent.core.release_pr.body import release_pr_body
from regent.core.release_pr.decision import (
    decide_release_actions,
    release_date,
    release_pr_marker,
)
from regent.core.release_pr.labels import PENDING_LABEL, RELEASED_LABEL
from regent.core.release_pr.maintainer_notes import maintainer_section, read_maintainer_notes
from regent.core.release_pr.marker import VersionPin, format_marker, parse_marker
from regent.core.release_pr.state import MergedRelease, NextRelease, ReconcileScope, ReleaseState
from regent.core.versioning.semver import SEMVER

BASE = "b" * 40
DEFAULT_PR = ReleasePrPolicy()
DEFAULT_PUBLISH = PublishPolicy()
OLD_BASE = "c" * 40
FILES = (FileChange("CHANGELOG.md", "# Changelog\n\n## 1.2.0\n"),)
NEXT = NextRelease(
    version="1.2.0",
    tag="v1.2.0",
    files=FILES,
    visible_body="### Features\n\n* widgets\n",
    date="2026-11-26",
    reason="1 minor-level change since v1.1.0 (abc1234) asks for a minor bump.",
)
TITLE = "chore(release): v1.2.0"
BODY = release_pr_body(NEXT.visible_body, release_pr_marker(NEXT, base_sha=BASE))
NOTHING_REASON = (
    "None of the 2 commits since v1.1.0 asks for a release (no feat, fix or breaking change)."
)


def pull(
    number: int = 7,
    *,
    title: str = TITLE,
    body: str = BODY,
    labels: tuple[str, ...] = (PENDING_LABEL,),
    merged: bool = False,
) -> PullRequest:
    return PullRequest(
        number=number,
        title=title,
        body=body,
        head_branch="release-regent/main",
        head_sha="h" * 40,
        base_branch="main",
        state=PullState.CLOSED if merged else PullState.OPEN,
        merged=merged,
        merge_commit_sha=f"{number:02x}" * 20 if merged else None,
        labels=labels,
        draft=False,
        html_url=f"https://github.com/acme/widget/pull/{number}",
    )


def merged(version: str, number: int = 5) -> MergedRelease:
    return MergedRelease(
        pull=pull(number, title=f"chore(release): v{version}", body="", merged=True),
        version=SEMVER.parse(version),
        tag=f"v{version}",
        notes=f"notes of {version}\n",
        source="its state marker",
    )


def decide(
    *,
    open_pull: PullRequest | None = None,
    next_release: NextRelease | None = NEXT,
    pending: tuple[MergedRelease, ...] = (),
    released: tuple[str, ...] = ("1.1.0",),
    release_pr: ReleasePrPolicy = DEFAULT_PR,
    publish: PublishPolicy = DEFAULT_PUBLISH,
    scope: ReconcileScope = ReconcileScope.ALL,
    base_branch: str = "main",
) -> ReleaseDecision:
    state = ReleaseState(
        base_branch=base_branch,
        base_sha=BASE,
        open_pull=open_pull,
        merged=pending,
        next_release=next_release,
        plan_reason=NOTHING_REASON,
        released_versions=tuple(SEMVER.parse(v) for v in released),
    )
    return decide_release_actions(state, release_pr=release_pr, publish=publish, scope=scope)


def marked_body(*, base_sha: str = BASE, version: str = "1.2.0", content: str = "") -> str:
    marker = release_pr_marker(NEXT, base_sha=base_sha)
    marker = replace(marker, version=version, content=content or marker.content)
    return release_pr_body(NEXT.visible_body, marker)


# -- the release PR ----------------------------------------------------------------------------


def test_nothing_to_release_and_no_release_pr() -> None:
    decision = decide(next_release=None)
    assert decision.actions == (NothingToRelease(reason=NOTHING_REASON),)
    assert decision.events == ("nothing_to_release",)
    assert decision.release_branch == "release-regent/main"


def test_a_release_pr_with_nothing_left_to_release_is_closed() -> None:
    found = pull(labels=("keep", PENDING_LABEL))
    (action,) = decide(open_pull=found, next_release=None).actions
    assert isinstance(action, CloseReleasePr)
    assert action.pull == found
    assert action.labels == ("keep",)
    assert "nothing on main asks for a release any more" in action.comment
    assert action.reason == f"nothing to release any more: {NOTHING_REASON}"
    assert action.event == "release_pr_closed"


def test_a_hostile_branch_name_in_the_close_comment_is_escaped() -> None:
    """git takes backticks, ``<``, ``@`` and ``<!--`` in a branch name (``release/*`` globs)."""
    branch = "release/x`<img/src=x>`@acme/everyone`<!--"
    (action,) = decide(open_pull=pull(), next_release=None, base_branch=branch).actions
    assert isinstance(action, CloseReleasePr)
    assert "<img" not in action.comment
    assert "<!--" not in action.comment
    assert "@acme" not in action.comment


def test_a_release_pr_is_opened_for_releasable_changes() -> None:
    decision = decide(release_pr=ReleasePrPolicy(draft=True, labels=("release",)))
    (action,) = decision.actions
    assert action == OpenReleasePr(
        version="1.2.0",
        tag="v1.2.0",
        base_sha=BASE,
        files=FILES,
        title=TITLE,
        body=BODY,
        labels=(PENDING_LABEL, "release"),
        draft=True,
        branch_exists=False,
        reason=f"no release PR is open; {NEXT.reason}",
    )
    assert decision.events == ("release_pr_opened",)
    assert BODY.startswith(maintainer_section("") + "\n" + NEXT.visible_body)
    assert '"base_sha": "' + BASE in BODY


def test_the_title_follows_the_configured_template() -> None:
    (action,) = decide(release_pr=ReleasePrPolicy(title="Release {tag} ({version})")).actions
    assert isinstance(action, OpenReleasePr)
    assert action.title == "Release v1.2.0 (1.2.0)"


def test_an_up_to_date_release_pr_is_left_alone() -> None:
    found = pull()
    (action,) = decide(open_pull=found).actions
    assert action == KeepReleasePr(
        pull=found, version="1.2.0", reason=f"it already shows v1.2.0 on {BASE[:12]}"
    )
    assert action.event == "release_pr_unchanged"


@pytest.mark.parametrize(
    ("found", "wanted", "reason"),
    [
        pytest.param(
            pull(body=marked_body(base_sha=OLD_BASE)),
            (FILES, None, BODY, None),
            f"the base moved from {OLD_BASE[:12]} to {BASE[:12]}",
            id="base-moved",
        ),
        pytest.param(
            pull(
                title="chore(release): v1.1.1",
                body=marked_body(version="1.1.1", content="sha256:old"),
            ),
            (FILES, TITLE, BODY, None),
            "version 1.1.1 -> 1.2.0; the release files changed",
            id="new-version",
        ),
        pytest.param(
            pull(body=marked_body(content="sha256:other")),
            (FILES, None, BODY, None),
            "the release files changed",
            id="files-changed",
        ),
        pytest.param(
            pull(body="Edited by hand"),
            (FILES, None, BODY, None),
            "its body has no state marker (edited by hand?)",
            id="hand-edited-body",
        ),
        pytest.param(
            pull(title="Release it"), (None, TITLE, None, None), "the title differs", id="title"
        ),
        pytest.param(
            pull(body="Notes edited\n" + format_marker(release_pr_marker(NEXT, base_sha=BASE))),
            (None, None, BODY, None),
            "the body differs",
            id="body-edited-marker-kept",
        ),
        pytest.param(
            pull(body=release_pr_body("Notes edited", release_pr_marker(NEXT, base_sha=BASE))),
            (None, None, BODY, None),
            "the body differs",
            id="notes-edited-below-the-maintainers-section",
        ),
        pytest.param(
            pull(labels=("keep",)),
            (None, None, None, ("keep", PENDING_LABEL)),
            "labels are missing",
            id="label-missing",
        ),
        pytest.param(
            pull(labels=(RELEASED_LABEL,)),
            (None, None, None, (PENDING_LABEL,)),
            "labels are missing",
            id="released-label",
        ),
    ],
)
def test_a_release_pr_that_differs_is_updated_only_where_it_differs(
    found: PullRequest, wanted: tuple[object, ...], reason: str
) -> None:
    """``wanted``: the files, title, body and labels to write (None: left as they are)."""
    (action,) = decide(open_pull=found).actions
    assert isinstance(action, UpdateReleasePr)
    assert (action.files, action.title, action.body, action.labels) == wanted
    assert action.reason == reason
    assert action.event == "release_pr_updated"


@pytest.mark.parametrize(
    "found",
    [
        pytest.param(pull(body=marked_body(base_sha=OLD_BASE)), id="base-moved"),
        pytest.param(pull(title="x", body="edited", labels=()), id="everything"),
        pytest.param(pull(labels=(RELEASED_LABEL, "keep")), id="labels"),
    ],
)
def test_a_release_pr_updated_as_decided_is_left_alone_next_time(found: PullRequest) -> None:
    (action,) = decide(open_pull=found).actions
    assert isinstance(action, UpdateReleasePr)
    updated = replace(
        found,
        title=action.title or found.title,
        body=action.body or found.body,
        labels=action.labels or found.labels,
    )
    (again,) = decide(open_pull=updated).actions
    assert isinstance(again, KeepReleasePr)


def test_extra_labels_are_kept_up() -> None:
    (action,) = decide(open_pull=pull(), release_pr=ReleasePrPolicy(labels=("release",))).actions
    assert isinstance(action, UpdateReleasePr)
    assert action.labels == (PENDING_LABEL, "release")


def test_release_date_is_kept_while_the_base_has_not_moved() -> None:
    found = pull(body=marked_body())
    assert release_date(found, base_sha=BASE, today="2026-12-01") == "2026-11-26"
    assert release_date(found, base_sha=OLD_BASE, today="2026-12-01") == "2026-12-01"
    assert release_date(pull(body="edited"), base_sha=BASE, today="2026-12-01") == "2026-12-01"
    assert release_date(None, base_sha=BASE, today="2026-12-01") == "2026-12-01"


# -- releases ----------------------------------------------------------------------------------


def test_a_merged_release_pr_is_published_then_nothing_waits() -> None:
    item = merged("1.2.0")
    decision = decide(pending=(item,), next_release=None)
    publish, nothing = decision.actions
    assert publish == PublishRelease(
        pull=item.pull,
        version="1.2.0",
        tag="v1.2.0",
        commit="05" * 20,
        notes="notes of 1.2.0\n",
        prerelease=False,
        latest=True,
        draft=False,
        tag_message=None,
        labels=(RELEASED_LABEL,),
        delete_branch=True,
        reason=(
            "release PR #5 was merged as 050505050505 and is still labelled pending; "
            "its version 1.2.0 comes from its state marker"
        ),
    )
    assert isinstance(nothing, NothingToRelease)
    assert decision.events == ("released", "nothing_to_release")
    assert decision.releases == (publish,)


def test_after_a_release_the_next_release_pr_reuses_the_branch() -> None:
    publish, opened = decide(pending=(merged("1.1.0"),), released=()).actions
    assert isinstance(publish, PublishRelease)
    assert not publish.delete_branch
    assert isinstance(opened, OpenReleasePr)
    assert opened.branch_exists


def test_the_branch_of_an_open_release_pr_is_never_deleted() -> None:
    publish, keep = decide(pending=(merged("1.1.0"),), open_pull=pull()).actions
    assert isinstance(publish, PublishRelease)
    assert not publish.delete_branch
    assert isinstance(keep, KeepReleasePr)


@pytest.mark.parametrize(
    ("pending", "released", "latest"),
    [
        pytest.param(("1.2.0",), ("1.1.0",), {"1.2.0": True}, id="highest"),
        pytest.param(("1.2.0",), ("1.2.0",), {"1.2.0": True}, id="already-tagged"),
        pytest.param(("1.1.5",), ("1.2.0",), {"1.1.5": False}, id="backport"),
        pytest.param(("2.0.0-rc.1",), ("1.1.0",), {"2.0.0-rc.1": False}, id="prerelease"),
        pytest.param(("1.2.0",), ("2.0.0-rc.1",), {"1.2.0": True}, id="above-prereleases"),
        pytest.param(
            ("1.3.0", "1.2.0"), ("1.1.0",), {"1.2.0": False, "1.3.0": True}, id="two-pending"
        ),
        pytest.param(("0.1.0",), (), {"0.1.0": True}, id="first"),
    ],
)
def test_latest_only_for_the_highest_stable_version(
    pending: tuple[str, ...], released: tuple[str, ...], latest: dict[str, bool]
) -> None:
    items = tuple(merged(version, number) for number, version in enumerate(pending, start=3))
    decision = decide(pending=items, released=released, next_release=None)
    assert {r.version: r.latest for r in decision.releases} == latest
    assert [r.version for r in decision.releases] == list(latest)
    assert [r.delete_branch for r in decision.releases] == [False] * (len(pending) - 1) + [True]


def test_prerelease_versions_are_flagged() -> None:
    (publish, _) = decide(pending=(merged("2.0.0-rc.1"),), next_release=None).actions
    assert isinstance(publish, PublishRelease)
    assert (publish.prerelease, publish.latest) == (True, False)


def test_annotated_tags_and_draft_releases_by_config() -> None:
    publish, _ = decide(
        pending=(merged("1.2.0"),),
        next_release=None,
        publish=PublishPolicy(annotated_tag=True, draft=True),
    ).actions
    assert isinstance(publish, PublishRelease)
    assert (publish.tag_message, publish.draft) == ("Release v1.2.0", True)


def test_labels_people_added_survive_the_release() -> None:
    item = merged("1.2.0")
    item = replace(item, pull=replace(item.pull, labels=("team", PENDING_LABEL)))
    publish, _ = decide(pending=(item,), next_release=None).actions
    assert isinstance(publish, PublishRelease)
    assert publish.labels == ("team", RELEASED_LABEL)


# -- the decision as text ----------------------------------------------------------------------


def test_the_decision_reads_as_one_line_per_action() -> None:
    decision = decide(pending=(merged("1.1.0"),), released=())
    text = str(decision).splitlines()
    assert text[0] == f"main at {BASE[:12]}, release branch release-regent/main"
    assert text[1].startswith("- publish v1.1.0 (latest): tag at 050505050505 (merge of #5)")
    assert text[2].startswith(f"- open release PR 'chore(release): v1.2.0' on {BASE[:12]}: ")
    assert decision.lines()[1].endswith(NEXT.reason)


# -- scopes: the Action's command release-pr and command release -------------------------------


@pytest.mark.parametrize(
    ("open_pull", "next_release", "would"),
    [
        pytest.param(None, NEXT, "open", id="would-open"),
        pytest.param(pull(body="stale"), NEXT, "update", id="would-update"),
        pytest.param(pull(), NEXT, "leave", id="would-keep"),
        pytest.param(None, None, "nothing", id="would-rest"),
    ],
)
def test_a_release_scope_publishes_and_leaves_the_release_pr(
    open_pull: PullRequest | None, next_release: NextRelease | None, would: str
) -> None:
    full = decide(pending=(merged("1.1.0"),), open_pull=open_pull, next_release=next_release)
    scoped = decide(
        pending=(merged("1.1.0"),),
        open_pull=open_pull,
        next_release=next_release,
        scope=ReconcileScope.RELEASE,
    )
    assert scoped.releases == full.releases
    assert scoped.events == ("released", "release_pr_skipped")
    skip = scoped.release_pr_action
    assert skip == SkipReleasePr(
        pull=open_pull,
        reason=(
            "this run only publishes releases; a full run would "
            + full.release_pr_action.describe()
        ),
    )
    assert skip.reason.split("would ")[1].startswith(would)
    assert scoped.held == ()


def test_a_release_pr_scope_holds_the_releases_back() -> None:
    item = merged("1.1.0")
    full = decide(pending=(item,), released=())
    scoped = decide(pending=(item,), released=(), scope=ReconcileScope.RELEASE_PR)
    assert scoped.releases == ()
    assert scoped.held == full.releases
    assert scoped.release_pr_action == full.release_pr_action
    assert scoped.events == ("release_pr_opened",)
    assert scoped.lines()[-1] == (
        "hold v1.1.0 (merge of #5): this run publishes no releases; "
        "a run with command release or auto will"
    )


def test_a_scope_with_nothing_pending_changes_only_the_release_pr_action() -> None:
    assert decide(scope=ReconcileScope.RELEASE_PR) == decide()
    skipped = decide(scope=ReconcileScope.RELEASE)
    assert skipped.events == ("release_pr_skipped",)
    assert skipped.release_pr_action.describe() == "leave the release PR alone"


# -- the maintainers' notes and the pinned version ----------------------------------------------

PIN = VersionPin("2.0.0", "!set-version by @alice in #7")


@pytest.mark.parametrize(
    ("wanted", "notes", "pin"),
    [
        pytest.param(
            replace(NEXT, maintainer_notes="Read **this**."), "Read **this**.", None, id="notes"
        ),
        pytest.param(replace(NEXT, version="2.0.0", pin=PIN), "", PIN, id="pin"),
        pytest.param(NEXT, "", None, id="neither"),
    ],
)
def test_the_maintainers_notes_and_the_pin_are_written_with_the_release_pr(
    wanted: NextRelease, notes: str, pin: VersionPin | None
) -> None:
    (action,) = decide(next_release=wanted).actions
    assert isinstance(action, OpenReleasePr)
    assert read_maintainer_notes(action.body) == notes
    marker = parse_marker(action.body)
    assert marker is not None
    assert (marker.version, marker.pin) == (wanted.version, pin)


def test_a_pin_added_to_the_same_version_updates_only_the_body() -> None:
    (action,) = decide(open_pull=pull(), next_release=replace(NEXT, pin=PIN)).actions
    assert isinstance(action, UpdateReleasePr)
    assert (action.files, action.title, action.labels) == (None, None, None)
    assert action.body is not None
    marker = parse_marker(action.body)
    assert marker is not None
    assert marker.pin == PIN
    assert action.reason == "2.0.0 pinned by !set-version by @alice in #7"


def test_a_dropped_pin_is_named() -> None:
    pinned = release_pr_body(
        NEXT.visible_body, release_pr_marker(replace(NEXT, pin=PIN), base_sha=BASE)
    )
    (action,) = decide(open_pull=pull(body=pinned)).actions
    assert isinstance(action, UpdateReleasePr)
    assert action.reason == "the pinned version was dropped"
