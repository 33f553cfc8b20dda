"""The version pinned with ``!set-version``: read from the release PR, checked against releases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from regent.config.pep440 import PEP440
from regent.core.model import PullRequest
from regent.core.release_pr.marker import ReleasePrMarker, format_marker
from regent.core.release_pr.pin import VersionPin, pin_problem, read_pin
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.versions import VersionScheme
from tests.release_pulls import open_release_pull

PIN = VersionPin("2.0.0", "!set-version by @alice in #7")
MARKER = ReleasePrMarker("1.2.0", "v1.2.0", "a" * 40, "sha256:0", "2026-11-26")


@pytest.mark.parametrize(
    ("found", "pin"),
    [
        pytest.param(
            open_release_pull(body=f"notes\n{format_marker(replace(MARKER, pin=PIN))}"),
            PIN,
            id="pinned",
        ),
        pytest.param(
            open_release_pull(body=f"notes\n{format_marker(MARKER)}"), None, id="not-pinned"
        ),
        pytest.param(open_release_pull(body="edited by hand"), None, id="no-marker"),
        pytest.param(None, None, id="no-release-pr"),
    ],
)
def test_read_pin(found: PullRequest | None, pin: VersionPin | None) -> None:
    assert read_pin(found) == pin


@pytest.mark.parametrize(
    ("version", "released", "scheme", "problem"),
    [
        pytest.param("2.0.0", ["1.4.0", "1.10.0"], SEMVER, None, id="above"),
        pytest.param("2.0.0-rc.1", ["1.4.0"], SEMVER, None, id="prerelease"),
        pytest.param("0.1.0", [], SEMVER, None, id="first-release"),
        pytest.param("1.10.0-rc.2", ["1.10.0-rc.1", "1.9.0"], SEMVER, None, id="next-rc"),
        pytest.param(
            "1.10.0",
            ["1.10.0", "1.9.0"],
            SEMVER,
            "1.10.0 is not above the last release 1.10.0; give a higher version, or `auto` to "
            "drop the pin",
            id="equal",
        ),
        pytest.param(
            "1.9.9",
            ["1.4.0", "1.10.0"],
            SEMVER,
            "1.9.9 is not above the last release 1.10.0; give a higher version, or `auto` to "
            "drop the pin",
            id="below-by-precedence-not-text",
        ),
        pytest.param(
            "1.10.0-rc.1",
            ["1.10.0-rc.1"],
            SEMVER,
            "1.10.0-rc.1 is not above the last release 1.10.0-rc.1; give a higher version, or "
            "`auto` to drop the pin",
            id="same-prerelease",
        ),
        pytest.param(
            "v2.0.0",
            [],
            SEMVER,
            "v2.0.0: a leading 'v' is not part of a SemVer version; put it in the tag template "
            "(v{version}) instead",
            id="leading-v",
        ),
        pytest.param("2.0", ["1.0"], PEP440, None, id="pep440"),
        pytest.param("2.0rc1", ["1.0"], PEP440, None, id="pep440-prerelease"),
    ],
)
def test_pin_problem(
    version: str, released: Sequence[str], scheme: VersionScheme, problem: str | None
) -> None:
    versions = [scheme.parse(text) for text in released]
    assert pin_problem(version, released=versions, scheme=scheme) == problem


def test_a_pin_that_is_not_a_version_says_so() -> None:
    problem = pin_problem("banana", released=[], scheme=SEMVER)
    assert problem is not None
    assert "banana" in problem
    assert "1.2.3" in problem
