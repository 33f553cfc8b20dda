"""The journal's group commit: deliveries added together share one folder sync, none returns
before a sync covering its own entry has ended, a failed sync fails its whole batch, and a
process killed mid-batch loses no delivery whose ``add`` had returned."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from regent.runtimes.webhook.journal import Journal
from tests.delivery_ids import delivery_id
from tests.unit.test_webhook_queue import push

ROOT = Path(__file__).resolve().parents[2]


def add_together(journal: Journal, names: list[str]) -> dict[str, BaseException | None]:
    """Add one push per name, each from its own thread started at once; how each ended."""
    ended: dict[str, BaseException | None] = {}
    gate = threading.Barrier(len(names))

    def add(name: str) -> None:
        gate.wait()
        try:
            journal.add(push(f"acme/{name}", name))
            ended[name] = None
        except OSError as error:
            ended[name] = error

    threads = [threading.Thread(target=add, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return ended


def slow_folder_syncs(
    monkeypatch: pytest.MonkeyPatch, folder: Path, *, fail: bool = False
) -> list[set[str]]:
    """Folder syncs from now on take 50 ms (so that adds gather behind one); each records the
    entries named in the folder when it began. With ``fail``, each fails."""
    syncs: list[set[str]] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        if os.path.samefile(f"/proc/self/fd/{descriptor}", folder):
            syncs.append({name for name in os.listdir(folder) if name.endswith(".json")})
            time.sleep(0.05)
            if fail:
                raise OSError(errno.EIO, "Input/output error")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    return syncs


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names descriptors through /proc")
def test_deliveries_added_together_share_folder_syncs_and_each_waits_for_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "journal"
    journal = Journal(folder)
    syncs = slow_folder_syncs(monkeypatch, folder)
    names = [f"d-batch-{n}" for n in range(16)]
    returned_after: dict[str, int] = {}
    real_add = journal.add

    def add(entry: object) -> None:
        real_add(entry)  # type: ignore[arg-type]
        returned_after[entry.delivery.id] = len(syncs)  # type: ignore[attr-defined]

    monkeypatch.setattr(journal, "add", add)
    ended = add_together(journal, names)
    assert ended == dict.fromkeys(names)
    assert 1 <= journal.batches == len(syncs) < len(names)  # shared, not one per delivery
    for name in names:
        entry = f"{delivery_id(name)}.json"
        # a sync that began with the entry already named had ended before its add returned
        assert any(entry in named for named in syncs[: returned_after[delivery_id(name)]])
    assert sorted(delivery.id for delivery, _ in journal.replay()) == sorted(
        delivery_id(name) for name in names
    )


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names descriptors through /proc")
def test_a_failed_folder_sync_fails_every_delivery_it_covered_and_keeps_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "journal"
    journal = Journal(folder)
    slow_folder_syncs(monkeypatch, folder, fail=True)
    names = [f"d-lost-{n}" for n in range(8)]
    ended = add_together(journal, names)
    assert all(isinstance(error, OSError) for error in ended.values()), ended
    assert list(folder.iterdir()) == []


CRASHING = """
import sys, threading
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from regent.runtimes.webhook.journal import Journal
from tests.unit.test_webhook_queue import push
journal = Journal(Path(sys.argv[1]))
lock = threading.Lock()
def add(worker):
    for n in range(100000):
        queued = push(f"acme/r{worker}-{n}", f"d-crash-{worker}-{n}")
        journal.add(queued)
        with lock:
            print(queued.delivery.id, flush=True)  # acknowledged
for worker in range(8):
    threading.Thread(target=add, args=(worker,)).start()
"""


def test_a_process_killed_mid_batch_loses_no_acknowledged_delivery(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    process = subprocess.Popen(
        [sys.executable, "-c", CRASHING, str(folder), str(ROOT)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    acknowledged = [process.stdout.readline().strip() for _ in range(200)]
    process.send_signal(signal.SIGKILL)  # while eight adds are in flight
    acknowledged += process.stdout.read().split()
    process.wait(timeout=30)
    kept = {delivery.id for delivery, _ in Journal(folder).replay()}
    assert len(acknowledged) >= 200
    assert set(acknowledged) <= kept
