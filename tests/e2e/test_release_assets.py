"""Release assets end to end on the simulator: built files attached with SHA256SUMS, a re-run
keeping them, a changed file refused then replaced with overwrite, a pattern matching nothing
stopping the run before the tag, digest-less GitHub, and a run crashed after any write (between
upload and publish included) finished by the next without duplicates."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from regent.core.assets import AssetConflictError, AssetPolicy, AssetsMissingError
from regent.core.errors import RegentError
from tests.e2e.assets_world import (
    BUILT,
    attached,
    build,
    pending_again,
    reconcile_with_assets,
    release_waiting,
    uploads,
)
from tests.e2e.lifecycle_faults import crash_after, writes_of
from tests.e2e.lifecycle_harness import REPO, Lifecycle, running_lifecycle, running_simulator
from tests.e2e.lifecycle_script import source_repository
from tests.github_sim.release_assets import asset_store

pytestmark = pytest.mark.e2e

DIST = AssetPolicy(("dist/*",), checksums=True)
SDIST, WHEEL = "widget-1.1.0.tar.gz", "widget-1.1.0-py3-none-any.whl"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_assets_are_attached_with_sha256sums_and_a_rerun_keeps_them(tmp_path: Path) -> None:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as lifecycle:
        release_waiting(lifecycle)
        outcome = reconcile_with_assets(lifecycle, DIST)
        assert outcome.tag == "v1.1.0"
        found = {item.name: item for item in attached(lifecycle)}
        assert sorted(found) == ["SHA256SUMS", WHEEL, SDIST]
        for path, data in BUILT.items():
            assert found[Path(path).name].sha256 == _sha(data)
        assert found["SHA256SUMS"].data.decode() == (
            f"{_sha(BUILT['dist/widget-1.1.0-py3-none-any.whl'])}  {WHEEL}\n"
            f"{_sha(BUILT['dist/widget-1.1.0.tar.gz'])}  {SDIST}\n"
        )
        assert not lifecycle.snapshot().releases[-1].draft

        pending_again(lifecycle, outcome.published[0].pull.number)
        lifecycle.forget_requests()
        again = reconcile_with_assets(lifecycle, DIST)
        assert again.tag == "v1.1.0"
        assert uploads(lifecycle) == [], "a re-run uploaded again"
        assert attached(lifecycle) == sorted(found.values(), key=lambda item: item.name)
        assert [r.tag for r in lifecycle.snapshot().releases].count("v1.1.0") == 1


def test_a_changed_file_is_refused_by_name_then_replaced_with_overwrite(tmp_path: Path) -> None:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as lifecycle:
        release_waiting(lifecycle)
        number = reconcile_with_assets(lifecycle, DIST).published[0].pull.number
        before = attached(lifecycle)
        build(lifecycle.checkout, {"dist/widget-1.1.0.tar.gz": b"rebuilt differently\n"})
        pending_again(lifecycle, number)
        lifecycle.forget_requests()
        with pytest.raises(AssetConflictError) as refused:
            reconcile_with_assets(lifecycle, DIST)
        message = refused.value.message
        assert f"{SDIST} (12 bytes attached, 20 bytes in dist/{SDIST})" in message
        assert "SHA256SUMS (" in message
        assert "release.overwrite: true" in message
        assert uploads(lifecycle) == [], "a refused run must not touch the assets"
        assert attached(lifecycle) == before

        lifecycle.forget_requests()
        reconcile_with_assets(lifecycle, AssetPolicy(("dist/*",), checksums=True, overwrite=True))
        after = {item.name: item for item in attached(lifecycle)}
        assert after[SDIST].data == b"rebuilt differently\n"
        assert after[WHEEL] == next(item for item in before if item.name == WHEEL)
        methods = sorted(entry.split()[0] for entry in uploads(lifecycle))
        assert methods == ["DELETE", "DELETE", "POST", "POST"]  # the sdist and SHA256SUMS


def test_a_pattern_matching_nothing_stops_the_run_before_the_tag(tmp_path: Path) -> None:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as lifecycle:
        release_waiting(lifecycle)
        with pytest.raises(AssetsMissingError, match=re.escape("'out/*.zip' matches no file")):
            reconcile_with_assets(lifecycle, DIST, patterns=("out/*.zip",))
        assert "v1.1.0" not in lifecycle.snapshot().tags
        outcome = reconcile_with_assets(lifecycle, DIST)
        assert outcome.tag == "v1.1.0"


def test_without_digests_an_asset_of_the_same_size_is_downloaded_and_compared(
    tmp_path: Path,
) -> None:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as lifecycle:
        release_waiting(lifecycle)
        asset_store(lifecycle.sim.state.repo(REPO.owner, REPO.name)).digests = False
        number = reconcile_with_assets(lifecycle, DIST).published[0].pull.number
        pending_again(lifecycle, number)
        lifecycle.forget_requests()
        reconcile_with_assets(lifecycle, DIST)
        assert uploads(lifecycle) == []
        downloads = [e for e in lifecycle.requests() if "/releases/assets/" in e["path"]]
        assert len(downloads) == 3  # each asset of the same size, once

        build(lifecycle.checkout, {"dist/widget-1.1.0.tar.gz": b"same size, other!\n"[:12]})
        pending_again(lifecycle, number)
        with pytest.raises(AssetConflictError, match="sha256 "):
            reconcile_with_assets(lifecycle, DIST)


def test_a_door_without_built_files_publishes_without_assets_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with running_lifecycle(tmp_path, source_repository(tmp_path / "source")) as lifecycle:
        release_waiting(lifecycle)
        with caplog.at_level(logging.WARNING, logger="regent"):
            outcome = reconcile_with_assets(lifecycle, DIST, built_files=False)
        assert outcome.tag == "v1.1.0"
        assert attached(lifecycle) == []
        assert "v1.1.0: release.assets are attached by the Action and regent run" in caplog.text


DRAFT_FIRST = AssetPolicy(("dist/*",), checksums=True, draft_until_assets=True)


def _state(lifecycle: Lifecycle) -> dict[str, object]:
    return {
        **lifecycle.snapshot().normal_form(),
        "assets": [(item.name, item.sha256) for item in attached(lifecycle)],
    }


def test_a_run_crashed_after_any_write_is_finished_by_the_next(tmp_path: Path) -> None:
    """draft_until_assets: tag, draft release, three uploads, publish, then the release PR's
    steps; a crash right after each (between the last upload and the publish included) leaves
    what the next run finishes, with one release and one asset of each name. Each run gets a
    fresh simulator, so release and asset ids (in the paths the faults match) repeat."""
    source = source_repository(tmp_path / "source")

    @contextmanager
    def prepared(work: Path) -> Iterator[Lifecycle]:
        with running_simulator(work) as sim:
            lifecycle = Lifecycle(sim, work, source)
            release_waiting(lifecycle)
            lifecycle.forget_requests()
            yield lifecycle

    with prepared(tmp_path / "clean") as clean:
        reconcile_with_assets(clean, DRAFT_FIRST)
        writes = writes_of(clean.requests())
        expected = _state(clean)
        assert not clean.snapshot().releases[-1].draft
    shown = [str(write) for write in writes]
    publish = next(i for i, w in enumerate(shown) if w.startswith("PATCH") and "releases" in w)
    assert [w.split()[0] for w in shown[publish - 3 : publish]] == ["POST"] * 3, shown
    assert "/api/uploads/" in shown[publish - 1]
    for k in range(1, len(writes) + 1):
        with prepared(tmp_path / f"crash-{k}") as lifecycle:
            with lifecycle.faults(crash_after(writes, k)), pytest.raises(RegentError):
                reconcile_with_assets(lifecycle, DRAFT_FIRST)
            assert writes_of(lifecycle.requests())[:k] == writes[:k]
            if k == publish:  # the crash came between the last upload and the publish
                assert lifecycle.snapshot().releases[-1].draft
            reconcile_with_assets(lifecycle, DRAFT_FIRST)
            assert _state(lifecycle) == expected, f"after a crash right after {shown[k - 1]}"
