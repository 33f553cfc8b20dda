"""The repository's configuration as the Action reads it: the ``config-file`` input, else looked
up in the checkout. No PyGithub or GitPython: a push the configuration does not release from is
turned away before they are imported (pydantic only when there is a file)."""

from __future__ import annotations

from regent.config import find_config, load_config
from regent.core.errors import UsageError
from regent.core.policy import ReleasePolicy
from regent.runtimes.action_settings import ActionSettings


def action_policy(settings: ActionSettings) -> ReleasePolicy:
    """The policy of the checkout in ``settings.workspace``."""
    named = settings.inputs.config_file
    if named is None:
        found = find_config(settings.workspace)
        return load_config(found, shown_as=found.name if found else None)
    path = settings.workspace / named
    if not path.is_file():
        raise UsageError(f"input config-file is {named!r}, which the checkout does not have")
    return load_config(path, shown_as=named)
