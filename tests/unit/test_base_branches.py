"""Policy rules a run applies: which branches are base branches, which prerelease channel."""

from __future__ import annotations

import pytest

from regent.config import parse_config_text
from regent.core.errors import ConfigError
from regent.core.policy import ReleasePolicy


@pytest.mark.parametrize(
    ("patterns", "branch", "default", "releases"),
    [
        pytest.param((), "main", "main", True, id="default-branch"),
        pytest.param((), "develop", "main", False, id="other-branch-by-default"),
        pytest.param((), "master", "master", True, id="another-default"),
        pytest.param(("main", "release/*"), "release/1.x", "main", True, id="pattern"),
        pytest.param(("main", "release/*"), "release", "main", False, id="pattern-needs-slash"),
        pytest.param(("main", "release/*"), "feature/x", "main", False, id="feature"),
        pytest.param(("release/*",), "main", "main", False, id="default-not-listed"),
        pytest.param(("Main",), "main", "main", False, id="case-sensitive"),
        pytest.param(("v[0-9].x",), "v2.x", "main", True, id="character-class"),
    ],
)
def test_releases_from(
    patterns: tuple[str, ...], branch: str, default: str, releases: bool
) -> None:
    policy = ReleasePolicy(base_branches=patterns)
    assert policy.releases_from(branch, default_branch=default) is releases


def test_the_configuration_lists_them() -> None:
    policy = parse_config_text('base_branches: [main, "release/*"]\n', source=".release-regent.yml")
    assert policy.base_branches == ("main", "release/*")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param('base_branches: ["release/*", "my branch"]\n', "no spaces", id="space"),
        pytest.param('base_branches: [""]\n', "not a branch name", id="empty"),
        pytest.param(
            'base_branches: ["release-regent/main"]\n', "Release Regent's own", id="own-branch"
        ),
        pytest.param("base_branches: main\n", "base_branches", id="not-a-list"),
    ],
)
def test_unusable_patterns_are_config_errors(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config_text(text, source=".release-regent.yml")


@pytest.mark.parametrize(
    ("configured", "requested", "channel"),
    [
        pytest.param(None, None, None, id="stable"),
        pytest.param("rc", None, "rc", id="configured"),
        pytest.param(None, "beta", "beta", id="requested"),
        pytest.param("rc", "beta", "beta", id="requested-wins"),
        pytest.param("rc", "none", None, id="none-forces-stable"),
    ],
)
def test_the_channel_of_a_run(
    configured: str | None, requested: str | None, channel: str | None
) -> None:
    assert ReleasePolicy(prerelease=configured).channel(requested) == channel
