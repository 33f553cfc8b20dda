"""Event files no JSON reader takes whole: nested 100,000 deep, or a 5000-digit number.

Through ``regent run --event-file`` (and a headers file beside it) and through the Action's
``GITHUB_EVENT_PATH``: a usage error on one line (exit 2), never ``unexpected error``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import Lifecycle, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Runner
from tests.gitrepo import run_regent

pytestmark = pytest.mark.e2e

DEPTH = 100_000
PAYLOADS = {
    "nested-arrays": (
        '{"ref": "refs/heads/main", "x": ' + "[" * DEPTH + "]" * DEPTH + "}",
        "nests arrays and objects too deeply",
    ),
    "nested-objects": ('{"a": ' * DEPTH + "1" + "}" * DEPTH, "nests arrays and objects too deeply"),
    "5000-digit-number": ('{"ref": "refs/heads/main", "x": ' + "7" * 5000 + "}", "digits"),
}


def _assert_usage_error(code: int, line: str, *, expected: str) -> None:
    assert code == 2, line
    assert "unexpected error" not in line
    assert "event file" in line
    assert expected in line
    assert len(line) < 400


@pytest.mark.parametrize("case", list(PAYLOADS))
def test_regent_run_refuses_an_event_file_no_reader_takes(tmp_path: Path, case: str) -> None:
    text, expected = PAYLOADS[case]
    event = tmp_path / "event.json"
    event.write_text(text, encoding="utf-8")
    result = run_regent("run", "--event", "push", "--event-file", str(event), cwd=tmp_path)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    _assert_usage_error(result.returncode, lines[0], expected=expected)


@pytest.mark.parametrize("case", list(PAYLOADS))
def test_regent_run_refuses_a_headers_file_no_reader_takes(tmp_path: Path, case: str) -> None:
    text, expected = PAYLOADS[case]
    event = tmp_path / "event.json"
    event.write_text('{"zen": "hi"}', encoding="utf-8")
    (tmp_path / "event.headers.json").write_text(text, encoding="utf-8")
    result = run_regent("run", "--event-file", str(event), cwd=tmp_path)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    _assert_usage_error(result.returncode, lines[0], expected=expected)


@pytest.fixture
def lifecycle(tmp_path: Path) -> Iterator[Lifecycle]:
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        yield life


@pytest.mark.parametrize("case", list(PAYLOADS))
def test_the_action_refuses_an_event_file_no_reader_takes(
    lifecycle: Lifecycle, tmp_path: Path, case: str
) -> None:
    text, expected = PAYLOADS[case]
    run = Runner(lifecycle, tmp_path / "runs").run("push", text)
    assert run.last_line.startswith("::error::"), run.stdout + run.stderr
    _assert_usage_error(run.code, run.last_line, expected=expected)
    assert lifecycle.snapshot().release_pulls == ()
