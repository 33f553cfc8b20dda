"""What ``!set-version [component] <version>`` pins on a release PR, and this run's pins applied
over those the open release PRs hold (tables)."""

from __future__ import annotations

import pytest

from regent.core.components.model import Component, Monorepo
from regent.core.errors import UsageError
from regent.core.model import PullRequest, PullState
from regent.core.policy import ReleasePolicy
from regent.core.release_pr.marker import VersionPin
from regent.services.component_pins import pin_targets, pinned_now, pinned_words
from regent.services.release_steering import Overrides

MONOREPO = Monorepo(
    tuple(Component(name, f"packages/{name}", ReleasePolicy()) for name in ("api", "cli", "web")),
    linked=(("cli", "web"),),
)
ONE = Monorepo((Component("api", "packages/api", ReleasePolicy()),))
PIN = VersionPin("2.0.0", "!set-version by @alice in #7, comment 9")
OLD = VersionPin("1.5.0", "!set-version by @bob in #7, comment 3")


def pull(head: str) -> PullRequest:
    return PullRequest(
        7, "t", "", head, "a" * 40, "main", PullState.OPEN, False, None, (), False, "u"
    )


@pytest.mark.parametrize(
    ("monorepo", "head", "component", "pinned", "refusal"),
    [
        pytest.param(None, "release-regent/main", None, (), None, id="single-package"),
        pytest.param(
            None, "release-regent/main", "api", (), "takes the version alone", id="no-components"
        ),
        pytest.param(
            None, "release-regent/main/api", None, (), "releases none", id="single-nested-head"
        ),
        pytest.param(MONOREPO, "release-regent/main", "api", ("api",), None, id="named"),
        pytest.param(
            MONOREPO, "release-regent/main", "web", ("cli", "web"), None, id="linked-group"
        ),
        pytest.param(
            MONOREPO,
            "release-regent/main",
            None,
            (),
            "releases several components (`api`, `cli`, `web`)",
            id="plain-form-on-several",
        ),
        pytest.param(
            MONOREPO,
            "release-regent/main",
            "nope",
            (),
            "`nope` is not a component of this repository",
            id="unknown",
        ),
        pytest.param(ONE, "release-regent/main", None, ("api",), None, id="plain-form-on-one"),
        pytest.param(MONOREPO, "release-regent/main/api", None, ("api",), None, id="own-pr"),
        pytest.param(MONOREPO, "release-regent/main/api", "api", ("api",), None, id="own-named"),
        pytest.param(
            MONOREPO, "release-regent/main/cli", "web", ("cli", "web"), None, id="own-linked"
        ),
        pytest.param(
            MONOREPO,
            "release-regent/main/api",
            "cli",
            (),
            "has a release pull request of its own (head branch `release-regent/main/cli`)",
            id="another-components-own",
        ),
        pytest.param(
            MONOREPO,
            "release-regent/main/old",
            None,
            (),
            "`old` is no longer a component",
            id="a-component-gone",
        ),
    ],
)
def test_what_a_set_version_pins(
    monorepo: Monorepo | None,
    head: str,
    component: str | None,
    pinned: tuple[str, ...],
    refusal: str | None,
) -> None:
    targets = pin_targets(monorepo, pull(head), component)
    assert targets.components == pinned
    if refusal is None:
        assert targets.refusal is None
    else:
        assert targets.refusal is not None
        assert refusal in targets.refusal


@pytest.mark.parametrize(
    ("overrides", "expected", "fresh"),
    [
        pytest.param(Overrides(), {"api": OLD}, (), id="kept"),
        pytest.param(
            Overrides(pin=PIN, components=("cli",)),
            {"api": OLD, "cli": PIN, "web": PIN},
            ("cli", "web"),
            id="a-group-pinned-whole",
        ),
        pytest.param(
            Overrides(pin=PIN, components=("api",)), {"api": PIN}, ("api",), id="replaced"
        ),
        pytest.param(Overrides(unpin=True, components=("api",)), {}, (), id="dropped"),
    ],
)
def test_this_runs_pin_over_those_held(
    overrides: Overrides, expected: dict[str, VersionPin], fresh: tuple[str, ...]
) -> None:
    assert pinned_now({"api": OLD}, overrides, monorepo=MONOREPO) == (expected, fresh)


def test_a_pin_without_a_component_is_refused_on_a_monorepo() -> None:
    with pytest.raises(UsageError, match="names the component it pins"):
        pinned_now({}, Overrides(pin=PIN), monorepo=MONOREPO)


def test_what_an_accepted_set_version_did_in_words() -> None:
    assert pinned_words(("api",), "2.0.0") == "api pinned to 2.0.0"
    assert pinned_words(("cli", "web"), None) == (
        "cli, web (the linked group [cli, web]) back to the planned version"
    )
