"""Accepted, unfinished deliveries on disk, the folder synced once per batch (group commit).

One JSON file per delivery id, readable by the service's user only (payloads name private
repositories and people). ``add`` returns only once its delivery's file and the folder entry
naming it are on disk (``fsync`` of both), so nothing is acknowledged before it is durable.
Each thread writes and syncs its own file (concurrent syncs share the file system's journal
commits), renames it into place, then joins a batch: the first thread to find no folder sync
running syncs the folder for every rename made so far and wakes the others (leader and
followers), so N deliveries arriving together cost N file syncs and one folder sync, not 2N.
Syncing every file from one thread instead was measured slower on ext4: each sync is then its
own journal commit, one after another.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Protocol

from regent.core.routing import PayloadError
from regent.core.text import shown
from regent.runtimes.webhook.delivery import Delivery
from regent.webhook import WebhookError
from regent.webhook.event import DELIVERY_ID_SHAPE

log = logging.getLogger(__name__)


class Entry(Protocol):
    """What the journal keeps of a delivery: enough to hand it back after a restart."""

    @property
    def delivery(self) -> Delivery: ...

    @property
    def body(self) -> bytes: ...


class Journal:
    """The journal folder: ``add`` (durable, folder synced in batches), ``remove``, ``replay``."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._lock = threading.Condition()
        self._renamed = 0  # renames made so far, each numbered
        self._synced = 0  # renames the last folder sync covered
        self._syncing = False
        self._failed: list[tuple[int, int, OSError]] = []
        """Failed folder syncs: the first and last renames each covered, and why."""
        self.batches = 0
        """Folder syncs so far (each covering one batch of renames)."""

    def add(self, entry: Entry) -> None:
        """Write the entry durably, on disk and not only in the page cache, before returning
        (an ``OSError`` when it cannot be: then nothing of it is left)."""
        path = self._path(entry.delivery.id)
        partial = path.with_suffix(".partial")
        try:
            _write_synced(partial, entry)
            partial.replace(path)
            self._sync_batch()
        except OSError:
            partial.unlink(missing_ok=True)
            path.unlink(missing_ok=True)
            raise

    def _sync_batch(self) -> None:
        """Return once a folder sync begun after this thread's rename has ended; raise its
        error if it failed."""
        with self._lock:
            self._renamed += 1
            ticket = self._renamed
            while self._synced < ticket:
                if self._syncing:
                    self._lock.wait()
                    continue
                first, covered = self._synced + 1, self._renamed
                self._syncing = True
                self._lock.release()
                failure: OSError | None = None
                try:
                    _sync_folder(self._folder)
                except OSError as error:
                    failure = error
                finally:
                    self._lock.acquire()
                    self._syncing = False
                if failure is not None:
                    self._failed.append((first, covered, failure))
                self._synced, self.batches = covered, self.batches + 1
                self._lock.notify_all()
            for first, covered, failed in self._failed:
                if first <= ticket <= covered:
                    raise failed

    def remove(self, delivery_id: str) -> None:
        self._path(delivery_id).unlink(missing_ok=True)

    def replay(self) -> list[tuple[Delivery, bytes]]:
        """What an earlier process accepted and did not finish, oldest first."""
        found: list[tuple[Delivery, bytes]] = []
        for path in sorted(self._folder.glob("*.json"), key=lambda p: p.stat().st_mtime):
            try:
                kept = json.loads(path.read_text(encoding="utf-8"))
                body = str(kept["body"]).encode("utf-8")
                delivery = Delivery.restored(event=kept["event"], delivery_id=kept["id"], body=body)
            except (OSError, ValueError, KeyError, TypeError, WebhookError, PayloadError) as error:
                log.error("journal entry %s cannot be replayed (%s); removed", path.name, error)
                path.unlink(missing_ok=True)
                continue
            found.append((delivery, body))
        return found

    def _path(self, delivery_id: str) -> Path:
        """The entry's file: named by the whole id, which ``regent.webhook`` made a lower-case
        UUID, so two ids never share a file."""
        if not DELIVERY_ID_SHAPE.fullmatch(delivery_id):
            raise ValueError(f"{shown(delivery_id)} is not a delivery id")
        return self._folder / f"{delivery_id}.json"


def _write_synced(path: Path, entry: Entry) -> None:
    kept = {"event": entry.delivery.event, "id": entry.delivery.id}
    text = json.dumps(kept | {"body": entry.body.decode("utf-8")})
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
    with os.fdopen(os.open(path, flags, 0o600), "w") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def _sync_folder(folder: Path) -> None:
    """Flush ``folder``'s entries (names, renames) to disk; Windows has no such call."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
