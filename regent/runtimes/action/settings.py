"""What the runner hands the Action: its environment variables and the ``INPUT_*`` inputs.

Every value is checked up front, before anything is read or written: one ``UsageError`` names
every missing or malformed one and says what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from regent.adapters.github.endpoint import DEFAULT_API_URL
from regent.core.assets import pattern_problem
from regent.core.errors import UsageError
from regent.core.routing import CHANNEL, read_flag
from regent.core.text import shown
from regent.runtimes.action import checks as action_checks

COMMANDS = ("auto", "release-pr", "release", "plan")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ActionInputs:
    """The ``with:`` inputs of the step, checked."""

    token: str
    config_file: str | None
    """Relative to the workspace, and inside it."""
    command: str
    target_branch: str | None
    release_as: str | None
    prerelease: str | None
    dry_run: bool
    api_url: str
    assets: tuple[str, ...] = ()
    """Glob patterns added to ``release.assets`` (the ``assets`` input)."""
    fail_on_no_release: bool = False
    """Fail the job when a run meant to release published none (core/release_expected.py)."""


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


@dataclass
class _Problems:
    """Collects every check's complaint, so one message names them all."""

    found: list[str] = field(default_factory=list)

    def check(self, read: Callable[[], _T], fallback: _T) -> _T:
        """``read()``, or ``fallback`` with its complaint noted."""
        try:
            return read()
        except UsageError as error:
            self.found.append(error.message)
            return fallback

    def raise_any(self) -> None:
        if len(self.found) == 1:
            raise UsageError(self.found[0])
        if self.found:
            raise UsageError(f"{len(self.found)} problems: " + " | ".join(self.found))


def input_value(environ: Mapping[str, str], name: str) -> str:
    """Input ``name`` as the runner passes it (``INPUT_CONFIG-FILE``, or with ``_``), stripped."""
    upper = name.upper()
    value = environ.get(f"INPUT_{upper}") or environ.get(f"INPUT_{upper.replace('-', '_')}")
    return (value or "").strip()


def read_settings(environ: Mapping[str, str]) -> ActionSettings:
    """The settings in ``environ``; a ``UsageError`` naming every missing or malformed one."""
    problems = _Problems()
    given = environ.get("GITHUB_WORKSPACE", "").strip()
    workspace = problems.check(lambda: action_checks.workspace_folder(given), Path("."))

    def output(name: str) -> Path | None:
        value = environ.get(name, "").strip()
        return problems.check(lambda: action_checks.output_file(value, name=name), None)

    settings = ActionSettings(
        event_name=problems.check(lambda: _required(environ, "GITHUB_EVENT_NAME"), ""),
        event_path=_path(environ, "GITHUB_EVENT_PATH"),
        repository=problems.check(lambda: _required(environ, "GITHUB_REPOSITORY"), ""),
        workspace=workspace,
        ref_name=environ.get("GITHUB_REF_NAME") or None,
        output_path=output("GITHUB_OUTPUT"),
        summary_path=output("GITHUB_STEP_SUMMARY"),
        inputs=_inputs(environ, problems, workspace=workspace),
    )
    problems.raise_any()
    return settings


def read_inputs(environ: Mapping[str, str], *, workspace: Path = Path(".")) -> ActionInputs:
    """The step's inputs; a ``UsageError`` naming every malformed one."""
    problems = _Problems()
    inputs = _inputs(environ, problems, workspace=workspace)
    problems.raise_any()
    return inputs


def _inputs(environ: Mapping[str, str], problems: _Problems, *, workspace: Path) -> ActionInputs:
    def value(name: str) -> str:
        return input_value(environ, name)

    config, target = value("config-file"), value("target-branch")
    return ActionInputs(
        token=value("token"),
        config_file=problems.check(lambda: _config_file(workspace, config), None),
        command=problems.check(lambda: _command(value("command") or "auto"), "auto"),
        target_branch=problems.check(lambda: _target_branch(target), None),
        release_as=value("release-as") or None,
        prerelease=problems.check(lambda: prerelease_channel(value("prerelease")), None),
        dry_run=problems.check(lambda: flag("dry-run", value("dry-run")), True),
        api_url=problems.check(lambda: _api_url(environ), DEFAULT_API_URL),
        assets=problems.check(lambda: asset_patterns(value("assets")), ()),
        fail_on_no_release=problems.check(
            lambda: flag("fail-on-no-release", value("fail-on-no-release")), False
        ),
    )


def flag(name: str, value: str) -> bool:
    """A boolean input: true/false (yes/no, 1/0); empty is false."""
    read = read_flag(value)
    if read is None:
        raise UsageError(f"input {name} is {shown(value)}; write true or false")
    return read


def asset_patterns(value: str) -> tuple[str, ...]:
    """The ``assets`` input: glob patterns, one a line or separated by commas, each inside the
    checkout."""
    patterns = tuple(part.strip() for part in re.split(r"[\n,]", value) if part.strip())
    for pattern in patterns:
        problem = pattern_problem(pattern)
        if problem is not None:
            raise UsageError(f"input assets: {problem}")
    return patterns


def prerelease_channel(value: str) -> str | None:
    """A prerelease channel such as ``rc``, ``none`` for stable, or None (the configuration's)."""
    if not value:
        return None
    if not CHANNEL.fullmatch(value):
        raise UsageError(f"input prerelease is {shown(value)}; write a channel such as rc, or none")
    return value


def _config_file(workspace: Path, value: str) -> str | None:
    if not value:
        return None
    return action_checks.workspace_file(workspace, value, name="input config-file")


def _target_branch(value: str) -> str | None:
    return action_checks.branch_name(value, name="input target-branch") if value else None


def _api_url(environ: Mapping[str, str]) -> str:
    given = input_value(environ, "github-api-url")
    if given:
        return action_checks.api_url(given, name="input github-api-url")
    runner = environ.get("GITHUB_API_URL", "").strip()
    return action_checks.api_url(runner, name="GITHUB_API_URL") if runner else DEFAULT_API_URL


def _command(value: str) -> str:
    if value not in COMMANDS:
        raise UsageError(f"input command is {shown(value)}; write one of {', '.join(COMMANDS)}")
    return value


def _required(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "").strip()
    if not value:
        raise UsageError(f"{name} is not set; run Release Regent as a step of a GitHub workflow")
    return value


def _path(environ: Mapping[str, str], name: str) -> Path | None:
    value = environ.get(name, "").strip()
    return Path(value) if value else None
