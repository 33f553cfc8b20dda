"""The Action on ``issue_comment``: a comment's commands, run by the command service; outputs
and a job summary saying what each command did (and the release PR a set-version updated).

Imported only for a comment holding commands: it pulls in PyGithub and GitPython.
"""

from __future__ import annotations

import json
import os

from regent.core.model import RepoRef
from regent.core.policy import ReleasePolicy
from regent.core.routing import Command
from regent.runtimes.action.commands import Runner, append_summary, write_outputs
from regent.runtimes.action.report import action_outputs, command_summary, job_summary
from regent.runtimes.action.run import log_to_step
from regent.runtimes.action.settings import ActionSettings
from regent.runtimes.wiring import action_command_service
from regent.services.commands import CommandOutcome


def run_commands(
    settings: ActionSettings, command: Command, runner: Runner, *, policy: ReleasePolicy
) -> int:
    """Handle the comment's commands, then write the outputs and the job summary."""
    log_to_step()
    repo = RepoRef.parse(settings.repository)
    service = action_command_service(
        settings.workspace,
        repo=repo,
        token=settings.inputs.token,
        api_url=settings.inputs.api_url,
        policy=policy,
        environ=os.environ,
    )
    with runner.group(f"Commands on {repo.full_name}#{command.number} by {command.author}"):
        outcome = service.handle(command)
    for line in outcome.lines():
        runner.notice(line)
    with runner.group("Outputs"):
        write_outputs(settings.output_path, _outputs(outcome, policy=policy))
        summary = command_summary(outcome)
        if outcome.release is not None:
            summary += "\n" + job_summary(
                outcome.release, repository=repo.full_name, changelog=policy.changelog
            )
        append_summary(settings.summary_path, summary)
    return 0


def _outputs(outcome: CommandOutcome, *, policy: ReleasePolicy) -> dict[str, str]:
    """``commands`` (each command, its result and reply), and the reconcile's outputs when a
    command made one."""
    release = outcome.release
    made = (
        action_outputs(release, scheme=policy.version_scheme, monorepo=policy.monorepo)
        if release is not None
        else {"release_created": "false", "prs_created": "false", "releases_created": "false"}
    )
    commands = [
        {"command": done.line, "result": done.result.value, "reply": done.reply_url or ""}
        for done in outcome.commands
    ]
    return made | {"commands": json.dumps(commands)}
