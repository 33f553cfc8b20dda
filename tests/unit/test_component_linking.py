"""Each component's next version, and one version for a linked group (tables)."""

from __future__ import annotations

import pytest

from regent.core.changes import CommitChange, Effect
from regent.core.components.model import Component, Monorepo
from regent.core.components.planning import ComponentHistory, plan_components, stale_pins
from regent.core.plan import VersionOverride
from regent.core.plan_overrides import OverrideKind
from regent.core.plan_range import HistoryRange
from regent.core.policy import ReleasePolicy
from regent.core.versioning.bump import Bump
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.tags import TagTemplate, find_releases

FEAT = CommitChange("f" * 40, Effect.COUNTED, "feat: a", "feat", description="a", bump=Bump.MINOR)
FIX = CommitChange("e" * 40, Effect.COUNTED, "fix: b", "fix", description="b", bump=Bump.PATCH)
BREAK = CommitChange(
    "d" * 40, Effect.COUNTED, "feat!: c", "feat", breaking=True, description="c", bump=Bump.MAJOR
)
CHANGES = {"feat": FEAT, "fix": FIX, "break": BREAK}


def history(
    name: str, version: str | None, changes: str, channel: str | None = None
) -> ComponentHistory:
    policy = ReleasePolicy(tag_template=f"{name}-v{{version}}")
    tags = [f"{name}-v{version}"] if version else []
    releases = find_releases(tags, template=TagTemplate(policy.tag_template), scheme=SEMVER)
    found = tuple(CHANGES[word] for word in changes.split())
    return ComponentHistory(
        Component(name, f"packages/{name}", policy),
        releases,
        found,
        frozenset(),
        HistoryRange(),
        channel,
    )


@pytest.mark.parametrize(
    ("api", "cli", "linked", "expected"),
    [
        pytest.param(("1.0.0", "feat"), ("0.3.0", ""), False, ("1.1.0", None), id="apart"),
        pytest.param(
            ("1.0.0", "fix"),
            ("0.3.0", "break"),
            False,
            ("1.0.1", "0.4.0"),
            id="apart-each-its-own-bump",
        ),
        pytest.param(
            ("1.0.0", "fix"), ("1.2.0", ""), True, ("1.2.1", "1.2.1"), id="linked-highest-version"
        ),
        pytest.param(
            ("1.0.0", "feat"), ("1.2.0", "fix"), True, ("1.3.0", "1.3.0"), id="linked-highest-bump"
        ),
        pytest.param(
            ("2.0.0", "break"), ("1.2.0", "fix"), True, ("3.0.0", "3.0.0"), id="linked-major"
        ),
        pytest.param(("1.0.0", ""), ("1.2.0", ""), True, (None, None), id="linked-nothing"),
        pytest.param(
            (None, ""), ("0.3.0", "feat"), True, ("0.4.0", "0.4.0"), id="linked-one-never-released"
        ),
    ],
)
def test_next_versions(
    api: tuple[str | None, str],
    cli: tuple[str | None, str],
    linked: bool,
    expected: tuple[str | None, str | None],
) -> None:
    histories = [history("api", *api), history("cli", *cli)]
    monorepo = Monorepo(
        tuple(h.component for h in histories), linked=(("api", "cli"),) if linked else ()
    )
    plans = plan_components(histories, monorepo=monorepo)
    assert (plans["api"].next_version, plans["cli"].next_version) == expected
    for name, version in zip(("api", "cli"), expected, strict=True):
        assert plans[name].next_tag == (f"{name}-v{version}" if version else None)


def test_a_linked_member_says_why_it_releases_and_lists_only_its_own_commits() -> None:
    histories = [history("api", "1.0.0", "feat"), history("cli", "1.0.0", "")]
    monorepo = Monorepo(tuple(h.component for h in histories), linked=(("api", "cli"),))
    plans = plan_components(histories, monorepo=monorepo)
    assert "forced by the linked group [api, cli]." in plans["cli"].reason
    assert plans["cli"].changes == ()
    assert plans["api"].changes == (FEAT,)


def test_each_component_releases_on_its_own_channel() -> None:
    histories = [history("api", "1.0.0", "feat", "rc"), history("cli", "1.0.0", "fix")]
    monorepo = Monorepo(tuple(h.component for h in histories))
    plans = plan_components(histories, monorepo=monorepo)
    assert (plans["api"].next_version, plans["cli"].next_version) == ("1.1.0-rc.1", "1.0.1")


PIN = VersionOverride("2.0.0", "!set-version by @alice in #7", OverrideKind.SET_VERSION)


@pytest.mark.parametrize(
    ("api", "cli", "linked", "pinned", "expected"),
    [
        pytest.param(
            ("1.0.0", "feat"), ("0.3.0", "fix"), False, "api", ("2.0.0", "0.3.1"), id="one-pinned"
        ),
        pytest.param(
            ("1.0.0", ""), ("0.3.0", ""), False, "cli", (None, "2.0.0"), id="pin-releases-it"
        ),
        pytest.param(
            ("1.0.0", "feat"), ("1.2.0", "fix"), True, "cli", ("2.0.0", "2.0.0"), id="linked-group"
        ),
        pytest.param(
            ("1.0.0", ""), ("1.2.0", ""), True, "api", ("2.0.0", "2.0.0"), id="linked-nothing-new"
        ),
    ],
)
def test_a_pin_forces_its_component_and_its_linked_group(
    api: tuple[str | None, str],
    cli: tuple[str | None, str],
    linked: bool,
    pinned: str,
    expected: tuple[str | None, str | None],
) -> None:
    histories = [history("api", *api), history("cli", *cli)]
    monorepo = Monorepo(
        tuple(h.component for h in histories), linked=(("api", "cli"),) if linked else ()
    )
    plans = plan_components(histories, monorepo=monorepo, pins={pinned: PIN})
    assert (plans["api"].next_version, plans["cli"].next_version) == expected
    assert "forced by the !set-version by @alice in #7." in plans[pinned].reason


@pytest.mark.parametrize(
    ("version", "linked", "stale"),
    [
        pytest.param("2.0.0", False, {}, id="above-its-release"),
        pytest.param("1.0.0", False, {"api": "not above api's current version 1.0.0"}, id="same"),
        pytest.param("1.1.0", False, {}, id="another-component-higher-is-no-matter"),
        pytest.param("1.1.0", True, {"api": "not above cli's current version 1.2.0"}, id="linked"),
        pytest.param(
            "nope", False, {"api": "does not start with MAJOR.MINOR.PATCH"}, id="not-a-version"
        ),
    ],
)
def test_a_pin_that_no_longer_holds_is_found(
    version: str, linked: bool, stale: dict[str, str]
) -> None:
    histories = [history("api", "1.0.0", "feat"), history("cli", "1.2.0", "")]
    monorepo = Monorepo(
        tuple(h.component for h in histories), linked=(("api", "cli"),) if linked else ()
    )
    pin = VersionOverride(version, "!set-version by @alice in #7", OverrideKind.SET_VERSION)
    found = stale_pins(histories, {"api": pin}, monorepo=monorepo)
    assert set(found) == set(stale)
    for name, words in stale.items():
        assert found[name].startswith(f"component {name!r}: ")
        assert words in found[name]
