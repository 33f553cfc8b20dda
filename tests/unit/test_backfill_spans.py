"""Past releases split from one history: each commit in the release that first shipped it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.backfill import release_spans
from regent.core.history import RawCommit
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.tags import TagTemplate, release_tags

TEMPLATE = TagTemplate("v{version}")


def history(spec: str) -> list[RawCommit]:
    """``"a b:a c:b"``: commits named by one letter, each with its parents after the colon,
    oldest first; returned newest first as ``git log`` streams them."""
    commits = []
    for item in spec.split():
        sha, _, parents = item.partition(":")
        commits.append(RawCommit(sha, tuple(parents.split(",")) if parents else (), f"fix: {sha}"))
    return commits[::-1]


def spans(spec: str, tags: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    """Each release tag's commits (letters, newest first) and the tag it compares with."""
    tagged = release_tags(tags, template=TEMPLATE, scheme=SEMVER)
    found = release_spans(history(spec), tagged=tagged, commit_of=tags)
    return {
        span.tagged.tag: (
            "".join(c.sha for c in span.commits),
            span.previous.tag if span.previous else None,
        )
        for span in found.spans
    }


LINEAR = "a b:a c:b d:c e:d f:e"
CASES = [
    pytest.param(
        LINEAR,
        {"v1.0.0": "b", "v1.1.0": "d", "v2.0.0": "f"},
        {"v2.0.0": ("fe", "v1.1.0"), "v1.1.0": ("dc", "v1.0.0"), "v1.0.0": ("ba", None)},
        id="linear",
    ),
    pytest.param(
        LINEAR,
        {"v1.0.0": "b", "v1.1.0-rc.1": "c", "v1.1.0-rc.2": "d", "v1.1.0": "e"},
        {
            "v1.1.0": ("edc", "v1.0.0"),
            "v1.1.0-rc.2": ("d", "v1.1.0-rc.1"),
            "v1.1.0-rc.1": ("c", "v1.0.0"),
            "v1.0.0": ("ba", None),
        },
        id="a stable release holds its prereleases' commits; each prerelease its own",
    ),
    pytest.param(
        LINEAR,
        {"v1.0.0": "b", "v1.1.0-beta.1": "c", "v1.1.0-rc.1": "d"},
        {
            "v1.1.0-rc.1": ("dc", "v1.0.0"),
            "v1.1.0-beta.1": ("c", "v1.0.0"),
            "v1.0.0": ("ba", None),
        },
        id="a channel starts from the stable release below it",
    ),
    pytest.param(
        "a b:a c:a d:b,c e:d",
        {"v1.0.0": "b", "v1.1.0": "e"},
        {"v1.1.0": ("edc", "v1.0.0"), "v1.0.0": ("ba", None)},
        id="a merged branch's commits belong to the release that merged them",
    ),
    pytest.param(
        LINEAR,
        {"v1.0.0": "c", "v1.0.1": "c"},
        {"v1.0.1": ("", "v1.0.0"), "v1.0.0": ("cba", None)},
        id="two tags on one commit: the higher holds nothing",
    ),
    pytest.param(
        LINEAR,
        {"v1.0.0": "b", "v1.1.0": "d", "v1.0.1": "z"},
        {"v1.1.0": ("dc", "v1.0.0"), "v1.0.0": ("ba", None)},
        id="a tag on another branch is left out",
    ),
]


@pytest.mark.parametrize(("spec", "tags", "expected"), CASES)
def test_release_spans(
    spec: str, tags: dict[str, str], expected: dict[str, tuple[str, str | None]]
) -> None:
    assert spans(spec, tags) == expected


def test_releases_come_newest_first_and_tags_elsewhere_are_named() -> None:
    tags = {"v1.0.0": "b", "v1.1.0": "d", "v1.0.1": "z", "v0.9.0": "y"}
    tagged = release_tags(tags, template=TEMPLATE, scheme=SEMVER)
    found = release_spans(history(LINEAR), tagged=tagged, commit_of=tags)
    assert [span.tagged.tag for span in found.spans] == ["v1.1.0", "v1.0.0"]
    assert found.elsewhere == ("v0.9.0", "v1.0.1")


def test_the_tagged_commit_leads_whatever_the_order_read() -> None:
    commits = history("a b:a c:b")
    commits[0], commits[1] = commits[1], commits[0]  # a clock skew lists c after b
    found = release_spans(
        commits,
        tagged=release_tags({"v1.0.0": "c"}, template=TEMPLATE, scheme=SEMVER),
        commit_of={"v1.0.0": "c"},
    )
    assert [c.sha for c in found.spans[0].commits] == ["c", "b", "a"]


def test_each_commit_lands_in_one_release_of_a_long_history() -> None:
    count = 20_000
    spec = " ".join(f"c{n}:c{n - 1}" if n else "c0" for n in range(count))
    tags = {f"v1.{n}.0": f"c{n}" for n in range(0, count, 2)}
    tagged = release_tags(tags, template=TEMPLATE, scheme=SEMVER)
    found = release_spans(history(spec), tagged=tagged, commit_of=tags)
    assert len(found.spans) == count // 2
    assert sum(len(span.commits) for span in found.spans) == count - 1


def reachable(start: str, parents: dict[str, tuple[str, ...]]) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        sha = stack.pop()
        if sha not in seen:
            seen.add(sha)
            stack.extend(parents[sha])
    return seen


@given(
    st.lists(st.lists(st.integers(min_value=0, max_value=30), max_size=3), min_size=1, max_size=30),
    st.dictionaries(st.integers(min_value=0, max_value=29), st.integers(0, 9), max_size=6),
)
def test_a_stable_release_holds_what_its_tag_reaches_and_no_lower_tag_does(
    edges: list[list[int]], tagging: dict[int, int]
) -> None:
    """On any history (commit n's parents are earlier commits), as brute force says."""
    parents = {
        f"c{n}": tuple(dict.fromkeys(f"c{p % n}" for p in listed)) if n else ()
        for n, listed in enumerate(edges)
    }
    tags = {f"v1.{minor}.0": f"c{n}" for n, minor in tagging.items() if n < len(edges)}
    commits = [RawCommit(sha, parents[sha], "fix: x") for sha in reversed(list(parents))]
    tagged = release_tags(tags, template=TEMPLATE, scheme=SEMVER)
    found = release_spans(commits, tagged=tagged, commit_of=tags)
    held = {span.tagged.tag: {c.sha for c in span.commits} for span in found.spans}
    for tag, commit in tags.items():
        lower = [c for t, c in tags.items() if tagged_version(t) < tagged_version(tag)]
        expected = reachable(commit, parents) - set().union(*(reachable(c, parents) for c in lower))
        assert held[tag] == expected


def tagged_version(tag: str) -> int:
    return int(tag.split(".")[1])
