"""Per-repository queues: one run at a time per repository, parallel across, nothing lost."""

from __future__ import annotations

import errno
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from regent.core.errors import GitHubUnavailableError
from regent.core.release_pr.title import ReleasePrError
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.queue import ATTEMPTS, Journal, Queued, RepoQueues
from tests.delivery_ids import delivery_id, name_of

WAIT_S = 10.0


def push(repo: str, name: str, *, branch: str = "main") -> Queued:
    """A push delivery; ``name`` stands for its delivery id."""
    payload = {
        "ref": f"refs/heads/{branch}",
        "after": "a" * 40,
        "repository": {
            "full_name": repo,
            "default_branch": branch,
            "clone_url": f"https://github.com/{repo}.git",
        },
        "installation": {"id": 9},
    }
    body = json.dumps(payload).encode()
    return Queued(Delivery.restored(event="push", delivery_id=delivery_id(name), body=body), body)


class Recorder:
    """A handler that records deliveries; ``gates`` hold a delivery until released."""

    def __init__(self) -> None:
        self.handled: list[str] = []
        self.running: set[str] = set()
        self.overlap: list[tuple[str, ...]] = []
        self.gates: dict[str, threading.Event] = {}
        self.started: dict[str, threading.Event] = {}
        self.failures: dict[str, list[Exception]] = {}
        self.lock = threading.Lock()
        self.done = threading.Condition(self.lock)

    def gate(self, delivery_id: str) -> threading.Event:
        self.started[delivery_id] = threading.Event()
        self.gates[delivery_id] = threading.Event()
        return self.gates[delivery_id]

    def __call__(self, delivery: Delivery) -> None:
        name = name_of(delivery.id)
        with self.lock:
            self.running.add(name)
            self.overlap.append(tuple(sorted(self.running)))
        if name in self.gates:
            self.started[name].set()
            assert self.gates[name].wait(WAIT_S)
        with self.done:
            self.running.discard(name)
            self.handled.append(name)
            self.done.notify_all()
        failures = self.failures.get(name)
        if failures:
            raise failures.pop(0)

    def wait_for(self, count: int) -> None:
        with self.done:
            assert self.done.wait_for(lambda: len(self.handled) >= count, WAIT_S), self.handled


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def queues(recorder: Recorder, tmp_path: Path) -> Iterator[RepoQueues]:
    started = RepoQueues(recorder, workers=3, journal=Journal(tmp_path / "journal"))
    started.start()
    yield started
    started.shutdown(timeout=WAIT_S)


def test_one_repository_is_handled_in_order_one_at_a_time(
    queues: RepoQueues, recorder: Recorder
) -> None:
    first = recorder.gate("d1")
    assert queues.submit(push("acme/widget", "d1"))
    assert recorder.started["d1"].wait(WAIT_S)
    assert queues.submit(push("acme/widget", "d2"))
    assert queues.depth() == 1
    first.set()
    recorder.wait_for(2)
    assert recorder.handled == ["d1", "d2"]
    assert all(len(running) == 1 for running in recorder.overlap)


def test_other_repositories_run_in_parallel(queues: RepoQueues, recorder: Recorder) -> None:
    held = recorder.gate("widget")
    queues.submit(push("acme/widget", "widget"))
    assert recorder.started["widget"].wait(WAIT_S)
    queues.submit(push("acme/gadget", "gadget"))
    recorder.wait_for(1)
    assert recorder.handled == ["gadget"]
    held.set()
    recorder.wait_for(2)
    assert ("gadget", "widget") in recorder.overlap


def test_a_delivery_equal_to_a_waiting_one_is_folded_in(
    queues: RepoQueues, recorder: Recorder
) -> None:
    held = recorder.gate("d1")
    queues.submit(push("acme/widget", "d1"))
    assert recorder.started["d1"].wait(WAIT_S)
    assert queues.submit(push("acme/widget", "d2"))
    assert not queues.submit(push("acme/widget", "d3"))
    assert queues.submit(push("acme/widget", "d4", branch="develop"))
    held.set()
    recorder.wait_for(3)
    assert recorder.handled == ["d1", "d2", "d4"]


def dispatch(repo: str, name: str, *, release_as: str) -> Queued:
    """A workflow_dispatch delivery on main asking for version ``release_as``."""
    payload = {
        "ref": "refs/heads/main",
        "inputs": {"release-as": release_as},
        "repository": {"full_name": repo, "default_branch": "main"},
    }
    body = json.dumps(payload).encode()
    event = "workflow_dispatch"
    return Queued(Delivery.restored(event=event, delivery_id=delivery_id(name), body=body), body)


def test_a_requested_run_is_never_folded_into_a_waiting_one(
    queues: RepoQueues, recorder: Recorder
) -> None:
    held = recorder.gate("d1")
    queues.submit(push("acme/widget", "d1"))
    assert recorder.started["d1"].wait(WAIT_S)
    assert queues.submit(push("acme/widget", "d2"))
    assert queues.submit(dispatch("acme/widget", "d3", release_as="2.0.0"))
    assert queues.submit(dispatch("acme/widget", "d4", release_as="3.0.0"))
    held.set()
    recorder.wait_for(4)
    assert recorder.handled == ["d1", "d2", "d3", "d4"]


def test_a_retryable_failure_is_tried_again_and_a_lasting_one_is_not(
    queues: RepoQueues, recorder: Recorder
) -> None:
    recorder.failures["flaky"] = [GitHubUnavailableError("GitHub answered 502")]
    recorder.failures["broken"] = [ReleasePrError("release PR #3 has no version")]
    recorder.failures["down"] = [GitHubUnavailableError("down")] * ATTEMPTS
    for name in ("flaky", "broken", "down"):
        queues.submit(push(f"acme/{name}", name))
    recorder.wait_for(2 + 1 + ATTEMPTS)
    assert sorted(recorder.handled) == sorted(["flaky"] * 2 + ["broken"] + ["down"] * ATTEMPTS)


def test_what_is_not_handled_at_shutdown_is_replayed_by_the_next_start(
    recorder: Recorder, tmp_path: Path
) -> None:
    journal = Journal(tmp_path / "journal")
    first = RepoQueues(recorder, workers=1, journal=journal)
    held = recorder.gate("d1")
    first.start()
    first.submit(push("acme/widget", "d1"))
    assert recorder.started["d1"].wait(WAIT_S)
    first.submit(push("acme/gadget", "d2"))
    assert first.shutdown(timeout=0.05) == [delivery_id("d2")]
    with pytest.raises(RuntimeError, match="shutting down"):
        first.submit(push("acme/other", "d3"))
    held.set()
    # the worker finishes d1 (and removes its entry) before the next start reads the journal
    assert first.shutdown(timeout=WAIT_S) == [delivery_id("d2")]
    assert recorder.handled == ["d1"]
    replayed = Recorder()
    second = RepoQueues(replayed, workers=1, journal=Journal(tmp_path / "journal"))
    second.start()
    replayed.wait_for(1)
    second.shutdown(timeout=WAIT_S)
    assert replayed.handled == ["d2"]
    assert list((tmp_path / "journal").glob("*.json")) == []


def test_an_unreadable_journal_entry_is_dropped_with_an_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    (folder / "junk.json").write_text("{not json", encoding="utf-8")
    assert Journal(folder).replay() == []
    assert "junk.json cannot be replayed" in caplog.text
    assert not (folder / "junk.json").exists()


def test_journal_entries_are_private_to_the_service(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    journal.add(push("acme/widget", "d-private"))
    (entry,) = (tmp_path / "journal").glob("*.json")
    assert entry.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "journal").stat().st_mode & 0o777 == 0o700


def test_journal_files_are_named_by_the_whole_delivery_id(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    for name in ("one", "two"):
        journal.add(push("acme/widget", name))
    names = sorted(path.name for path in (tmp_path / "journal").iterdir())
    assert names == sorted(f"{delivery_id(name)}.json" for name in ("one", "two"))


def synced_paths(monkeypatch: pytest.MonkeyPatch, *, fail: bool = False) -> list[str]:
    """What ``os.fsync`` is called on from now on (the file or folder each descriptor names);
    with ``fail``, every call fails as on a full or failing disk."""
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        if fail:
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    return synced


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names descriptors through /proc")
def test_an_entry_is_on_disk_before_the_delivery_is_acknowledged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry is flushed to disk under a temporary name, then renamed into place and the
    folder flushed, so an acknowledged delivery survives a host crash whole or not at all."""
    synced = synced_paths(monkeypatch)
    folder = tmp_path / "journal"
    Journal(folder).add(push("acme/widget", "d-durable"))
    entry = folder / f"{delivery_id('d-durable')}.json"
    assert synced == [str(entry.with_suffix(".partial")), str(folder)]
    assert [path.name for path in folder.iterdir()] == [entry.name]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names descriptors through /proc")
def test_an_entry_that_cannot_be_flushed_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failing disk: the write fails (the door answers 503 and forgets the id) and leaves no
    entry for a later start to replay."""
    synced_paths(monkeypatch, fail=True)
    folder = tmp_path / "journal"
    with pytest.raises(OSError, match="Input/output error"):
        Journal(folder).add(push("acme/widget", "d-failing"))
    assert list(folder.iterdir()) == []
