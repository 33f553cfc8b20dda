"""The Action's step inputs applied to a route: only the Action door has inputs."""

from __future__ import annotations

import re
from dataclasses import replace

from regent.core.release_pr.state import ReconcileScope
from regent.core.routing.routes import INPUT_SOURCE, Ignored, Reconcile, Route

CHANNEL = re.compile(r"[0-9A-Za-z-]+")
"""A prerelease channel such as ``rc`` (``none``: a stable release)."""
TRUE_WORDS = ("true", "yes", "1")
FALSE_WORDS = ("false", "no", "0", "")
SCOPES = {"release-pr": ReconcileScope.RELEASE_PR, "release": ReconcileScope.RELEASE}
"""The ``command`` inputs that limit what a run acts on (``auto`` and ``plan`` see it all)."""


def with_action_inputs(
    routed: Route,
    *,
    target_branch: str | None,
    release_as: str | None,
    prerelease: str | None,
    dry_run: bool,
    command: str,
) -> Route:
    """``routed`` with the Action step's inputs applied (other doors have no inputs).

    ``target-branch`` picks the branch of a requested run and turns away a push or merge to any
    other branch; a branch it names is released from whatever ``base_branches`` says. The
    step's ``release-as`` and ``prerelease`` win over a dispatch's; ``dry-run`` or the ``plan``
    command writes nothing; ``release-pr`` and ``release`` limit what the run acts on.
    """
    if not isinstance(routed, Reconcile):
        return routed
    if target_branch is not None and not routed.requested and routed.base_branch != target_branch:
        return Ignored(
            f"{routed.base_branch} is not the target-branch input: releases are made from "
            f"{target_branch}"
        )
    if target_branch is not None:
        routed = replace(routed, base_branch=target_branch, default_branch=None)
    overridden = release_as is not None or prerelease is not None
    return replace(
        routed,
        release_as=release_as or routed.release_as,
        prerelease=prerelease or routed.prerelease,
        override_source=INPUT_SOURCE if overridden else routed.override_source,
        dry_run=dry_run or routed.dry_run or command == "plan",
        scope=SCOPES.get(command, ReconcileScope.ALL),
    )


def read_flag(value: str) -> bool | None:
    """A yes/no input: true/false (yes/no, 1/0; empty is false); None when it is neither."""
    lowered = value.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    return False if lowered in FALSE_WORDS else None
