"""The composition root: the one package that builds adapters and the services over them.

Three shapes, one per kind of door:

- a checkout (the Action, ``regent run``): the runner's clone and the workflow token;
- a cached clone per delivery (the webhook worker): the GitHub App and a blobless clone of each
  repository a delivery names;
- planning only (``regent plan``): the checkout and the templates, no GitHub unless given a
  token (then the merged pull requests and the release PR's pin are read, nothing written).

One module per shape (checkout.py, webhook.py, planning.py); the doors import them from here,
call these functions and never build an adapter or a service themselves. Importing this package
costs no third-party import: GitPython and Jinja load with the first service built,
PyGithub only with the shapes that talk to GitHub (so ``regent plan`` never loads it), pydantic
only when a configuration file is read.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from regent.runtimes.wiring.checkout import (
        Today,
        action_command_service,
        action_release_service,
        base_branch_renderer,
        checkout_policy,
        checkout_release_service,
        today,
    )
    from regent.runtimes.wiring.planning import PlanGitHub, Planning, checkout_planning
    from regent.runtimes.wiring.webhook import WebhookWorker, delivery_worker, webhook_worker

_HOMES = {
    "checkout": (
        "Today",
        "action_command_service",
        "action_release_service",
        "base_branch_renderer",
        "checkout_policy",
        "checkout_release_service",
        "today",
    ),
    "planning": ("PlanGitHub", "Planning", "checkout_planning"),
    "webhook": ("WebhookWorker", "delivery_worker", "webhook_worker"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> object:
    """Each shape's module is imported with the first name asked of it: ``regent plan`` never
    loads the webhook worker or the command service."""
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "PlanGitHub",
    "Planning",
    "Today",
    "WebhookWorker",
    "action_command_service",
    "action_release_service",
    "base_branch_renderer",
    "checkout_planning",
    "checkout_policy",
    "checkout_release_service",
    "delivery_worker",
    "today",
    "webhook_worker",
]
