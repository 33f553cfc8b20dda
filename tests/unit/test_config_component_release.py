"""A component's own ``release`` (read: its tag and GitHub Release) and ``release_pr`` (refused:
one setting for the release pull requests of every component), in `.release-regent.yml`."""

from __future__ import annotations

import pytest

from regent.config import parse_config_text
from regent.core.errors import ConfigError
from regent.core.policy import PublishPolicy

TWO = "components:\n  - {name: api, path: packages/api}\n  - {name: cli, path: packages/cli}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TWO, {"api": PublishPolicy(), "cli": PublishPolicy()}),
        (
            "release: {draft: true}\n" + TWO,
            {"api": PublishPolicy(draft=True), "cli": PublishPolicy(draft=True)},
        ),
        (
            "release: {annotated_tag: true}\n"
            "components:\n"
            "  - {name: api, path: packages/api, release: {draft: true}}\n"
            "  - {name: cli, path: packages/cli}\n",
            {
                "api": PublishPolicy(annotated_tag=True, draft=True),
                "cli": PublishPolicy(annotated_tag=True),
            },
        ),
    ],
    ids=["defaults", "top-level-for-all", "own-merged-over-top-level"],
)
def test_each_component_publishes_by_its_own_release_settings(
    text: str, expected: dict[str, PublishPolicy]
) -> None:
    monorepo = parse_config_text(text, source=".release-regent.yml").monorepo
    assert monorepo is not None
    assert monorepo.publishing() == expected


@pytest.mark.parametrize("separate", ["", "separate_pull_requests: true\n"])
def test_a_components_own_release_pr_is_refused_naming_it(separate: str) -> None:
    text = (
        separate + "components:\n"
        "  - {name: api, path: packages/api}\n"
        "  - {name: cli, path: packages/cli, release_pr: {draft: true}}\n"
    )
    with pytest.raises(ConfigError) as raised:
        parse_config_text(text, source=".release-regent.yml")
    message = str(raised.value)
    assert "'cli' sets release_pr" in message
    assert "move it to the top level" in message
