"""The audit file: every record one whole JSON line, whatever appends at once."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from regent.adapters.audit_log import AuditLog
from regent.core.errors import UsageError

WRITER = """
import sys
from pathlib import Path
from regent.adapters.audit_log import AuditLog
log = AuditLog(Path(sys.argv[1]))
for index in range(300):
    log.write({"writer": sys.argv[2], "index": index, "pad": "x" * 900})
"""


def test_threads_and_processes_append_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"p{n}"]) for n in range(2)
    ]

    def write(name: str) -> None:
        for index in range(300):
            log.write({"writer": name, "index": index, "pad": "y" * 900})

    threads = [threading.Thread(target=write, args=(f"t{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [process.wait(timeout=120) for process in processes] == [0, 0]
    lines = path.read_text(encoding="ascii").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 6 * 300
    for writer in ("t0", "t1", "t2", "t3", "p0", "p1"):
        assert [r["index"] for r in records if r["writer"] == writer] == list(range(300))


def test_each_record_is_a_log_line_whose_message_is_the_record(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="regent.audit")
    AuditLog().write({"schema": 1, "action": "create"})
    (line,) = [r for r in caplog.records if r.name == "regent.audit"]
    assert json.loads(line.getMessage()) == {"action": "create", "schema": 1}


def test_the_file_setting_is_read_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "audit.jsonl"
    log = AuditLog.from_environ({"REGENT_AUDIT_FILE": str(path)})
    log.write({"a": 1})
    log.write({"a": 2})
    assert path.read_text(encoding="ascii") == '{"a":1}\n{"a":2}\n'
    assert AuditLog.from_environ({"REGENT_AUDIT_FILE": " "}).path is None


def test_an_unwritable_file_is_a_usage_error_naming_the_setting(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(UsageError, match=r"REGENT_AUDIT_FILE=.*cannot be opened"):
        AuditLog(blocker / "audit.jsonl")
