"""Hold a run at one GitHub operation while the test arranges what happens meanwhile.

Races are made deterministic this way: a run in its own thread is stopped at a chosen call
(typically its first write, once it has gathered and decided), other runs and merges happen,
then the run goes on with the decision it made earlier.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from regent.adapters.github.repository import GitHubAdapter
from tests.e2e.lifecycle_harness import Lifecycle

WAIT_S = 30.0
POLL_S = 0.01


class Gate:
    """One run waits here until the test opens it."""

    def __init__(self) -> None:
        self._arrived = threading.Event()
        self._open = threading.Event()

    def wait_for_arrival(self, run: Future[Any]) -> None:
        """Until the run is held here; fail if it ends (or errs) without getting here."""
        for _ in range(int(WAIT_S / POLL_S)):
            if self._arrived.wait(timeout=POLL_S):
                return
            if run.done():
                run.result()
                raise AssertionError("the run finished without reaching the gate")
        raise AssertionError("the run never reached the gate")

    def open(self) -> None:
        self._open.set()

    def pass_through(self) -> None:
        self._arrived.set()
        assert self._open.wait(timeout=WAIT_S), "the gate was never opened"


class GatedGitHub:
    """``adapter`` with its first call to ``operation`` held at ``gate``."""

    def __init__(self, adapter: GitHubAdapter, *, operation: str, gate: Gate) -> None:
        self._adapter = adapter
        self._operation = operation
        self._gate: Gate | None = gate

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._adapter, name)
        if name != self._operation or self._gate is None:
            return found
        return self._held(found)

    def _held(self, call: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any, **kwargs: Any) -> Any:
            gate, self._gate = self._gate, None
            assert gate is not None
            gate.pass_through()
            return call(*args, **kwargs)

        return held


@contextmanager
def held_run(lifecycle: Lifecycle, checkout: Path, *, at: str) -> Iterator[None]:
    """A reconcile from ``checkout`` in a thread, held at its first ``at`` call for the block.

    On leaving the block the run goes on, and must finish without error.
    """
    gate = Gate()
    github = GatedGitHub(lifecycle.connect(), operation=at, gate=gate)
    with ThreadPoolExecutor(1) as pool:
        run = pool.submit(lifecycle.reconcile, checkout=checkout, github=github)
        try:
            gate.wait_for_arrival(run)
            yield
        finally:
            gate.open()
        run.result()
