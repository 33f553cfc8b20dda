"""Where a plan's range starts, and what it says about ignored tags and shallow clones (pure)."""

from __future__ import annotations

import pytest

from regent.core.plan_range import (
    WHOLE_HISTORY,
    HistoryRange,
    IgnoredTags,
    RangeStart,
    SinceSetting,
    range_fields,
)
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.tags import TagTemplate, release_tags, unparsed_tags

SHA = "1a2b3c4d" + "0" * 32
SETTING = SinceSetting("main~100", "the since setting")


@pytest.mark.parametrize(
    ("history_range", "words"),
    [
        pytest.param(HistoryRange(RangeStart.TAG, SHA, "v1.0.0"), "since v1.0.0", id="tag"),
        pytest.param(
            HistoryRange(RangeStart.SINCE, SHA, None, SETTING), "since 1a2b3c4", id="since"
        ),
        pytest.param(WHOLE_HISTORY, "in the whole history", id="root"),
        pytest.param(HistoryRange(shallow_at=(SHA,)), "in the visible history", id="shallow"),
    ],
)
def test_since_words(history_range: HistoryRange, words: str) -> None:
    assert history_range.since_words() == words


@pytest.mark.parametrize(
    ("history_range", "notices"),
    [
        pytest.param(WHOLE_HISTORY, (), id="nothing-to-say"),
        pytest.param(
            HistoryRange(RangeStart.SINCE, SHA, None, SETTING),
            (
                "no release tag yet: the commits after 1a2b3c4 only, from the since setting "
                "(main~100)",
            ),
            id="since-used",
        ),
        pytest.param(
            HistoryRange(RangeStart.TAG, SHA, "v2.0.0", SETTING),
            (
                "the since setting (main~100) is not used: the release tag v2.0.0 starts the "
                "range (a release tag always wins)",
            ),
            id="tag-wins",
        ),
        pytest.param(
            HistoryRange(shallow_at=(SHA, "f" * 40, "e" * 40, "d" * 40)),
            (
                "shallow clone: history before 1a2b3c4, fffffff, eeeeeee is not visible, so an "
                "older release tag and its commits may be missing; run `regent plan --deepen`, "
                "or check out with `fetch-depth: 0`",
            ),
            id="shallow-names-three",
        ),
    ],
)
def test_notices(history_range: HistoryRange, notices: tuple[str, ...]) -> None:
    assert history_range.notices() == notices


@pytest.mark.parametrize(
    ("ignored", "sentence"),
    [
        pytest.param(
            IgnoredTags(1, ("v1.0.0b2",), "semver", "pep440"),
            "1 tag ignored: not semver (v1.0.0b2); did you mean version_scheme: pep440?",
            id="one-with-hint",
        ),
        pytest.param(
            IgnoredTags(7, ("a", "b"), "pep440"),
            "7 tags ignored: not pep440 (a, b and 5 more)",
            id="bounded-no-hint",
        ),
    ],
)
def test_ignored_tags_sentence(ignored: IgnoredTags, sentence: str) -> None:
    assert ignored.sentence() == sentence


def test_unparsed_tags_are_those_that_follow_the_template_only() -> None:
    tags = ["v1.0.0", "v1.0.0b2", "release-2", "v2.0.0-rc.1", "v01.0.0", "vx"]
    template = TagTemplate("v{version}")
    parsed = release_tags(tags, template=template, scheme=SEMVER)
    assert unparsed_tags(tags, template=template, parsed=parsed) == [
        "v01.0.0",
        "v1.0.0b2",
        "vx",
    ]


def test_many_unparsed_tags_are_read_once_each() -> None:
    tags = [f"v1.0.{n}b" for n in range(50_000)]
    template = TagTemplate("v{version}")
    parsed = release_tags(tags, template=template, scheme=SEMVER)
    assert len(unparsed_tags(tags, template=template, parsed=parsed)) == 50_000


def test_range_fields_of_the_whole_history() -> None:
    assert range_fields(WHOLE_HISTORY) == {
        "range": {
            "start": "root",
            "commit": None,
            "tag": None,
            "since": None,
            "since_source": None,
            "shallow_at": [],
        },
        "ignored_tags": None,
        "notices": [],
    }
