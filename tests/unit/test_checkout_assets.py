"""The checkout's built files: matched by globs, hashed, and never read outside the checkout."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from regent.adapters.checkout_assets import CheckoutAssets
from regent.core.assets import AssetsMissingError
from regent.core.errors import ConfigError


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    (root / "dist" / "nested").mkdir(parents=True)
    (root / "dist" / "a.tar.gz").write_bytes(b"a")
    (root / "dist" / "b.whl").write_bytes(b"bb")
    (root / "dist" / "nested" / "c.zip").write_bytes(b"ccc")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[http]\n\textraheader = token\n")
    return root


def test_patterns_match_files_in_order_hashed_once(checkout: Path) -> None:
    assets = CheckoutAssets(checkout)
    files = assets.matching(["dist/*.whl", "dist/**/*", "dist/b.whl"])
    assert [file.path for file in files] == [
        "dist/b.whl",
        "dist/a.tar.gz",
        "dist/nested/c.zip",
    ]  # folders skipped, each file once
    assert [file.name for file in files] == ["b.whl", "a.tar.gz", "c.zip"]
    assert files[0].size == 2
    assert files[0].sha256 == hashlib.sha256(b"bb").hexdigest()
    with assets.open(files[1]) as stream:
        assert stream.read() == b"a"


def test_a_pattern_matching_nothing_names_itself(checkout: Path) -> None:
    with pytest.raises(AssetsMissingError, match="'out/\\*' matches no file in the checkout"):
        CheckoutAssets(checkout).matching(["dist/*", "out/*"])


@pytest.mark.parametrize("pattern", ["/etc/*", "../*", "dist/../../*"])
def test_patterns_leaving_the_checkout_are_refused(checkout: Path, pattern: str) -> None:
    with pytest.raises(ConfigError, match=re.escape("release.assets: asset pattern")):
        CheckoutAssets(checkout).matching([pattern])


def test_a_link_out_of_the_checkout_is_refused_and_one_inside_is_read(
    checkout: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("token")
    os.symlink(secret, checkout / "dist" / "leak.zip")
    with pytest.raises(ConfigError, match=re.escape("dist/leak.zip")):
        CheckoutAssets(checkout).matching(["dist/leak.zip"])
    os.symlink("a.tar.gz", checkout / "dist" / "same.tar.gz")
    (found,) = CheckoutAssets(checkout).matching(["dist/same.tar.gz"])
    assert (found.name, found.size) == ("same.tar.gz", 1)


def test_a_folder_linked_out_of_the_checkout_is_refused(checkout: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "id_rsa").write_text("key")
    os.symlink(outside, checkout / "out")
    with pytest.raises(ConfigError, match="out/id_rsa"):
        CheckoutAssets(checkout).matching(["out/*"])


def test_git_folder_is_never_an_asset(checkout: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape("'.git' folder")):
        CheckoutAssets(checkout).matching([".git/config"])
