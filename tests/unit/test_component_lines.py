"""Components on a base branch's release line: each takes the line's range, channel and
``since`` over its own (docs/monorepo.md, docs/release-lines.md)."""

from __future__ import annotations

import pytest

from regent.config import parse_config_text
from regent.core.components.model import Component

CONFIG = """\
base_branches:
  - main
  - "release/*"
  - {name: lts, range: 1.2.x, since: v1.2.0}
  - {name: next, prerelease: rc}
components:
  - name: api
    path: packages/api
  - name: cli
    path: packages/cli
    initial_version: 1.4.0
    prerelease: beta
"""


def components_on(branch: str | None) -> dict[str, Component]:
    policy = parse_config_text(CONFIG, source=".release-regent.yml").on_branch(branch)
    assert policy.monorepo is not None
    return {component.name: component for component in policy.monorepo.components}


@pytest.mark.parametrize(
    ("branch", "name", "line"),
    [
        # branch, component, (branch, range, channel, since, initial_version)
        ("main", "api", ("main", None, None, None, "0.1.0")),
        ("main", "cli", ("main", None, "beta", None, "1.4.0")),
        ("release/1.x", "api", ("release/1.x", "1.x", None, None, "1.0.0")),
        ("release/1.x", "cli", ("release/1.x", "1.x", "beta", None, "1.4.0")),
        ("release/2.x", "cli", ("release/2.x", "2.x", "beta", None, "2.0.0")),
        ("lts", "api", ("lts", "1.2.x", None, "v1.2.0", "1.2.0")),
        ("next", "api", ("next", None, "rc", None, "0.1.0")),
        ("next", "cli", ("next", None, "rc", None, "1.4.0")),
        ("feature/x", "api", (None, None, None, None, "0.1.0")),
        (None, "cli", (None, None, "beta", None, "1.4.0")),
    ],
)
def test_each_component_takes_its_branch_line(
    branch: str | None, name: str, line: tuple[str | None, ...]
) -> None:
    policy = components_on(branch)[name].policy
    found = (
        policy.branch,
        None if policy.version_range is None else str(policy.version_range),
        policy.prerelease,
        policy.since,
        policy.initial_version,
    )
    assert found == line


def test_each_component_keeps_its_own_tag_template_on_a_line() -> None:
    found = components_on("release/1.x")
    assert [c.policy.tag_template for c in found.values()] == ["api-v{version}", "cli-v{version}"]
