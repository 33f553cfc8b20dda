"""The release PR title, written from a template and read back; the version of a merged PR."""

from __future__ import annotations

import pytest

from regent.core.policy import DEFAULT_RELEASE_PR_TITLE
from regent.core.release_pr.marker import ReleasePrMarker, format_marker
from regent.core.release_pr.title import (
    ReleasePrError,
    merged_release_version,
    release_pr_title,
    title_template_problem,
    version_from_title,
)
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.tags import TagTemplate
from tests.release_pulls import merged_release_pull

V_TAGS = TagTemplate("v{version}")


@pytest.mark.parametrize(
    ("template", "title"),
    [
        pytest.param(DEFAULT_RELEASE_PR_TITLE, "chore(release): v1.2.0", id="default"),
        pytest.param("Release {tag}", "Release v1.2.0", id="tag"),
        pytest.param("{version} ({tag})", "1.2.0 (v1.2.0)", id="both"),
        pytest.param(
            "chore: release {version}, {version}!", "chore: release 1.2.0, 1.2.0!", id="twice"
        ),
    ],
)
def test_title_is_written_and_read_back(template: str, title: str) -> None:
    assert release_pr_title(template, version="1.2.0", tag="v1.2.0") == title
    assert version_from_title(title, template, tag_template=V_TAGS) == "1.2.0"


@pytest.mark.parametrize(
    ("title", "template", "found"),
    [
        pytest.param(
            "  chore(release): v2.0.0-rc.1 ", DEFAULT_RELEASE_PR_TITLE, "2.0.0-rc.1", id="spaces"
        ),
        pytest.param("chore(release): v1.2.0 (#12)", DEFAULT_RELEASE_PR_TITLE, None, id="suffix"),
        pytest.param("Chore(release): v1.2.0", DEFAULT_RELEASE_PR_TITLE, None, id="case"),
        pytest.param("chore(release): 1.2.0", DEFAULT_RELEASE_PR_TITLE, None, id="no-v"),
        pytest.param("chore(release): v", DEFAULT_RELEASE_PR_TITLE, None, id="no-version"),
        pytest.param("Release x1.2.0", "Release {tag}", None, id="tag-not-from-template"),
        pytest.param("1.2.0 (v1.3.0)", "{version} ({tag})", None, id="disagree"),
        pytest.param("a 1.2.0 b 1.3.0", "a {version} b {version}", None, id="repeat-differs"),
        pytest.param("r.*+?v1", "r.*+?{version}", "v1", id="regex-characters-literal"),
    ],
)
def test_version_from_title(title: str, template: str, found: str | None) -> None:
    assert version_from_title(title, template, tag_template=V_TAGS) == found


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        pytest.param(DEFAULT_RELEASE_PR_TITLE, None, id="default"),
        pytest.param("Release {tag}", None, id="tag-only"),
        pytest.param("Release", "must contain {version} or {tag}", id="no-field"),
        pytest.param("Release {version} {date}", "are the only placeholders", id="unknown-field"),
        pytest.param("Release {version}\nnow", "one non-empty line", id="two-lines"),
    ],
)
def test_title_template_problem(template: str, problem: str | None) -> None:
    found = title_template_problem(template)
    assert found == problem if problem is None else problem in (found or "")


def marker(version: str) -> str:
    return format_marker(
        ReleasePrMarker(version, f"v{version}", "b" * 40, "sha256:0", "2026-01-01")
    )


@pytest.mark.parametrize(
    ("title", "body", "version", "source"),
    [
        pytest.param("chore(release): v1.2.0", marker("1.2.0"), "1.2.0", "marker", id="marker"),
        pytest.param("Ship it!", marker("1.2.0"), "1.2.0", "marker", id="title-edited"),
        pytest.param(
            "chore(release): v1.2.0", "notes edited by hand", "1.2.0", "title", id="body-edited"
        ),
        pytest.param(
            "chore(release): v1.2.0", marker("not.a.version"), "1.2.0", "title", id="bad-marker"
        ),
        pytest.param(
            "chore(release): v1.3.0", marker("1.2.0"), "1.2.0", "marker", id="marker-wins"
        ),
    ],
)
def test_version_of_a_merged_release_pr(title: str, body: str, version: str, source: str) -> None:
    found = merged_release_version(
        merged_release_pull(title=title, body=body),
        title_template=DEFAULT_RELEASE_PR_TITLE,
        tag_template=V_TAGS,
        scheme=SEMVER,
    )
    assert str(found.version) == version
    assert source in found.source


@pytest.mark.parametrize("title", ["Ship it!", "chore(release): v1.2", "chore(release): vnext"])
def test_a_merged_release_pr_without_a_readable_version_is_a_clear_error(title: str) -> None:
    with pytest.raises(ReleasePrError) as caught:
        merged_release_version(
            merged_release_pull(title=title, body="edited"),
            title_template=DEFAULT_RELEASE_PR_TITLE,
            tag_template=V_TAGS,
            scheme=SEMVER,
        )
    message = str(caught.value)
    assert "release PR #7" in message
    assert repr(title) in message
    assert "'chore(release): v1.2.3'" in message
    assert "release-regent: pending" in message
