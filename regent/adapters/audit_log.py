"""Where audit records go: a line on the ``regent.audit`` logger each, and, when
``REGENT_AUDIT_FILE`` names one, a JSON Lines file they are appended to.

The file is opened in append mode and each record written with one ``write`` of one whole
line, so several threads or processes appending to the same file never interleave their lines
(the operating system appends each write at the end); nothing is buffered in the process.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from regent.core.errors import UsageError

AUDIT_FILE_SETTING = "REGENT_AUDIT_FILE"
log = logging.getLogger("regent.audit")
_problems = logging.getLogger(__name__)


class AuditLog:
    """Writes each audit record to the ``regent.audit`` logger and to the file, if any."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._fd: int | None = None
        if path is not None:
            self._fd = _open(path)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> AuditLog:
        """The log ``REGENT_AUDIT_FILE`` asks for (no file when unset or empty)."""
        named = environ.get(AUDIT_FILE_SETTING, "").strip()
        return cls(Path(named) if named else None)

    def write(self, record: Mapping[str, Any]) -> None:
        """One record: a log line whose message is the record as JSON, and a line of the file."""
        line = json.dumps(record, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
        log.info("%s", line, extra={"audit": dict(record)})
        if self._fd is None:
            return
        data = (line + "\n").encode("ascii")
        try:
            with self._lock:
                os.write(self._fd, data)
        except OSError as error:
            _problems.error("could not append an audit record to %s: %s", self.path, error)

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


def _open(path: Path) -> int:
    """The file opened to append, created if missing; a UsageError saying what to fix."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o640)
    except OSError as error:
        raise UsageError(
            f"{AUDIT_FILE_SETTING}={path} cannot be opened to append audit records "
            f"({error.strerror}); name a writable file, or unset it to log them only"
        ) from None
