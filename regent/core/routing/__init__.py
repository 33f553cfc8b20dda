"""What an event asks for: the one router every door uses (see docs/routing.md).

An event only names a repository and base branch to reconcile, a pull request comment's
commands (read here by ``regent.core.commands``), or nothing to do and why; the release logic
then reads the current state itself.
``route(event_name, payload)`` (router.py) gives one of the five ``Route`` values (routes.py),
reading the payload through ``PayloadFields`` (fields.py); the Action applies its step's inputs
with ``with_action_inputs`` (inputs.py). Whether a pushed or merged-into branch is a base
branch is the configuration's call, made by the release service (``Reconcile.default_branch``
says the check applies).
"""

from regent.core.routing.inputs import CHANNEL, read_flag, with_action_inputs
from regent.core.routing.router import ROUTED_EVENTS, route
from regent.core.routing.routes import (
    DISPATCH_SOURCE,
    INPUT_SOURCE,
    Command,
    Ignored,
    Installation,
    PayloadError,
    Ping,
    Reconcile,
    Route,
    explain,
)

__all__ = [
    "CHANNEL",
    "DISPATCH_SOURCE",
    "INPUT_SOURCE",
    "ROUTED_EVENTS",
    "Command",
    "Ignored",
    "Installation",
    "PayloadError",
    "Ping",
    "Reconcile",
    "Route",
    "explain",
    "read_flag",
    "route",
    "with_action_inputs",
]
