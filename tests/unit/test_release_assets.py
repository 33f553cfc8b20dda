"""Release assets in pure code: what each file gets, SHA256SUMS, names GitHub keeps, patterns."""

from __future__ import annotations

import hashlib
import re

import pytest

from regent.core.assets import (
    AssetFile,
    AssetPolicy,
    AssetStep,
    ReleaseAsset,
    asset_name_problem,
    checksums_file,
    decide_assets,
    named_once,
    pattern_problem,
    refusal_message,
)
from regent.core.errors import ConfigError

SHA_A = "a" * 64
SHA_B = "b" * 64
FILE = AssetFile("w.tar.gz", "dist/w.tar.gz", 10, SHA_A)


def _asset(*, size: int = 10, digest: str | None = f"sha256:{SHA_A}", state: str = "uploaded"):
    return ReleaseAsset(id=7, name="w.tar.gz", size=size, digest=digest, state=state)


@pytest.mark.parametrize(
    ("existing", "overwrite", "step"),
    [
        pytest.param(None, False, AssetStep.UPLOAD, id="new-name"),
        pytest.param(_asset(), False, AssetStep.KEEP, id="same-size-and-digest"),
        pytest.param(_asset(digest=f"SHA256:{SHA_A.upper()}"), False, AssetStep.KEEP, id="case"),
        pytest.param(_asset(digest=None), False, AssetStep.KEEP, id="no-digest-same-size"),
        pytest.param(_asset(size=11), False, AssetStep.REFUSE, id="other-size"),
        pytest.param(_asset(digest=f"sha256:{SHA_B}"), False, AssetStep.REFUSE, id="other-digest"),
        pytest.param(_asset(size=11), True, AssetStep.REPLACE, id="other-size-overwrite"),
        pytest.param(_asset(digest=f"sha256:{SHA_B}"), True, AssetStep.REPLACE, id="overwrite"),
        pytest.param(_asset(state="starter"), False, AssetStep.REPAIR, id="unfinished-upload"),
        pytest.param(_asset(digest="md5:abc", size=11), False, AssetStep.REFUSE, id="other-algo"),
    ],
)
def test_each_file_gets_one_step(
    existing: ReleaseAsset | None, overwrite: bool, step: AssetStep
) -> None:
    others = [ReleaseAsset(id=1, name="other.zip", size=1, digest=None)]
    found = [*others, *([existing] if existing is not None else [])]
    (move,) = decide_assets([FILE], found, overwrite=overwrite)
    assert move.step is step
    assert move.existing is existing
    assert move.reason


def test_the_refusal_names_each_asset_and_both_ways_out() -> None:
    moves = decide_assets([FILE], [_asset(size=11)], overwrite=False)
    message = refusal_message("v1.0.0", moves)
    assert "w.tar.gz (11 bytes attached, 10 bytes in dist/w.tar.gz)" in message
    assert "release.overwrite: true" in message
    assert "v1.0.0" in message


def test_sha256sums_is_sha256sum_format_sorted_by_name() -> None:
    files = [AssetFile("b.zip", "b.zip", 1, SHA_B), AssetFile("a.zip", "x/a.zip", 1, SHA_A)]
    sums = checksums_file(files)
    assert sums.content == f"{SHA_A}  a.zip\n{SHA_B}  b.zip\n".encode()
    assert (sums.name, sums.size) == ("SHA256SUMS", len(sums.content))
    assert sums.sha256 == hashlib.sha256(sums.content).hexdigest()


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("widget-1.0.0.tar.gz", True),
        ("widget_1.0.0-py3-none-any.whl", True),
        ("SHA256SUMS", True),
        ("my file.zip", False),
        (".hidden", False),
        ("trailing.", False),
        ("a+b.zip", False),
        ("ünï.zip", False),
    ],
)
def test_names_github_would_rename_are_refused(name: str, kept: bool) -> None:
    assert (asset_name_problem(name) is None) is kept


@pytest.mark.parametrize(
    ("pattern", "usable"),
    [
        ("dist/*.whl", True),
        ("**/*.tar.gz", True),
        ("build/app", True),
        ("", False),
        ("/etc/passwd", False),
        ("C:/x", False),
        ("../outside/*", False),
        ("dist/../../x", False),
        ("dist\\..\\x", False),
    ],
)
def test_patterns_stay_inside_the_checkout(pattern: str, usable: bool) -> None:
    assert (pattern_problem(pattern) is None) is usable


def test_two_files_of_one_name_or_a_second_sha256sums_are_refused() -> None:
    twins = [AssetFile("a.zip", "x/a.zip", 1, SHA_A), AssetFile("a.zip", "y/a.zip", 1, SHA_B)]
    with pytest.raises(
        ConfigError, match=re.escape("x/a.zip, y/a.zip share the asset name 'a.zip'")
    ):
        named_once(twins, checksums=False)
    own = [AssetFile("SHA256SUMS", "dist/SHA256SUMS", 1, SHA_A)]
    named_once(own, checksums=False)
    with pytest.raises(ConfigError, match=r"release\.checksums writes"):
        named_once(own, checksums=True)


def test_the_action_input_adds_patterns_once() -> None:
    policy = AssetPolicy(("dist/*",), checksums=True)
    added = policy.adding(["dist/*", "out/*.zip"])
    assert added.patterns == ("dist/*", "out/*.zip")
    assert added.checksums
    assert not AssetPolicy().wanted
    assert AssetPolicy().adding(["x"]).wanted
