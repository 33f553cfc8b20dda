"""``components:``, ``linked:`` and their checks in `.release-regent.yml` (tables)."""

from __future__ import annotations

import pytest

from regent.config import parse_config_text
from regent.core.components.model import Monorepo
from regent.core.errors import ConfigError
from regent.core.policy import VersionFileSpec
from regent.core.versioning.bump import Bump


def monorepo(text: str) -> Monorepo:
    policy = parse_config_text(text, source=".release-regent.yml")
    assert policy.monorepo is not None
    return policy.monorepo


TWO = "components:\n  - {name: api, path: packages/api}\n  - {name: cli, path: packages/cli}\n"


def test_defaults_of_a_component() -> None:
    api, cli = monorepo(TWO).components
    assert (api.name, api.path, cli.path) == ("api", "packages/api", "packages/cli")
    assert api.policy.tag_template == "api-v{version}"
    assert api.policy.changelog.path == "packages/api/CHANGELOG.md"
    assert api.policy.version_files == ()
    assert api.policy.monorepo is None


def test_a_component_overrides_top_level_settings_and_inherits_the_rest() -> None:
    text = (
        "initial_version: 1.0.0\n"
        "bump: {types: {docs: patch}}\n"
        "changelog: {show_other_types: true}\n"
        "components:\n"
        "  - name: api\n"
        "    path: ./packages/api/\n"
        "    tag: 'v{version}-{component}'\n"
        "    changelog: API-CHANGES.md\n"
        "    version_files: [packages/api/package.json]\n"
        "    bump: {types: {feat: major}}\n"
        "  - {name: cli, path: packages/cli, version_scheme: pep440, initial_version: 0.0.1}\n"
    )
    api, cli = monorepo(text).components
    assert api.path == "packages/api"
    assert api.policy.tag_template == "v{version}-api"
    assert api.policy.changelog.path == "API-CHANGES.md"
    assert api.policy.changelog.show_other_types
    assert api.policy.version_files == (VersionFileSpec("packages/api/package.json"),)
    bumps = api.policy.bump.bump_map()
    assert (bumps["feat"], bumps["docs"]) == (Bump.MAJOR, Bump.PATCH)
    assert api.policy.initial_version == "1.0.0"
    assert (cli.policy.version_scheme.name, cli.policy.initial_version) == ("pep440", "0.0.1")
    assert cli.policy.bump.bump_map()["feat"] == Bump.MINOR


def test_linked_groups_and_flags() -> None:
    found = monorepo(
        TWO + "linked: [[api, cli]]\nscope_as_component: true\nseparate_pull_requests: true\n"
    )
    assert found.linked == (("api", "cli"),)
    assert found.scope_as_component
    assert found.separate_pull_requests
    assert found.group_of("cli") == ("api", "cli")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("components: [{name: API, path: a}]", "is not a component name", id="name"),
        pytest.param("components: [{name: a}]", "missing required key 'path'", id="no-path"),
        pytest.param(
            "components: [{name: a, path: ../x}]", "must stay inside the repository", id="escape"
        ),
        pytest.param("components: [{name: a, path: /x}]", "relative to the repository", id="abs"),
        pytest.param(
            "components: [{name: a, path: x}, {name: a, path: y}]", "named twice", id="twice"
        ),
        pytest.param(
            "components: [{name: a, path: x}]\nlinked: [[a, b]]",
            "'b' is not a component",
            id="linked-unknown",
        ),
        pytest.param(
            TWO + "linked: [[api, cli], [cli, api]]", "group 1 and group 2", id="linked-twice"
        ),
        pytest.param(TWO + "linked: [[api]]", "link two or more", id="linked-alone"),
        pytest.param(
            "components: [{name: a, path: x, tag: 'a-{component}'}]", "{version}", id="tag"
        ),
        pytest.param(
            "components: [{name: a, path: x, initial_version: nope}]",
            "component 'a': initial_version: 'nope' is not a SemVer",
            id="override-checked",
        ),
        pytest.param(
            "version_files: [package.json]\n" + TWO,
            "list each component's version files",
            id="top-level-version-files",
        ),
        pytest.param("linked: [[a, b]]", "need components", id="linked-without-components"),
        pytest.param(
            "components:\n  - {name: a, path: x}\n  - {name: b, path: y, version_scheme: pep440}\n"
            "linked: [[a, b]]",
            "one version_scheme",
            id="linked-schemes",
        ),
    ],
)
def test_clear_errors(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config_text(text + "\n", source=".release-regent.yml")
    assert message in str(caught.value)
