"""The release decision's arithmetic: bumps before 1.0.0, stable and prerelease next versions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from regent.core.errors import ConfigError
from regent.core.policy import BumpPolicy
from regent.core.versioning.bump import Bump
from regent.core.versioning.next_version import effective_bump, next_version
from regent.core.versioning.semver import SEMVER, SemVer


def v(text: str) -> SemVer:
    return SEMVER.parse(text)


DEFAULT = BumpPolicy()
MAJOR_BEFORE_1 = BumpPolicy(breaking_before_1_0=Bump.MAJOR)
PATCH_FEATURES = BumpPolicy(feature_before_1_0=Bump.PATCH)


@pytest.mark.parametrize(
    ("raw", "current", "policy", "expected"),
    [
        pytest.param(Bump.MAJOR, "0.4.2", DEFAULT, Bump.MINOR, id="0x-breaking-is-minor"),
        pytest.param(Bump.MINOR, "0.4.2", DEFAULT, Bump.MINOR, id="0x-feature-is-minor"),
        pytest.param(Bump.PATCH, "0.4.2", DEFAULT, Bump.PATCH, id="0x-fix-is-patch"),
        pytest.param(Bump.NONE, "0.4.2", DEFAULT, Bump.NONE, id="0x-nothing"),
        pytest.param(Bump.MAJOR, None, DEFAULT, Bump.MINOR, id="unreleased-breaking-is-minor"),
        pytest.param(Bump.MAJOR, "0.4.2", MAJOR_BEFORE_1, Bump.MAJOR, id="0x-breaking-to-1.0"),
        pytest.param(Bump.MINOR, "0.4.2", MAJOR_BEFORE_1, Bump.MINOR, id="0x-feature-unchanged"),
        pytest.param(Bump.MINOR, "0.4.2", PATCH_FEATURES, Bump.PATCH, id="0x-feature-is-patch"),
        pytest.param(Bump.MAJOR, "0.4.2", PATCH_FEATURES, Bump.MINOR, id="0x-breaking-still-minor"),
        pytest.param(Bump.MINOR, None, PATCH_FEATURES, Bump.PATCH, id="unreleased-feature-patch"),
        pytest.param(Bump.MAJOR, "0.9.0-rc.1", DEFAULT, Bump.MINOR, id="0x-prerelease"),
        pytest.param(Bump.MAJOR, "1.0.0", DEFAULT, Bump.MAJOR, id="1x-breaking-is-major"),
        pytest.param(Bump.MINOR, "1.0.0", PATCH_FEATURES, Bump.MINOR, id="1x-ignores-0x-rules"),
        pytest.param(Bump.PATCH, "3.2.1", DEFAULT, Bump.PATCH, id="1x-fix-is-patch"),
        pytest.param(Bump.NONE, "3.2.1", MAJOR_BEFORE_1, Bump.NONE, id="1x-nothing"),
    ],
)
def test_effective_bump(raw: Bump, current: str | None, policy: BumpPolicy, expected: Bump) -> None:
    version = v(current) if current is not None else None
    assert effective_bump(raw, current=version, policy=policy) is expected


@dataclass(frozen=True, slots=True)
class Case:
    """One release situation and the next version expected from it."""

    last_stable: str | None
    latest_prerelease: str | None
    bump: Bump
    channel: str | None
    expected: str | None
    changed: bool = True
    initial: str = "0.1.0"


def row(
    last_stable: str | None,
    latest_prerelease: str | None,
    bump: Bump,
    channel: str | None,
    expected: str | None,
    *,
    changed: bool = True,
    initial: str = "0.1.0",
    id: str,
) -> object:
    case = Case(last_stable, latest_prerelease, bump, channel, expected, changed, initial)
    return pytest.param(case, id=id)


def decide(case: Case) -> str | None:
    """``next_version`` for ``case``, as a string."""
    result = next_version(
        last_stable=v(case.last_stable) if case.last_stable is not None else None,
        latest_prerelease=v(case.latest_prerelease) if case.latest_prerelease else None,
        bump=case.bump,
        changed_since_latest=case.changed,
        channel=case.channel,
        initial_version=v(case.initial),
    )
    return str(result) if result is not None else None


@pytest.mark.parametrize(
    "case",
    [
        # stable releases
        row("1.2.0", None, Bump.PATCH, None, "1.2.1", id="fix"),
        row("1.2.0", None, Bump.MINOR, None, "1.3.0", id="feature"),
        row("1.2.3", None, Bump.MAJOR, None, "2.0.0", id="breaking"),
        row("1.2.0", None, Bump.NONE, None, None, id="nothing-releasable"),
        row("1.2.0+build.7", None, Bump.PATCH, None, "1.2.1", id="build-of-last-dropped"),
        # first release
        row(None, None, Bump.MINOR, None, "0.1.0", id="first-release"),
        row(None, None, Bump.MAJOR, None, "0.1.0", id="first-release-ignores-bump"),
        row(None, None, Bump.PATCH, None, "1.0.0", initial="1.0.0", id="first-release-initial"),
        row(None, None, Bump.PATCH, None, "2.0.0", initial="2.0.0-rc.1", id="initial-finalized"),
        row(None, None, Bump.NONE, None, None, id="first-release-nothing"),
        row(None, None, Bump.NONE, "rc", None, id="first-prerelease-nothing"),
        # graduating a prerelease (channel off)
        row("1.2.0", "1.3.0-rc.2", Bump.MINOR, None, "1.3.0", id="graduate"),
        row("1.2.0", "1.3.0-rc.2", Bump.MINOR, None, "1.3.0", changed=False, id="graduate-as-is"),
        row("1.2.0", "1.3.0-rc.2", Bump.NONE, None, "1.3.0", changed=False, id="graduate-no-bump"),
        row("1.2.0", "1.3.0-rc.2", Bump.PATCH, None, "1.3.0", id="graduate-keeps-higher"),
        row("1.2.0", "1.3.0-rc.2", Bump.MAJOR, None, "2.0.0", id="breaking-passes-prerelease"),
        row(None, "0.1.0-rc.3", Bump.MINOR, None, "0.1.0", id="graduate-first-release"),
        row(None, "1.0.0-beta.1", Bump.MINOR, None, "1.0.0", id="graduate-above-initial"),
        # prereleases (channel on)
        row("1.2.0", None, Bump.MINOR, "rc", "1.3.0-rc.1", id="start-rc"),
        row("1.2.0", None, Bump.NONE, "rc", None, id="no-change-no-rc"),
        row("1.2.0", "1.3.0-rc.1", Bump.MINOR, "rc", "1.3.0-rc.2", id="next-rc"),
        row("1.2.0", "1.3.0-rc.1", Bump.MINOR, "rc", None, changed=False, id="rc-nothing-new"),
        row("1.2.0", "1.3.0-rc.2", Bump.MAJOR, "rc", "2.0.0-rc.1", id="breaking-restarts-rc"),
        row("1.2.0", "1.3.0-rc.9", Bump.MINOR, "rc", "1.3.0-rc.10", id="rc-9-to-10"),
        row("1.2.0", "1.3.0-rc", Bump.MINOR, "rc", "1.3.0-rc.1", id="unnumbered-rc"),
        row("1.2.0", "1.3.0-rc.0", Bump.MINOR, "rc", "1.3.0-rc.1", id="rc-0"),
        row("1.2.0", "1.3.0-rc.2+ci.5", Bump.MINOR, "rc", "1.3.0-rc.3", id="rc-with-build"),
        row("1.2.0", "1.3.0-beta.3", Bump.MINOR, "rc", "1.3.0-rc.1", id="beta-to-rc"),
        row(
            "1.2.0",
            "1.3.0-beta.3",
            Bump.MINOR,
            "rc",
            "1.3.0-rc.1",
            changed=False,
            id="beta-to-rc-as-is",
        ),
        row("1.2.0", "1.2.1-rc.1", Bump.MINOR, "rc", "1.3.0-rc.1", id="feature-after-fix-rc"),
        row("1.2.0", "1.3.0-rc.2", Bump.PATCH, "rc", "1.3.0-rc.3", id="fix-continues-rc"),
        row(None, None, Bump.MINOR, "rc", "0.1.0-rc.1", id="first-release-rc"),
        row(None, "0.1.0-rc.1", Bump.PATCH, "rc", "0.1.0-rc.2", id="first-release-rc-2"),
        row("1.2.0", "1.3.0-rc.1", Bump.NONE, "rc", None, changed=False, id="no-bump-nothing-new"),
    ],
)
def test_next_version(case: Case) -> None:
    assert decide(case) == case.expected


def test_release_train_walkthrough() -> None:
    """1.2.0 + feat on rc -> rc.1; + fix -> rc.2; + breaking -> 2.0.0-rc.1; channel off -> 2.0.0."""
    steps = [
        (Bump.MINOR, "rc", "1.3.0-rc.1"),
        (Bump.MINOR, "rc", "1.3.0-rc.2"),
        (Bump.MAJOR, "rc", "2.0.0-rc.1"),
        (Bump.MAJOR, None, "2.0.0"),
    ]
    latest: SemVer | None = None
    for bump, channel, expected in steps:
        result = next_version(
            last_stable=v("1.2.0"),
            latest_prerelease=latest,
            bump=bump,
            changed_since_latest=True,
            channel=channel,
            initial_version=v("0.1.0"),
        )
        assert str(result) == expected
        latest = result


@pytest.mark.parametrize(
    ("latest_prerelease", "channel"),
    [
        pytest.param("1.3.0-rc.2", "beta", id="channel-going-backwards"),
        pytest.param("1.3.0-rc.1.5", "rc", id="unnumbered-series-above-rc.1"),
        pytest.param("1.3.0-rc.x", "rc", id="alphanumeric-count"),
    ],
)
def test_prerelease_that_would_go_backwards_is_refused(
    latest_prerelease: str, channel: str
) -> None:
    with pytest.raises(ConfigError, match="would not sort above"):
        next_version(
            last_stable=v("1.2.0"),
            latest_prerelease=v(latest_prerelease),
            bump=Bump.MINOR,
            changed_since_latest=True,
            channel=channel,
            initial_version=v("0.1.0"),
        )


STABLES = st.builds(SemVer, *[st.integers(min_value=0, max_value=3)] * 3)
PRERELEASES = st.builds(
    lambda stable, channel, number: stable.as_prerelease(channel, number),
    STABLES,
    st.sampled_from(["alpha", "beta", "rc"]),
    st.integers(min_value=0, max_value=3),
)


@given(
    st.none() | STABLES,
    st.none() | PRERELEASES,
    st.sampled_from(list(Bump)),
    st.booleans(),
    st.sampled_from([None, "alpha", "beta", "rc"]),
)
def test_next_version_only_moves_forward(
    last_stable: SemVer | None,
    latest_prerelease: SemVer | None,
    bump: Bump,
    changed: bool,
    channel: str | None,
) -> None:
    if latest_prerelease is not None and last_stable is not None:
        assume(latest_prerelease > last_stable)
    try:
        result = next_version(
            last_stable=last_stable,
            latest_prerelease=latest_prerelease,
            bump=bump,
            changed_since_latest=changed,
            channel=channel,
            initial_version=v("0.1.0"),
        )
    except ConfigError:
        assert channel is not None
        assert latest_prerelease is not None
        return
    if result is None:
        return
    assert result.channel == channel
    for existing in (last_stable, latest_prerelease):
        if existing is not None:
            assert result > existing
