"""Release lines of base branches (issue 15): ranges parsed, inferred from branch names and
checked, versions tagged on other branches refused, each branch's line resolved from the
configuration, and every bad entry a clear configuration error."""

from __future__ import annotations

import pytest

from regent.config import parse_config_text
from regent.core.errors import ConfigError
from regent.core.versioning.lines import (
    ReleaseLineError,
    VersionRange,
    check_line,
    parse_range,
    range_in_name,
    range_problem,
)
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.tags import TaggedVersion

SOURCE = ".release-regent.yml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1.x", VersionRange(1), id="major-line"),
        pytest.param("0.x", VersionRange(0), id="zero-major"),
        pytest.param("1.2.x", VersionRange(1, 2), id="patch-line"),
        pytest.param("10.20.x", VersionRange(10, 20), id="two-digits"),
    ],
)
def test_parse_range(text: str, expected: VersionRange) -> None:
    assert parse_range(text) == expected
    assert str(expected) == text
    assert range_problem(text) is None


@pytest.mark.parametrize(
    "text", ["1", "x", "1.x.x", "1.2", "1.2.3", "01.x", "v1.x", "1.*", "^1.0.0", ">=1 <2", " 1.x"]
)
def test_not_a_range(text: str) -> None:
    assert range_problem(text) == (
        f"{text!r} is not a version range: give N.x (a major line, e.g. 1.x) or N.N.x "
        "(a patch line, e.g. 1.2.x)"
    )
    with pytest.raises(ValueError, match="is not a version range"):
        parse_range(text)


@pytest.mark.parametrize(
    ("branch", "expected"),
    [
        pytest.param("release/1.x", VersionRange(1), id="release-slash"),
        pytest.param("1.x", VersionRange(1), id="bare"),
        pytest.param("1.2.x", VersionRange(1, 2), id="bare-patch-line"),
        pytest.param("maint/v2.x", VersionRange(2), id="v-prefix"),
        pytest.param("release-3.1.x", VersionRange(3, 1), id="dash"),
        pytest.param("support_4.x", VersionRange(4), id="underscore"),
        pytest.param("main", None, id="no-range"),
        pytest.param("release/1.x/docs", None, id="not-at-the-end"),
        pytest.param("feature1.x", None, id="glued-to-a-word"),
        pytest.param("release/1.2", None, id="no-x"),
        pytest.param("next", None, id="prerelease-branch"),
    ],
)
def test_range_inferred_from_the_branch_name(branch: str, expected: VersionRange | None) -> None:
    assert range_in_name(branch) == expected


@pytest.mark.parametrize(
    ("line", "version", "holds"),
    [
        ("1.x", "1.0.1", True),
        ("1.x", "1.9.0", True),
        ("1.x", "1.2.0-rc.1", True),
        ("1.x", "2.0.0", False),
        ("1.x", "0.9.0", False),
        ("1.2.x", "1.2.7", True),
        ("1.2.x", "1.3.0", False),
        ("1.2.x", "2.2.0", False),
        ("0.x", "0.5.0", True),
    ],
)
def test_in_and_out_of_range(line: str, version: str, holds: bool) -> None:
    assert parse_range(line).holds(SEMVER.parse(version)) is holds


def tags(*names: str) -> tuple[TaggedVersion, ...]:
    return tuple(TaggedVersion(f"v{name}", SEMVER.parse(name)) for name in names)


def refusal(
    target: str, *, line: str | None, current: str | None, tagged: tuple[TaggedVersion, ...]
) -> str | None:
    try:
        check_line(
            SEMVER.parse(target),
            branch="release/1.x",
            version_range=parse_range(line) if line else None,
            current=SEMVER.parse(current) if current else None,
            tagged=tagged,
        )
    except ReleaseLineError as error:
        return error.message
    return None


PINS = "(a Release-As footer, `regent plan --release-as`, or `!set-version` on the release PR)"


@pytest.mark.parametrize(
    ("target", "line", "current", "tagged", "expected"),
    [
        pytest.param("1.0.1", "1.x", "1.0.0", tags("1.0.0", "1.1.0"), None, id="free-patch"),
        pytest.param("1.1.0", None, "1.0.0", tags("1.0.0"), None, id="free-minor"),
        pytest.param(
            "1.1.0",
            "1.x",
            "1.0.0",
            tags("1.0.0", "1.1.0"),
            "1.1.0 cannot be released from release/1.x: the tag v1.1.0 already exists in the "
            "repository (on a commit outside release/1.x's history); release 1.0.1 instead, the "
            f"next free patch {PINS}",
            id="tagged-on-main",
        ),
        pytest.param(
            "1.1.0",
            None,
            "1.0.0",
            tags("1.0.0", "1.0.1", "1.1.0", "1.2.0"),
            "1.1.0 cannot be released from release/1.x: the tag v1.1.0 already exists in the "
            "repository (on a commit outside release/1.x's history); release 1.3.0 instead, the "
            f"next free minor {PINS}, or give the branch a range (1.x, 1.2.x)",
            id="no-range-next-free-of-the-same-level",
        ),
        pytest.param(
            "1.0.1",
            None,
            "1.0.0",
            tags("1.0.0", "1.0.1", "1.0.2"),
            "1.0.1 cannot be released from release/1.x: the tag v1.0.1 already exists in the "
            "repository (on a commit outside release/1.x's history); release 1.0.3 instead, the "
            f"next free patch {PINS}, or give the branch a range (1.x, 1.2.x)",
            id="no-range-patch-skips-tagged-ones",
        ),
        pytest.param(
            "1.1.0",
            "1.x",
            "1.0.0",
            tags("1.0.0", "1.0.1", "1.1.0"),
            "1.1.0 cannot be released from release/1.x: the tag v1.1.0 already exists in the "
            "repository (on a commit outside release/1.x's history); release 1.0.2 instead, the "
            f"next free patch {PINS}",
            id="range-next-free-patch-skips-tagged-ones",
        ),
        pytest.param(
            "1.3.0",
            "1.2.x",
            "1.2.9",
            tags("1.2.9", "1.3.0"),
            "1.3.0 is outside release/1.x's range 1.2.x",
            id="outside-before-tagged",
        ),
        pytest.param(
            "1.1.0-rc.1",
            None,
            "1.0.0",
            tags("1.0.0", "1.1.0"),
            "1.1.0-rc.1 cannot be released from release/1.x: v1.1.0 is already released, so a "
            "prerelease of it would sort below it; merge the branch that released v1.1.0 into "
            "release/1.x, and its next prerelease follows it",
            id="prerelease-of-a-released-version",
        ),
        pytest.param(
            "2.0.0",
            "1.x",
            "1.4.0",
            tags("1.4.0"),
            "2.0.0 is outside release/1.x's range 1.x: the line releases only 1.x versions "
            "(features and fixes; a breaking change leaves it); release 1.4.1 instead, the next "
            f"free patch {PINS}, or move the change to a branch that releases it",
            id="breaking-leaves-a-major-line",
        ),
        pytest.param(
            "1.3.0",
            "1.2.x",
            "1.2.4",
            tags("1.2.4"),
            "1.3.0 is outside release/1.x's range 1.2.x: the line releases only 1.2.x versions "
            "(fixes; a feature or a breaking change leaves it)",
            id="feature-leaves-a-patch-line",
        ),
        pytest.param(
            "2.0.0",
            "1.x",
            None,
            (),
            f"2.0.0 is outside release/1.x's range 1.x: the line releases only 1.x versions "
            f"(features and fixes; a breaking change leaves it); pin a free version {PINS}",
            id="first-release-outside",
        ),
    ],
)
def test_the_line_guard(
    target: str,
    line: str | None,
    current: str | None,
    tagged: tuple[TaggedVersion, ...],
    expected: str | None,
) -> None:
    message = refusal(target, line=line, current=current, tagged=tagged)
    if expected is None:
        assert message is None
    else:
        assert message is not None
        assert message.startswith(expected)


CONFIG = """\
prerelease: beta
since: v0.9.0
base_branches:
  - main
  - {name: "release/*"}
  - {name: lts, range: 1.2.x, since: abc1234}
  - {name: next, prerelease: rc}
"""


@pytest.mark.parametrize(
    ("branch", "version_range", "channel", "since"),
    [
        pytest.param("main", None, "beta", "v0.9.0", id="name-only"),
        pytest.param("release/2.x", VersionRange(2), "beta", "v0.9.0", id="inferred"),
        pytest.param("release/candidate", None, "beta", "v0.9.0", id="pattern-without-range"),
        pytest.param("lts", VersionRange(1, 2), "beta", "abc1234", id="declared-and-since"),
        pytest.param("next", None, "rc", "v0.9.0", id="prerelease-branch"),
    ],
)
def test_each_branch_gets_its_line(
    branch: str, version_range: VersionRange | None, channel: str, since: str
) -> None:
    policy = parse_config_text(CONFIG, source=SOURCE)
    assert policy.base_branches == ("main", "release/*", "lts", "next")
    line = policy.on_branch(branch)
    assert (line.branch, line.version_range) == (branch, version_range)
    assert (line.channel(None), line.since) == (channel, since)
    assert line.on_branch(branch) == line


def test_a_branch_that_is_not_a_base_branch_keeps_the_policy() -> None:
    policy = parse_config_text(CONFIG, source=SOURCE)
    assert policy.on_branch("feature/x") is policy
    assert policy.on_branch(None) is policy


def test_a_declared_range_wins_over_the_name() -> None:
    policy = parse_config_text(
        "base_branches: [{name: release/1.x, range: 1.4.x}]\n", source=SOURCE
    )
    assert policy.on_branch("release/1.x").version_range == VersionRange(1, 4)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "base_branches: [{name: lts, ranges: 1.x}]\n",
            "1: base_branches[0].ranges: unknown key; did you mean 'range'?",
            id="unknown-key",
        ),
        pytest.param(
            "base_branches: [{name: lts, channel: rc}]\n",
            "1: base_branches[0].channel: unknown key; allowed keys are name, range, prerelease, "
            "since",
            id="unknown-key-no-match",
        ),
        pytest.param(
            "base_branches: [{name: lts, range: '1.2'}]\n",
            "1: base_branches[0].range: '1.2' is not a version range: give N.x (a major line, e.g. "
            "1.x) or N.N.x (a patch line, e.g. 1.2.x)",
            id="bad-range",
        ),
        pytest.param(
            "base_branches: [{name: next, prerelease: 'r c'}]\n",
            "1: base_branches: next: prerelease channel 'r c' is not usable: it must be one SemVer "
            "identifier",
            id="bad-channel",
        ),
        pytest.param(
            "version_scheme: pep440\nbase_branches: [{name: next, prerelease: gamma}]\n",
            "2: base_branches: next: prerelease channel 'gamma' has no PEP 440 form; use one of: "
            "alpha, a, beta, b, rc, c, pre, preview, dev",
            id="channel-the-scheme-refuses",
        ),
        pytest.param(
            "base_branches: [{range: 1.x}]\n",
            "1: base_branches[0]: missing required key 'name'",
            id="no-name",
        ),
        pytest.param(
            "base_branches: [main, {name: main, range: 1.x}]\n",
            "'main' is listed more than once; keep one entry",
            id="listed-twice",
        ),
        pytest.param(
            "base_branches: [{name: lts, since: '-x'}]\n",
            "1: base_branches[0].since: '-x' is not a commit: give a sha, a tag, or a ref such as "
            "main~100",
            id="bad-since",
        ),
        pytest.param(
            "base_branches: [[main]]\n",
            "expected a branch name or a mapping like {name: release/1.x, range: 1.x}",
            id="not-a-name-or-mapping",
        ),
    ],
)
def test_bad_entries_are_config_errors(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config_text(text, source=SOURCE)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("entry", "branch", "initial"),
    [
        pytest.param("release/1.x", "release/1.x", "1.0.0", id="inferred-1.x-opens-at-1.0.0"),
        pytest.param("{name: lts, range: 2.3.x}", "lts", "2.3.0", id="declared-2.3.x"),
        pytest.param("release/0.x", "release/0.x", "0.1.0", id="initial-inside-kept"),
        pytest.param("main", "main", "0.1.0", id="no-range"),
    ],
)
def test_a_line_with_no_release_yet_starts_inside_its_range(
    entry: str, branch: str, initial: str
) -> None:
    policy = parse_config_text(f"base_branches: [{entry}]\n", source=SOURCE)
    assert policy.on_branch(branch).initial_version == initial
