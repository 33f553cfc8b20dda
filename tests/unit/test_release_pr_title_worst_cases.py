"""Reading a version back from a hostile pull request title: bounded, whatever the template."""

from __future__ import annotations

import pytest

from regent.core.release_pr.title import MAX_TITLE_LENGTH, release_pr_title, version_from_title
from regent.core.versioning.tags import TagTemplate
from tests.time_guard import guard

V_TAGS = TagTemplate("v{version}")
TEMPLATES = [
    "{version}-{tag}",
    "{version}{version}",
    "{version}-{tag}-{version}-{tag}",
    "{tag}{version}{tag}{version}{tag}-x",
    "release {version} ({tag})",
]
TITLES = {
    "dashes": "-" * 1_000_000,
    "dashes-then-space": "-" * 1_000_000 + " x",
    "letters": "a" * 1_000_000 + "b",
    "pairs": "a-" * 500_000,
    "openers": "release " + "a (" * 300_000,
}


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("title", list(TITLES))
def test_a_megabyte_title_is_not_a_release_title(template: str, title: str) -> None:
    with guard():
        assert version_from_title(TITLES[title], template, tag_template=V_TAGS) is None


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_longest_title_read_is_read_within_the_guard(template: str) -> None:
    with guard():
        for text in ("-", "a", "a-", "a (", "- x"):
            title = text * (MAX_TITLE_LENGTH // len(text))
            version_from_title(title, template, tag_template=V_TAGS)


def test_a_title_as_long_as_github_allows_is_read() -> None:
    version = "1.0.0-" + "a" * 240
    title = release_pr_title("{version}", version=version, tag=f"v{version}")
    assert len(title) >= 246
    assert version_from_title(title, "{version}", tag_template=V_TAGS) == version
