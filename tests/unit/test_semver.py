"""SemVer 2.0.0: parsing, formatting, precedence, channels and bumps, from the spec text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.errors import InvalidVersionError, RegentError
from regent.core.versioning.bump import Bump
from regent.core.versioning.semver import MAX_NUMBER_DIGITS, SEMVER, SemVer, SemVerScheme
from regent.core.versioning.versions import Version, VersionScheme

BIG = "123456789012345678901234567890"


def v(text: str) -> SemVer:
    return SEMVER.parse(text)


@pytest.mark.parametrize(
    ("text", "release", "prerelease", "build"),
    [
        pytest.param("0.0.0", (0, 0, 0), (), (), id="all-zero"),
        pytest.param("10.20.30", (10, 20, 30), (), (), id="multi-digit"),
        pytest.param("1.0.0-alpha", (1, 0, 0), ("alpha",), (), id="item9-alpha"),
        pytest.param("1.0.0-alpha.1", (1, 0, 0), ("alpha", "1"), (), id="item9-alpha.1"),
        pytest.param("1.0.0-0.3.7", (1, 0, 0), ("0", "3", "7"), (), id="item9-numeric-ids"),
        pytest.param("1.0.0-x.7.z.92", (1, 0, 0), ("x", "7", "z", "92"), (), id="item9-mixed"),
        pytest.param("1.0.0-x-y-z.--", (1, 0, 0), ("x-y-z", "--"), (), id="item9-hyphens"),
        pytest.param("1.0.0-0a", (1, 0, 0), ("0a",), (), id="leading-zero-ok-if-alnum"),
        pytest.param("1.0.0--1", (1, 0, 0), ("-1",), (), id="hyphen-identifier"),
        pytest.param("1.0.0-alpha+001", (1, 0, 0), ("alpha",), ("001",), id="item10-build-zeros"),
        pytest.param(
            "1.0.0+20130313144700", (1, 0, 0), (), ("20130313144700",), id="item10-build-only"
        ),
        pytest.param(
            "1.0.0-beta+exp.sha.5114f85",
            (1, 0, 0),
            ("beta",),
            ("exp", "sha", "5114f85"),
            id="item10-pre-and-build",
        ),
        pytest.param(
            "1.0.0+21AF26D3----117B344092BD",
            (1, 0, 0),
            (),
            ("21AF26D3----117B344092BD",),
            id="item10-build-hyphens",
        ),
        pytest.param(
            f"{BIG}.{BIG}.{BIG}-{BIG}",
            (int(BIG), int(BIG), int(BIG)),
            (BIG,),
            (),
            id="numbers-beyond-64-bits",
        ),
    ],
)
def test_parse_valid(
    text: str, release: tuple[int, int, int], prerelease: tuple[str, ...], build: tuple[str, ...]
) -> None:
    version = v(text)
    assert version.release == release
    assert version.prerelease == prerelease
    assert version.build == build
    assert str(version) == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("", "empty string", id="empty"),
        pytest.param("1", "has 1 dot-separated numbers", id="one-number"),
        pytest.param("1.2", "has 2 dot-separated numbers", id="two-numbers"),
        pytest.param("1.2.3.4", "has 4 dot-separated numbers", id="four-numbers"),
        pytest.param("1..3", "minor is empty", id="empty-minor"),
        pytest.param("1.2.", "patch is empty", id="empty-patch"),
        pytest.param("1.2.x", "patch 'x' is not a number", id="patch-letter"),
        pytest.param("01.2.3", "leading zero (major 01)", id="major-leading-zero"),
        pytest.param("1.02.3", "leading zero (minor 02)", id="minor-leading-zero"),
        pytest.param("1.2.03", "leading zero (patch 03)", id="patch-leading-zero"),
        pytest.param(
            "1.2.3-0123", "numeric prerelease identifier with a leading zero", id="pre-leading-zero"
        ),
        pytest.param("1.2.3-rc.01", "with a leading zero", id="pre-later-leading-zero"),
        pytest.param("1.2.3-", "empty prerelease identifier", id="empty-prerelease"),
        pytest.param("1.2.3-rc..1", "empty prerelease identifier", id="empty-pre-identifier"),
        pytest.param("1.2.3-rc.", "empty prerelease identifier", id="trailing-dot"),
        pytest.param("1.2.3+", "empty build identifier", id="empty-build"),
        pytest.param("1.2.3+a..b", "empty build identifier", id="empty-build-identifier"),
        pytest.param("1.2.3+a+b", "more than one '+'", id="two-plus"),
        pytest.param("1.2.3-rc_1", "may only use ASCII letters", id="underscore"),
        pytest.param("1.2.3-ü", "may only use ASCII letters", id="non-ascii-pre"),
        pytest.param("1.2.3+build!", "may only use ASCII letters", id="bang-in-build"),
        pytest.param("1.2.3 ", "patch '3 ' is not a number", id="trailing-space"),
        pytest.param(" 1.2.3", "does not start with MAJOR.MINOR.PATCH", id="leading-space"),
        pytest.param("v1.2.3", "leading 'v' is not part of a SemVer version", id="v-prefix"),
        pytest.param("=1.2.3", "does not start with MAJOR.MINOR.PATCH", id="equals-prefix"),
        pytest.param("-1.2.3", "does not start with MAJOR.MINOR.PATCH", id="negative"),
        pytest.param(
            "\u0661.\u0662.\u0663", "does not start with MAJOR.MINOR.PATCH", id="arabic-digits"
        ),
        pytest.param("1.2.3\n", "patch '3\\n' is not a number", id="trailing-newline"),
        pytest.param(
            "1" * (MAX_NUMBER_DIGITS + 1) + ".0.0",
            f"more than {MAX_NUMBER_DIGITS} digits",
            id="beyond-int-conversion-limit",
        ),
    ],
)
def test_parse_invalid_says_why(text: str, reason: str) -> None:
    with pytest.raises(InvalidVersionError) as caught:
        SEMVER.parse(text)
    assert reason in str(caught.value)
    assert isinstance(caught.value, RegentError)
    assert SEMVER.try_parse(text) is None


def test_parse_error_message_names_the_input_and_the_reason() -> None:
    with pytest.raises(InvalidVersionError, match=r"^1\.2\.3-0123: numeric prerelease identifier"):
        SEMVER.parse("1.2.3-0123")


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        pytest.param({"major": -1, "minor": 0, "patch": 0}, "0 or more", id="negative-major"),
        pytest.param(
            {"major": 1, "minor": 0, "patch": 0, "prerelease": ("01",)},
            "leading zero",
            id="leading-zero-prerelease",
        ),
        pytest.param(
            {"major": 1, "minor": 0, "patch": 0, "prerelease": ("r c",)},
            "may only use",
            id="space-in-prerelease",
        ),
        pytest.param(
            {"major": 1, "minor": 0, "patch": 0, "build": ("",)},
            "empty build identifier",
            id="empty-build",
        ),
        pytest.param(
            {"major": 10**MAX_NUMBER_DIGITS, "minor": 0, "patch": 0},
            "more than",
            id="too-many-digits",
        ),
    ],
)
def test_constructor_rejects_what_parse_rejects(kwargs: dict[str, object], reason: str) -> None:
    with pytest.raises(InvalidVersionError, match=reason):
        SemVer(**kwargs)  # type: ignore[arg-type]


# Spec item 11: each list is in strictly ascending precedence.
ASCENDING = [
    pytest.param(["0.0.1", "0.1.0", "0.1.1", "1.0.0", "1.0.10", "1.9.0", "1.10.0"], id="numeric"),
    pytest.param(["1.0.0-alpha", "1.0.0"], id="prerelease-below-release"),
    pytest.param(
        [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
        ],
        id="spec-example",
    ),
    pytest.param(["1.0.0-1", "1.0.0-2", "1.0.0-10", "1.0.0-100"], id="numeric-ids-by-value"),
    pytest.param(["1.0.0-999", "1.0.0--", "1.0.0-0a"], id="numeric-below-alphanumeric"),
    pytest.param(["1.0.0-B", "1.0.0-a", "1.0.0-b"], id="ascii-order"),
    pytest.param(["1.0.0-rc.10", "1.0.0-rc.9a", "1.0.0-rc9"], id="alnum-compared-as-text"),
    pytest.param(["1.0.0-a", "1.0.0-a.0", "1.0.0-a.0.0"], id="longer-set-wins"),
    pytest.param(["1.0.0", "1.0.1-0", "1.0.1"], id="next-patch-prerelease"),
    pytest.param([f"{BIG}.0.0-{BIG}", f"{BIG}.0.0-{BIG}0", f"{BIG}1.0.0"], id="big-numbers"),
]


@pytest.mark.parametrize("chain", ASCENDING)
def test_precedence_chain(chain: list[str]) -> None:
    versions = [v(text) for text in chain]
    for lower, higher in itertools.pairwise(versions):
        assert lower < higher
        assert lower <= higher
        assert higher > lower
        assert higher >= lower
        assert not higher < lower
    backwards = versions[::-1]
    assert sorted(backwards) == versions


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("1.0.0+a", "1.0.0+b", id="build-differs"),
        pytest.param("1.0.0", "1.0.0+b", id="build-absent"),
        pytest.param("1.0.0-rc.1+x.1", "1.0.0-rc.1+y", id="prerelease-with-build"),
    ],
)
def test_build_metadata_ties_in_precedence_but_not_in_value(a: str, b: str) -> None:
    first, second = v(a), v(b)
    assert not first < second
    assert not second < first
    assert first <= second
    assert first >= second
    assert first != second
    assert len({first, second}) == 2
    assert sorted([first, second]) == [first, second]
    assert sorted([second, first]) == [second, first]


def test_equal_values_hash_alike() -> None:
    assert v("1.2.3-rc.1+b") == SemVer(1, 2, 3, prerelease=("rc", "1"), build=("b",))
    assert len({v("1.2.3"), v("1.2.3"), SemVer(1, 2, 3)}) == 1


def test_comparing_with_another_type_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        _ = v("1.0.0") < "1.0.1"


@pytest.mark.parametrize(
    ("text", "channel", "number", "is_prerelease"),
    [
        pytest.param("1.0.0", None, None, False, id="stable"),
        pytest.param("1.0.0+build.5", None, None, False, id="stable-with-build"),
        pytest.param("1.0.0-rc.2", "rc", 2, True, id="rc-2"),
        pytest.param("1.0.0-beta.0", "beta", 0, True, id="beta-0"),
        pytest.param("1.0.0-rc.12+sha.1", "rc", 12, True, id="build-ignored"),
        pytest.param("1.0.0-rc", "rc", None, True, id="no-number"),
        pytest.param("1.0.0-rc2", "rc2", None, True, id="number-glued-to-name"),
        pytest.param("1.0.0-rc.2.1", "rc", None, True, id="extra-identifier"),
        pytest.param("1.0.0-rc.x", "rc", None, True, id="second-not-numeric"),
        pytest.param("1.0.0-0.3.7", "0", None, True, id="numeric-first"),
    ],
)
def test_channel_and_prerelease_number(
    text: str, channel: str | None, number: int | None, is_prerelease: bool
) -> None:
    version = v(text)
    assert version.channel == channel
    assert version.prerelease_number == number
    assert version.is_prerelease is is_prerelease


@pytest.mark.parametrize(
    ("text", "channel", "number", "expected"),
    [
        pytest.param("1.3.0", "rc", 3, "1.3.0-rc.3", id="from-stable"),
        pytest.param("1.3.0-beta.4+b", "rc", 1, "1.3.0-rc.1", id="from-prerelease"),
        pytest.param("2.0.0", "next", 0, "2.0.0-next.0", id="number-zero"),
        pytest.param("2.0.0", "my-channel", 7, "2.0.0-my-channel.7", id="hyphenated-channel"),
    ],
)
def test_as_prerelease(text: str, channel: str, number: int, expected: str) -> None:
    result = v(text).as_prerelease(channel, number)
    assert str(result) == expected
    assert result.channel == channel
    assert result.prerelease_number == number


@pytest.mark.parametrize(
    ("channel", "number"),
    [
        pytest.param("r.c", 1, id="dotted-channel"),
        pytest.param("12", 1, id="numeric-channel"),
        pytest.param("rc", -1, id="negative-number"),
    ],
)
def test_as_prerelease_rejects_unusable_input(channel: str, number: int) -> None:
    with pytest.raises(InvalidVersionError):
        v("1.0.0").as_prerelease(channel, number)


@pytest.mark.parametrize(
    "channel", ["rc", "beta", "alpha", "next", "dev", "RC", "pre-release", "0a", "a1"]
)
def test_check_channel_accepts_identifiers(channel: str) -> None:
    assert SEMVER.check_channel(channel) == channel


@pytest.mark.parametrize(
    "channel",
    [
        pytest.param("", id="empty"),
        pytest.param("1", id="numeric"),
        pytest.param("007", id="numeric-leading-zero"),
        pytest.param("rc.1", id="dotted"),
        pytest.param("release candidate", id="space"),
        pytest.param("rc_1", id="underscore"),
        pytest.param("rc+1", id="plus"),
        pytest.param("bêta", id="non-ascii"),
    ],
)
def test_check_channel_rejects_others(channel: str) -> None:
    with pytest.raises(InvalidVersionError, match="prerelease channel"):
        SEMVER.check_channel(channel)


@pytest.mark.parametrize(
    ("text", "level", "expected"),
    [
        pytest.param("1.2.3", Bump.MAJOR, "2.0.0", id="major-resets-minor-patch"),
        pytest.param("1.2.3", Bump.MINOR, "1.3.0", id="minor-resets-patch"),
        pytest.param("1.2.3", Bump.PATCH, "1.2.4", id="patch"),
        pytest.param("1.2.3", Bump.NONE, "1.2.3", id="none"),
        pytest.param("0.0.0", Bump.PATCH, "0.0.1", id="from-zero"),
        pytest.param("1.9.9", Bump.MINOR, "1.10.0", id="no-carry"),
        pytest.param("1.2.3+b", Bump.PATCH, "1.2.4", id="build-dropped"),
        pytest.param("1.3.0-rc.2", Bump.MAJOR, "2.0.0", id="pre-major"),
        pytest.param("1.3.0-rc.2", Bump.MINOR, "1.4.0", id="pre-minor-from-triple"),
        pytest.param("1.3.0-rc.2", Bump.PATCH, "1.3.1", id="pre-patch-from-triple"),
        pytest.param("1.3.0-rc.2+b", Bump.NONE, "1.3.0", id="none-finalizes"),
        pytest.param(f"{BIG}.0.0", Bump.MAJOR, f"{int(BIG) + 1}.0.0", id="big"),
    ],
)
def test_bumped(text: str, level: Bump, expected: str) -> None:
    result = v(text).bumped(level)
    assert str(result) == expected
    assert not result.is_prerelease


def test_finalized_drops_prerelease_and_build() -> None:
    assert str(v("4.5.6-rc.1+sha.abc").finalized()) == "4.5.6"


def test_scheme_satisfies_the_protocols() -> None:
    scheme: VersionScheme = SemVerScheme()
    version: Version = scheme.parse("1.0.0")
    assert scheme.name == "semver"
    assert version.release == (1, 0, 0)


# --- properties --------------------------------------------------------------------------

NUMBERS = st.integers(min_value=0, max_value=10**25)
NUMERIC_ID = st.integers(min_value=0, max_value=10**20).map(str)
ALNUM_ID = st.from_regex(r"[0-9A-Za-z-]*[A-Za-z-][0-9A-Za-z-]*", fullmatch=True)
BUILD_ID = st.from_regex(r"[0-9A-Za-z-]+", fullmatch=True)

SEMVERS = st.builds(
    SemVer,
    NUMBERS,
    NUMBERS,
    NUMBERS,
    prerelease=st.lists(NUMERIC_ID | ALNUM_ID, max_size=4).map(tuple),
    build=st.lists(BUILD_ID, max_size=3).map(tuple),
)

# Few distinct parts, so that ties and shared prefixes are common.
SMALL = st.integers(min_value=0, max_value=2)
SMALL_ID = st.sampled_from(["0", "1", "2", "10", "a", "b", "B", "-", "a1"])
SMALL_SEMVERS = st.builds(
    SemVer,
    SMALL,
    SMALL,
    SMALL,
    prerelease=st.lists(SMALL_ID, max_size=3).map(tuple),
    build=st.lists(st.sampled_from(["x", "y", "1"]), max_size=2).map(tuple),
)


@given(SEMVERS)
def test_format_then_parse_round_trips(version: SemVer) -> None:
    assert SEMVER.parse(str(version)) == version
    assert str(SEMVER.parse(str(version))) == str(version)


@given(st.text())
def test_parse_raises_only_invalid_version_error(text: str) -> None:
    try:
        version = SEMVER.parse(text)
    except InvalidVersionError:
        return
    assert str(version) == text


@given(st.text(alphabet="0123456789.-+aZ", max_size=20))
def test_parse_near_misses_never_crash_and_round_trip(text: str) -> None:
    version = SEMVER.try_parse(text)
    if version is not None:
        assert str(version) == text


@given(SMALL_SEMVERS, SMALL_SEMVERS)
def test_precedence_is_total_and_antisymmetric(a: SemVer, b: SemVer) -> None:
    assert a <= b or b <= a
    assert (a < b) == (not a >= b)
    assert (a > b) == (b < a)
    if a <= b <= a:
        assert a.finalized() == b.finalized()
        assert a.prerelease == b.prerelease


@given(SMALL_SEMVERS, SMALL_SEMVERS, SMALL_SEMVERS)
def test_precedence_is_transitive(a: SemVer, b: SemVer, c: SemVer) -> None:
    if a <= b <= c:
        assert a <= c
    if a < b <= c:
        assert a < c


@given(SEMVERS, st.lists(BUILD_ID, max_size=3).map(tuple))
def test_precedence_ignores_build(version: SemVer, build: tuple[str, ...]) -> None:
    other = SemVer(*version.release, prerelease=version.prerelease, build=build)
    assert not version < other
    assert not other < version
    assert version <= other
    assert version >= other


@given(SEMVERS)
def test_prerelease_sorts_below_its_release(version: SemVer) -> None:
    if version.is_prerelease:
        assert version < version.finalized()


@given(SEMVERS, st.sampled_from(list(Bump)))
def test_bumped_is_stable_and_not_lower(version: SemVer, level: Bump) -> None:
    result = version.bumped(level)
    assert not result.is_prerelease
    assert result.build == ()
    assert result >= version.finalized()
    if level is not Bump.NONE:
        assert result > version.finalized()
