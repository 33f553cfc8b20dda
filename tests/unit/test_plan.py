"""Tags and the release decision (pure): current tag, next version, bump label and reason."""

from __future__ import annotations

import pytest

from regent.core.analysis import analyse_commits
from regent.core.errors import ConfigError, InvalidVersionError
from regent.core.history import RawCommit
from regent.core.plan import ReleasePlan, VersionOverride, plan_release
from regent.core.policy import BumpPolicy, ReleasePolicy
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.tags import TagTemplate, find_releases


@pytest.mark.parametrize(
    ("template", "tag", "version"),
    [
        pytest.param("v{version}", "v1.2.3", "1.2.3", id="default"),
        pytest.param("v{version}", "1.2.3", None, id="missing-prefix"),
        pytest.param("{version}", "1.2.3", "1.2.3", id="bare"),
        pytest.param("widget@{version}", "widget@2.0.0-rc.1", "2.0.0-rc.1", id="component"),
        pytest.param("release-{version}-final", "release-1.0.0-final", "1.0.0", id="suffix"),
        pytest.param("v{version}", "v", None, id="empty-version"),
    ],
)
def test_tag_template_reads_the_version(template: str, tag: str, version: str | None) -> None:
    assert TagTemplate(template).version_text(tag) == version


@pytest.mark.parametrize("template", ["v", "{version}-{version}"], ids=["no-field", "two-fields"])
def test_tag_template_needs_one_version_field(template: str) -> None:
    with pytest.raises(ConfigError, match="exactly once"):
        TagTemplate(template)


def test_find_releases_orders_by_precedence_and_ignores_strangers() -> None:
    tags = ["v1.9.0", "v1.10.0", "v1.10.1-rc.1", "v2", "latest", "v1.10.1-rc.0", "vfoo"]
    found = find_releases(tags, template=TagTemplate("v{version}"), scheme=SEMVER)
    assert found.latest is not None
    assert found.latest.tag == "v1.10.1-rc.1"
    assert found.last_stable is not None
    assert found.last_stable.tag == "v1.10.0"
    assert found.latest_prerelease == found.latest


def test_find_releases_with_no_release_tags() -> None:
    found = find_releases(["nightly"], template=TagTemplate("v{version}"), scheme=SEMVER)
    assert (found.latest, found.last_stable, found.latest_prerelease) == (None, None, None)


def commits(*messages: str) -> tuple[RawCommit, ...]:
    return tuple(
        RawCommit(f"{n:07x}".ljust(40, "0"), (), m)
        for n, m in reversed(list(enumerate(messages, 1)))
    )


def decide(
    tags: list[str],
    messages: list[str],
    *,
    channel: str | None = None,
    override: VersionOverride | None = None,
    prereleased: int = 0,
    policy: ReleasePolicy | None = None,
) -> ReleasePlan:
    changes = analyse_commits(commits(*messages), bump_policy=BumpPolicy())
    shipped = frozenset(c.sha for c in changes[:prereleased])
    return plan_release(
        policy=policy or ReleasePolicy(),
        scheme=SEMVER,
        history=find_releases(tags, template=TagTemplate("v{version}"), scheme=SEMVER),
        changes=changes,
        prereleased=shipped,
        channel=channel,
        override=override,
    )


@pytest.mark.parametrize(
    ("tags", "messages", "channel", "prereleased", "expected"),
    [
        pytest.param([], [], None, 0, (None, "none"), id="nothing-at-all"),
        pytest.param([], ["feat: a"], None, 0, ("0.1.0", "minor"), id="first-release"),
        pytest.param(["v1.0.0"], ["docs: a"], None, 0, (None, "none"), id="docs-only"),
        pytest.param(["v1.0.0"], ["fix: a"], None, 0, ("1.0.1", "patch"), id="patch"),
        pytest.param(["v0.2.0"], ["feat!: a"], None, 0, ("0.3.0", "minor"), id="pre-1.0-breaking"),
        pytest.param(["v1.0.0"], ["feat: a"], "rc", 0, ("1.1.0-rc.1", "minor"), id="rc-1"),
        pytest.param(
            ["v1.0.0", "v1.1.0-rc.1"],
            ["feat: a", "fix: b"],
            "rc",
            1,
            ("1.1.0-rc.2", "prerelease"),
            id="rc-2",
        ),
        pytest.param(
            ["v1.0.0", "v1.1.0-rc.1"],
            ["feat: a", "docs: b"],
            "rc",
            1,
            (None, "none"),
            id="rc-nothing-new",
        ),
        pytest.param(
            ["v1.0.0", "v1.1.0-rc.1"], ["feat: a"], None, 1, ("1.1.0", "minor"), id="graduate"
        ),
        pytest.param(
            ["v1.0.0", "v1.1.0-rc.1"],
            ["feat: a", "feat!: b"],
            "rc",
            1,
            ("2.0.0-rc.1", "major"),
            id="rc-major",
        ),
    ],
)
def test_next_version_and_bump_label(
    tags: list[str],
    messages: list[str],
    channel: str | None,
    prereleased: int,
    expected: tuple[str | None, str],
) -> None:
    plan = decide(tags, messages, channel=channel, prereleased=prereleased)
    assert (plan.next_version, plan.bump) == expected


def test_prerelease_increment_notes_only_cover_new_commits() -> None:
    plan = decide(["v1.0.0", "v1.1.0-rc.1"], ["feat: a", "fix: b"], channel="rc", prereleased=1)
    assert [c.description for c in plan.notes_changes] == ["b"]
    assert plan.previous_tag == "v1.1.0-rc.1"


def test_graduation_notes_cover_everything_since_the_last_stable_release() -> None:
    plan = decide(["v1.0.0", "v1.1.0-rc.1"], ["feat: a", "fix: b"], prereleased=1)
    assert [c.description for c in plan.notes_changes] == ["a", "b"]
    assert plan.previous_tag == "v1.0.0"


def test_reason_names_the_driving_commits() -> None:
    plan = decide(["v1.0.0"], ["fix: a", "feat: b", "feat: c"])
    assert (
        plan.reason
        == f"2 minor-level changes since v1.0.0 ({2:07x}, {3:07x}) ask for a minor bump."
    )


def test_reason_mentions_the_pre_1_0_adjustment() -> None:
    assert "counted as minor before 1.0.0" in decide(["v0.1.0"], ["feat!: a"]).reason


def test_reason_when_nothing_is_releasable() -> None:
    assert decide(["v1.0.0"], ["docs: a"]).reason.startswith("None of the 1 commits since v1.0.0")
    assert decide(["v1.0.0"], []).reason == "No commits since v1.0.0: nothing to release."


def test_release_as_footer_is_recorded_with_its_source() -> None:
    plan = decide(["v1.0.0"], ["chore: a\n\nRelease-As: 3.0.0"])
    assert (plan.next_version, plan.bump) == ("3.0.0", "major")
    assert plan.override == VersionOverride("3.0.0", f"Release-As footer of {1:07x}")


def test_invalid_release_as_footer_is_ignored_and_explained() -> None:
    plan = decide(["v1.0.0"], ["fix: a\n\nRelease-As: two"])
    assert plan.next_version == "1.0.1"
    assert "ignored" in plan.reason


def test_explicit_override_must_be_above_the_current_version() -> None:
    with pytest.raises(InvalidVersionError, match="not above"):
        decide(["v1.0.0"], ["fix: a"], override=VersionOverride("0.9.0", "--release-as option"))


def test_tag_template_shapes_the_next_tag() -> None:
    plan = decide(
        [], ["feat: a"], policy=ReleasePolicy(tag_template="{version}", initial_version="1.0.0")
    )
    assert (plan.next_version, plan.next_tag) == ("1.0.0", "1.0.0")
