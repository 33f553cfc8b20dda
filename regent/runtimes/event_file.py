"""An event's JSON payload read from a file: the runner's ``GITHUB_EVENT_PATH``, or the file
``regent run --event-file`` replays. Standard library only: an ignored event must finish
without importing PyGithub or GitPython."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from regent.core.errors import UsageError


def load_payload(path: Path | None) -> Mapping[str, Any]:
    """The JSON object in the event file, or a ``UsageError`` saying what is wrong with it."""
    if path is None:
        raise UsageError("GITHUB_EVENT_PATH is not set; run Release Regent as a workflow step")
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"cannot read the event file {path}: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"the event file {path} is not JSON: {error}") from None
    except RecursionError:
        raise UsageError(
            f"the event file {path} nests arrays and objects too deeply to read; GitHub's "
            "events nest a few levels: give the file the event came in"
        ) from None
    except ValueError as error:  # a number over Python's 4300-digit limit
        raise UsageError(
            f"the event file {path} holds a number too long to read "
            f"({str(error).split(';')[0]}); give the file the event came in"
        ) from None
    if not isinstance(payload, dict):
        raise UsageError(f"the event file {path} does not hold a JSON object")
    return payload
