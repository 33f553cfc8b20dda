"""A notifier appending each failure or recovery as one JSON line to a file.

Configured as ``notifications: {plugins: [{name: jsonl, path_env: RELEASE_EVENTS_FILE}]}``:
the file's path comes from the environment variable the option names.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path

from regent.core.notifications import NotificationEvent, NotifierPlugin, ReleaseFailure


class JsonLinesNotifier:
    """Built by Release Regent with the plugin's entry and the run's environment."""

    name = "jsonl"

    def __init__(self, plugin: NotifierPlugin, environ: Mapping[str, str]) -> None:
        variable = str(plugin.options.get("path_env", "RELEASE_EVENTS_FILE"))
        if not environ.get(variable):
            raise ValueError(f"set {variable} to the file the events are appended to")
        self.path = Path(environ[variable])

    def notify(self, event: NotificationEvent) -> None:
        kind = "failure" if isinstance(event, ReleaseFailure) else "recovery"
        record = {"kind": kind, **dataclasses.asdict(event)}
        with self.path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(record, sort_keys=True) + "\n")
