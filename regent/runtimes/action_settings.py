"""What the runner hands the Action: its environment variables and the ``INPUT_*`` inputs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from regent.core.errors import UsageError
from regent.core.github_api import api_url

COMMANDS = ("auto", "release-pr", "release", "plan")
_CHANNEL = re.compile(r"[0-9A-Za-z-]+")
_TRUE = ("true", "yes", "1")
_FALSE = ("false", "no", "0", "")


@dataclass(frozen=True, slots=True)
class ActionInputs:
    """The ``with:`` inputs of the step, checked."""

    token: str
    config_file: str | None
    command: str
    target_branch: str | None
    release_as: str | None
    prerelease: str | None
    dry_run: bool
    api_url: str


@dataclass(frozen=True, slots=True)
class ActionSettings:
    """The runner's environment as the door needs it."""

    event_name: str
    event_path: Path | None
    repository: str
    workspace: Path
    ref_name: str | None
    output_path: Path | None
    summary_path: Path | None
    inputs: ActionInputs


def input_value(environ: Mapping[str, str], name: str) -> str:
    """Input ``name`` as the runner passes it (``INPUT_CONFIG-FILE``, or with ``_``), stripped."""
    upper = name.upper()
    value = environ.get(f"INPUT_{upper}") or environ.get(f"INPUT_{upper.replace('-', '_')}")
    return (value or "").strip()


def read_settings(environ: Mapping[str, str]) -> ActionSettings:
    """The settings in ``environ``; a ``UsageError`` naming the first thing wrong."""
    return ActionSettings(
        event_name=_required(environ, "GITHUB_EVENT_NAME"),
        event_path=_path(environ, "GITHUB_EVENT_PATH"),
        repository=_required(environ, "GITHUB_REPOSITORY"),
        workspace=Path(environ.get("GITHUB_WORKSPACE") or "."),
        ref_name=environ.get("GITHUB_REF_NAME") or None,
        output_path=_path(environ, "GITHUB_OUTPUT"),
        summary_path=_path(environ, "GITHUB_STEP_SUMMARY"),
        inputs=read_inputs(environ),
    )


def read_inputs(environ: Mapping[str, str]) -> ActionInputs:
    """The step's inputs, each checked."""
    return ActionInputs(
        token=input_value(environ, "token"),
        config_file=input_value(environ, "config-file") or None,
        command=_command(input_value(environ, "command") or "auto"),
        target_branch=input_value(environ, "target-branch") or None,
        release_as=input_value(environ, "release-as") or None,
        prerelease=prerelease_channel(input_value(environ, "prerelease")),
        dry_run=flag("dry-run", input_value(environ, "dry-run")),
        api_url=api_url(input_value(environ, "github-api-url") or environ.get("GITHUB_API_URL")),
    )


def flag(name: str, value: str) -> bool:
    """A boolean input: true/false (yes/no, 1/0); empty is false."""
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise UsageError(f"input {name} is {value!r}; write true or false")


def prerelease_channel(value: str) -> str | None:
    """A prerelease channel such as ``rc``, ``none`` for stable, or None (the configuration's)."""
    if not value:
        return None
    if not _CHANNEL.fullmatch(value):
        raise UsageError(f"input prerelease is {value!r}; write a channel such as rc, or none")
    return value


def _command(value: str) -> str:
    if value not in COMMANDS:
        raise UsageError(f"input command is {value!r}; write one of {', '.join(COMMANDS)}")
    return value


def _required(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "").strip()
    if not value:
        raise UsageError(f"{name} is not set; run Release Regent as a step of a GitHub workflow")
    return value


def _path(environ: Mapping[str, str], name: str) -> Path | None:
    value = environ.get(name, "").strip()
    return Path(value) if value else None
