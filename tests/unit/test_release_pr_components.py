"""A monorepo's release PR in pure code: its title and back, its sections and back, its marker,
and the decision on a merged one (latest, the pull's last component)."""

from __future__ import annotations

import pytest

from regent.core.policy import PublishPolicy, ReleasePrPolicy
from regent.core.release_pr.components import (
    component_sections,
    components_title,
    decide_component_actions,
    merged_components,
    parse_versions,
    section_notes,
)
from regent.core.release_pr.marker import (
    ComponentVersion,
    ReleasePrMarker,
    format_marker,
    parse_marker,
)
from regent.core.release_pr.state import MergedRelease, ReleaseState
from regent.core.release_pr.title import ReleasePrError
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.tags import TagTemplate
from regent.core.versioning.versions import Version
from tests.release_pulls import merged_release_pull

API = ComponentVersion("api", "1.2.0", "api-v1.2.0", "1.1.0")
CLI = ComponentVersion("cli", "0.4.0", "cli-v0.4.0", None)
TAGS = {"api": TagTemplate("api-v{version}"), "cli": TagTemplate("cli-v{version}")}
SCHEMES = {"api": SEMVER, "cli": SEMVER}


@pytest.mark.parametrize(
    ("template", "title"),
    [
        ("chore(release): v{version}", "chore(release): api 1.2.0, cli 0.4.0"),
        ("chore(main): release {version}", "chore(main): release api 1.2.0, cli 0.4.0"),
        ("release {tag}", "release api-v1.2.0, cli-v0.4.0"),
        ("{version} ({tag})", "api 1.2.0, cli 0.4.0 (api-v1.2.0, cli-v0.4.0)"),
    ],
)
def test_the_title_lists_the_components_and_reads_back(template: str, title: str) -> None:
    assert components_title(template, [API, CLI]) == title
    found, source = merged_components(
        merged_release_pull(title=title), title_template=template, tags=TAGS
    )
    assert [(c.name, c.version, c.tag) for c in found] == [
        ("api", "1.2.0", "api-v1.2.0"),
        ("cli", "0.4.0", "cli-v0.4.0"),
    ]
    assert source == "its title (no state marker in the body)"


@pytest.mark.parametrize(
    "title",
    [
        "chore(release): web 1.0.0",  # not a component
        "chore(release): api",  # no version
        "something else",
        "chore(release): " + "api 1.0.0, " * 60,  # longer than any title GitHub holds
    ],
)
def test_a_title_that_names_no_component_is_refused_with_an_example(title: str) -> None:
    with pytest.raises(ReleasePrError, match=r"such as 'chore\(release\): api 1\.2\.3, cli"):
        merged_components(
            merged_release_pull(title=title), title_template="chore(release): v{version}", tags=TAGS
        )


def test_the_marker_holds_every_component_and_wins_over_the_title() -> None:
    with_components = ReleasePrMarker(
        "api 1.2.0, cli 0.4.0", "api-v1.2.0, cli-v0.4.0", "b" * 40, "c", "d", components=(API, CLI)
    )
    body = "notes\n" + format_marker(with_components) + "\n"
    assert parse_marker(body) == with_components
    found, source = merged_components(
        merged_release_pull(title="edited by hand", body=body),
        title_template="{version}",
        tags=TAGS,
    )
    assert found == (API, CLI)
    assert source == "its state marker"


@pytest.mark.parametrize(
    "components",
    [
        '"x"',
        '[{"name": "api", "version": "1.0.0"}]',  # no tag
        '[{"name": "api", "version": "1.0.0", "tag": "api-v1.0.0", "previous": 3}]',
        '[{"name": "", "version": "1.0.0", "tag": "t"}]',
    ],
)
def test_a_malformed_components_field_reads_as_none(components: str) -> None:
    line = (
        '<!-- release-regent {"version": "v", "tag": "t", "base_sha": "b", "content": "c", '
        f'"date": "d", "components": {components}}} -->'
    )
    marker = parse_marker(line)
    assert marker is not None
    assert marker.components == ()


def test_each_section_reads_back_its_own_notes() -> None:
    visible = component_sections(
        [(API, "### Features\n\n- routes\n"), (CLI, "### Bug Fixes\n\n- flags\n")]
    )
    body = "maintainers\n\n" + visible + "\n<!-- release-regent {} -->\n"
    assert section_notes(body, "api") == "### Features\n\n- routes\n"
    assert section_notes(body, "cli") == "### Bug Fixes\n\n- flags\n"
    assert section_notes(body, "web") is None
    assert "## api 1.2.0" in visible


def test_a_version_no_component_reads_is_refused() -> None:
    with pytest.raises(ReleasePrError) as raised:
        parse_versions([ComponentVersion("api", "1.0.0\nrm -rf", "t")], schemes=SCHEMES, pull=3)
    assert "\n" not in raised.value.message, "one line: no forged workflow command"
    with pytest.raises(ReleasePrError, match=r"releases web '1\.0\.0'"):
        parse_versions([ComponentVersion("web", "1.0.0", "web-v1.0.0")], schemes=SCHEMES, pull=3)
    with pytest.raises(ReleasePrError, match="'nope'"):
        parse_versions([ComponentVersion("api", "nope", "api-vnope")], schemes=SCHEMES, pull=3)


def merged(item: ComponentVersion, *, number: int = 7) -> MergedRelease:
    version = SEMVER.parse(item.version)
    return MergedRelease(
        merged_release_pull(title="t", number=number),
        version,
        item.tag,
        "notes",
        "its state marker",
        component=item.name,
    )


@pytest.mark.parametrize(
    ("released_api", "latest"),
    [
        ((), ["api-v1.2.0"]),
        ((SEMVER.parse("1.1.0"),), ["api-v1.2.0"]),
        ((SEMVER.parse("2.0.0"),), []),  # a maintenance release of api is not latest
    ],
)
def test_only_the_first_component_takes_latest(
    released_api: tuple[Version, ...], latest: list[str]
) -> None:
    state = ReleaseState("main", "b" * 40, None, (merged(API), merged(CLI)), None, "nothing")
    decision = decide_component_actions(
        state,
        release_pr=ReleasePrPolicy(),
        publish=PublishPolicy(),
        released={"api": released_api, "cli": ()},
        primary="api",
    )
    assert [r.tag for r in decision.releases if r.latest] == latest
    assert [(r.component, r.finishes_pull, r.delete_branch) for r in decision.releases] == [
        ("api", False, False),
        ("cli", True, True),
    ]


def test_each_pull_s_last_component_finishes_it() -> None:
    items = (merged(API, number=5), merged(CLI, number=5), merged(CLI, number=6))
    state = ReleaseState("main", "b" * 40, None, items, None, "nothing")
    decision = decide_component_actions(
        state, release_pr=ReleasePrPolicy(), publish=PublishPolicy(), released={}, primary="api"
    )
    assert [(r.pull.number, r.finishes_pull) for r in decision.releases] == [
        (5, False),
        (5, True),
        (6, True),
    ]
