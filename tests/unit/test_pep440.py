"""PEP 440 versions through packaging: normalisation, channels, bumps and the next version."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.config.pep440 import PEP440, Pep440Scheme, Pep440Version
from regent.core.errors import InvalidVersionError
from regent.core.versioning.bump import Bump
from regent.core.versioning.next_version import next_version
from regent.core.versioning.versions import Version, VersionScheme


def p(text: str) -> Pep440Version:
    return PEP440.parse(text)


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        pytest.param("1.2.3", "1.2.3", id="plain"),
        pytest.param("1.0", "1.0", id="two-components-kept"),
        pytest.param("2.0.0-RC1", "2.0.0rc1", id="rc-separator-and-case"),
        pytest.param("2.0.0.c1", "2.0.0rc1", id="c-is-rc"),
        pytest.param("2.0.0-preview.3", "2.0.0rc3", id="preview-is-rc"),
        pytest.param("2.0.0alpha", "2.0.0a0", id="alpha-implicit-zero"),
        pytest.param("2.0.0_beta_2", "2.0.0b2", id="underscores"),
        pytest.param("2.0.0-1", "2.0.0.post1", id="implicit-post"),
        pytest.param("2.0.0rev4", "2.0.0.post4", id="rev-is-post"),
        pytest.param("2.0.0-dev", "2.0.0.dev0", id="dev-implicit-zero"),
        pytest.param("0!2.0.0", "2.0.0", id="zero-epoch-dropped"),
        pytest.param("3!2.0.0", "3!2.0.0", id="epoch"),
        pytest.param("2.0.0+Ubuntu-1", "2.0.0+ubuntu.1", id="local-normalised"),
        pytest.param("v2.0.0", "2.0.0", id="v-prefix"),
        pytest.param("  2.0.0\n", "2.0.0", id="surrounding-space"),
        pytest.param("02.007.0", "2.7.0", id="leading-zeros"),
    ],
)
def test_parse_normalises(text: str, normalised: str) -> None:
    assert str(p(text)) == normalised


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("one.two", id="words"),
        pytest.param("1.0-gamma1", id="unknown-prerelease"),
        pytest.param("1.0+", id="empty-local"),
        pytest.param("1.0+a+b", id="two-locals"),
        pytest.param("1!2!3", id="two-epochs"),
        pytest.param("1.0 rc1", id="inner-space"),
        pytest.param("1.0.", id="trailing-dot"),
    ],
)
def test_parse_invalid(text: str) -> None:
    with pytest.raises(InvalidVersionError, match="is not a PEP 440 version"):
        PEP440.parse(text)
    assert PEP440.try_parse(text) is None


@pytest.mark.parametrize(
    ("text", "release", "channel", "number", "is_prerelease"),
    [
        pytest.param("1.3.0", (1, 3, 0), None, None, False, id="stable"),
        pytest.param("1", (1, 0, 0), None, None, False, id="one-component"),
        pytest.param("1.0", (1, 0, 0), None, None, False, id="two-components"),
        pytest.param("1.2.3.4", (1, 2, 3), None, None, False, id="four-components"),
        pytest.param("1.3.0a2", (1, 3, 0), "a", 2, True, id="alpha"),
        pytest.param("1.3.0.beta4", (1, 3, 0), "b", 4, True, id="beta"),
        pytest.param("1.3.0c1", (1, 3, 0), "rc", 1, True, id="c"),
        pytest.param("1.3.0.dev5", (1, 3, 0), "dev", 5, True, id="dev"),
        pytest.param("1.3.0rc1.post2", (1, 3, 0), "rc", 1, True, id="post-of-rc"),
        pytest.param("1.3.0rc1.dev2", (1, 3, 0), "rc", None, True, id="dev-of-rc"),
        pytest.param("1.3.0.post1.dev2", (1, 3, 0), "dev", None, True, id="dev-of-post"),
        pytest.param("1.3.0.post1", (1, 3, 0), None, None, False, id="post-is-stable"),
        pytest.param("1.3.0+local", (1, 3, 0), None, None, False, id="local-is-stable"),
        pytest.param("2!1.3.0rc3", (1, 3, 0), "rc", 3, True, id="epoch-not-in-triple"),
    ],
)
def test_release_channel_and_number(
    text: str,
    release: tuple[int, int, int],
    channel: str | None,
    number: int | None,
    is_prerelease: bool,
) -> None:
    version = p(text)
    assert version.release == release
    assert version.channel == channel
    assert version.prerelease_number == number
    assert version.is_prerelease is is_prerelease


@pytest.mark.parametrize(
    ("configured", "short"),
    [
        pytest.param("alpha", "a", id="alpha"),
        pytest.param("a", "a", id="a"),
        pytest.param("beta", "b", id="beta"),
        pytest.param("b", "b", id="b"),
        pytest.param("rc", "rc", id="rc"),
        pytest.param("c", "rc", id="c"),
        pytest.param("pre", "rc", id="pre"),
        pytest.param("preview", "rc", id="preview"),
        pytest.param("dev", "dev", id="dev"),
        pytest.param("RC", "rc", id="upper-case"),
    ],
)
def test_check_channel_maps_to_short_names(configured: str, short: str) -> None:
    assert PEP440.check_channel(configured) == short


@pytest.mark.parametrize("channel", ["next", "nightly", "post", "", "rc1", "r c"])
def test_check_channel_lists_accepted_names(channel: str) -> None:
    with pytest.raises(InvalidVersionError) as caught:
        PEP440.check_channel(channel)
    message = str(caught.value)
    for name in ("alpha", "beta", "rc", "preview", "dev"):
        assert name in message


@pytest.mark.parametrize(
    ("text", "channel", "number", "expected"),
    [
        pytest.param("1.3.0", "rc", 1, "1.3.0rc1", id="rc"),
        pytest.param("1.3.0", "beta", 2, "1.3.0b2", id="beta"),
        pytest.param("1.3.0", "alpha", 0, "1.3.0a0", id="alpha-zero"),
        pytest.param("1.3.0", "preview", 4, "1.3.0rc4", id="preview"),
        pytest.param("1.3.0", "dev", 2, "1.3.0.dev2", id="dev"),
        pytest.param("1.3", "rc", 1, "1.3.0rc1", id="padded"),
        pytest.param("1.3.0b1.post2+x", "rc", 1, "1.3.0rc1", id="replaces-pre-post-local"),
        pytest.param("4!1.3.0", "rc", 1, "4!1.3.0rc1", id="keeps-epoch"),
    ],
)
def test_as_prerelease(text: str, channel: str, number: int, expected: str) -> None:
    result = p(text).as_prerelease(channel, number)
    assert str(result) == expected
    assert result.prerelease_number == number


@pytest.mark.parametrize(
    ("channel", "number"),
    [pytest.param("nightly", 1, id="unknown-channel"), pytest.param("rc", -1, id="negative")],
)
def test_as_prerelease_rejects_unusable_input(channel: str, number: int) -> None:
    with pytest.raises(InvalidVersionError):
        p("1.0.0").as_prerelease(channel, number)


@pytest.mark.parametrize(
    ("text", "level", "expected"),
    [
        pytest.param("1.2.3", Bump.MAJOR, "2.0.0", id="major"),
        pytest.param("1.2.3", Bump.MINOR, "1.3.0", id="minor"),
        pytest.param("1.2.3", Bump.PATCH, "1.2.4", id="patch"),
        pytest.param("1.0", Bump.PATCH, "1.0.1", id="two-components-padded"),
        pytest.param("1", Bump.MINOR, "1.1.0", id="one-component-padded"),
        pytest.param("1.2.3.4", Bump.PATCH, "1.2.4", id="fourth-component-dropped"),
        pytest.param("1.2.3.post4", Bump.PATCH, "1.2.4", id="post-dropped"),
        pytest.param("1.2.3.dev4", Bump.PATCH, "1.2.4", id="dev-dropped"),
        pytest.param("1.2.3+local", Bump.MINOR, "1.3.0", id="local-dropped"),
        pytest.param("1.3.0rc2", Bump.MINOR, "1.4.0", id="from-triple"),
        pytest.param("2!1.2.3", Bump.MAJOR, "2!2.0.0", id="epoch-kept"),
        pytest.param("1.3rc2", Bump.NONE, "1.3.0", id="none-finalizes"),
        pytest.param("1.2.3.4rc1", Bump.NONE, "1.2.3.4", id="none-keeps-fourth-component"),
    ],
)
def test_bumped(text: str, level: Bump, expected: str) -> None:
    result = p(text).bumped(level)
    assert str(result) == expected
    assert not result.is_prerelease
    assert result > p(text) or (level is Bump.NONE and not p(text).is_prerelease)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1.3.0rc2", "1.3.0", id="rc"),
        pytest.param("1.3.dev1", "1.3.0", id="dev-padded"),
        pytest.param("1.3.0.post2+x", "1.3.0.post2", id="stable-post-kept-local-dropped"),
        pytest.param("1.3.post2.dev1", "1.3.0.post2", id="dev-of-post-to-post"),
        pytest.param("1.3rc1.post2", "1.3.0", id="post-of-rc-dropped"),
        pytest.param("5!1.3b1", "5!1.3.0", id="epoch"),
    ],
)
def test_finalized(text: str, expected: str) -> None:
    assert str(p(text).finalized()) == expected


@pytest.mark.parametrize(
    "chain",
    [
        pytest.param(["1.0.dev1", "1.0a1", "1.0b1", "1.0rc1", "1.0", "1.0.post1"], id="phases"),
        pytest.param(["1.0rc1.dev1", "1.0rc1", "1.0rc1.post1", "1.0rc2"], id="around-rc"),
        pytest.param(["1.0", "1.0+a", "1.0+b", "1.0+1"], id="local-labels"),
        pytest.param(["9.9", "1!0.1", "2!0.0.1"], id="epochs-first"),
        pytest.param(["1.9.0", "1.10.0", "1.10.0.1"], id="numeric-components"),
    ],
)
def test_ordering(chain: list[str]) -> None:
    versions = [p(text) for text in chain]
    for lower, higher in itertools.pairwise(versions):
        assert lower < higher
        assert lower <= higher
        assert higher > lower
        assert higher >= lower
    backwards = versions[::-1]
    assert sorted(backwards) == versions


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("1.0", "1.0.0", id="trailing-zeros"),
        pytest.param("1.0c1", "1.0rc1", id="c-and-rc"),
        pytest.param("0!1.0", "1.0", id="zero-epoch"),
    ],
)
def test_equal_spellings_are_equal_values(a: str, b: str) -> None:
    assert p(a) == p(b)
    assert hash(p(a)) == hash(p(b))
    assert p(a) <= p(b) <= p(a)


def test_scheme_satisfies_the_protocols() -> None:
    scheme: VersionScheme = Pep440Scheme()
    version: Version = scheme.parse("1.0")
    assert scheme.name == "pep440"
    assert version.release == (1, 0, 0)


@pytest.mark.parametrize(
    ("history", "bump", "changed", "channel", "expected"),
    [
        pytest.param(("1.2.0", None), Bump.MINOR, True, "rc", "1.3.0rc1", id="start-rc"),
        pytest.param(("1.2.0", "1.3.0rc1"), Bump.MINOR, True, "rc", "1.3.0rc2", id="next-rc"),
        pytest.param(("1.2.0", "1.3.0rc2"), Bump.MINOR, True, None, "1.3.0", id="graduate"),
        pytest.param(("1.2.0", "1.3.0rc2"), Bump.MINOR, False, "rc", None, id="nothing-new"),
        pytest.param(("1.2.0", "1.3.0rc2"), Bump.MINOR, True, "c", "1.3.0rc3", id="c-is-rc"),
        pytest.param(("1.2.0", "1.3.0b1"), Bump.MINOR, True, "beta", "1.3.0b2", id="beta-series"),
        pytest.param(("1.2.0", "1.3.0b1"), Bump.MINOR, True, "rc", "1.3.0rc1", id="beta-to-rc"),
        pytest.param(("1.2", "1.3rc1"), Bump.MINOR, True, "rc", "1.3.0rc2", id="two-components"),
        pytest.param(
            ("1.2.0", "1.3.0.dev1"), Bump.MINOR, True, "dev", "1.3.0.dev2", id="dev-series"
        ),
        pytest.param(("1.2.0", "1.3.0.dev3"), Bump.MINOR, True, "a", "1.3.0a1", id="dev-to-alpha"),
        pytest.param(("1.2.0", "1.3.0rc1.dev2"), Bump.MINOR, True, "rc", "1.3.0rc1", id="rc-dev"),
        pytest.param((None, None), Bump.MINOR, True, "rc", "0.1.0rc1", id="first-release-rc"),
        pytest.param(("1!1.2.0", None), Bump.MAJOR, True, None, "1!2.0.0", id="epoch"),
        pytest.param(
            ("1.0", "1.0.post1.dev3"), Bump.NONE, True, None, "1.0.0.post1", id="post-dev"
        ),
    ],
)
def test_next_version_with_pep440(
    history: tuple[str | None, str | None],
    bump: Bump,
    changed: bool,
    channel: str | None,
    expected: str | None,
) -> None:
    last_stable, latest_prerelease = history
    result = next_version(
        last_stable=p(last_stable) if last_stable is not None else None,
        latest_prerelease=p(latest_prerelease) if latest_prerelease is not None else None,
        bump=bump,
        changed_since_latest=changed,
        channel=channel,
        initial_version=p("0.1.0"),
    )
    assert (str(result) if result is not None else None) == expected


@given(st.text())
def test_parse_raises_only_invalid_version_error(text: str) -> None:
    try:
        version = PEP440.parse(text)
    except InvalidVersionError:
        return
    assert PEP440.parse(str(version)) == version


COUNT = st.integers(min_value=0, max_value=30)
PEP440_TEXTS = st.builds(
    lambda epoch, release, pre, post, dev: f"{epoch}{release}{pre}{post}{dev}",
    st.sampled_from(["", "1!"]),
    st.lists(COUNT, min_size=1, max_size=4).map(lambda parts: ".".join(map(str, parts))),
    st.sampled_from(["", "a", "b", "rc"]).flatmap(
        lambda letter: COUNT.map(lambda n: f"{letter}{n}") if letter else st.just("")
    ),
    st.sampled_from(["", ".post1"]),
    st.sampled_from(["", ".dev3"]),
)


@given(PEP440_TEXTS)
def test_normalised_form_round_trips(text: str) -> None:
    version = p(text)
    assert str(p(str(version))) == str(version)
    assert p(str(version)) == version


@given(PEP440_TEXTS, st.sampled_from([Bump.PATCH, Bump.MINOR, Bump.MAJOR]))
def test_bumps_and_finalizing_never_go_backwards(text: str, level: Bump) -> None:
    version = p(text)
    final = version.finalized()
    assert not final.is_prerelease
    assert final >= version
    assert (final > version) == version.is_prerelease
    assert version.bumped(level) > final
    assert len(str(version.bumped(level)).split("!")[-1].split(".")) == 3
