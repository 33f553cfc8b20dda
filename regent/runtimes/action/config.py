"""The repository's configuration as the Action reads it: the ``config-file`` input, else looked
up in the checkout. No PyGithub or GitPython: a push the configuration does not release from is
turned away before they are imported (pydantic only when there is a file)."""

from __future__ import annotations

from regent.core.errors import UsageError
from regent.core.policy import ReleasePolicy
from regent.runtimes.action.settings import ActionSettings
from regent.runtimes.wiring import checkout_policy


def action_policy(settings: ActionSettings) -> ReleasePolicy:
    """The policy of the checkout in ``settings.workspace``."""
    named = settings.inputs.config_file
    if named is not None and not (settings.workspace / named).is_file():
        raise UsageError(f"input config-file is {named!r}, which the checkout does not have")
    return checkout_policy(settings.workspace, named)
