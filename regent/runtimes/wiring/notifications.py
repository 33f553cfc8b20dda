"""The notifiers of one run, built from the repository's ``notifications:`` over the run's own
GitHub port (so a failure can say what the run had already written) and the environment the
secrets are read from."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from regent.core.model import RepoRef
from regent.core.notifications import NotificationPolicy, RunLink, workflow_run_url
from regent.core.policy import ReleasePolicy
from regent.core.run_context import current_run
from regent.runtimes.wiring.checkout import action_release_on_port
from regent.services.notify import ReleaseNotices
from regent.services.notify_issues import FailureIssues
from regent.services.release import ReleaseService

if TYPE_CHECKING:
    from regent.adapters.github.adapter import GitHubConnection
    from regent.adapters.github.repository import GitHubAdapter
    from regent.adapters.notifiers.registry import Lookup


def release_notices(
    github: GitHubAdapter,
    *,
    policy: NotificationPolicy,
    environ: Mapping[str, str],
    link: RunLink,
) -> ReleaseNotices | None:
    """The run's notices; None when ``policy`` names no notifier."""
    if not policy.enabled:
        return None
    from regent.adapters.notifiers.registry import NOTIFIERS  # noqa: PLC0415 - requests
    from regent.adapters.secrets import SECRETS  # noqa: PLC0415
    from regent.config.plugins import find_notifier  # noqa: PLC0415

    NOTIFIERS.add_lookup(cast("Lookup", find_notifier))

    def writes() -> Mapping[str, int]:
        return dict(github.call_counts().by_operation)

    return ReleaseNotices(
        repository=github.repo.full_name,
        link=link,
        issues=FailureIssues(github) if policy.github_issue else None,
        notifiers=NOTIFIERS.build(policy, environ),
        writes=writes,
        redact=SECRETS.redact,
    )


def action_link(environ: Mapping[str, str]) -> RunLink:
    """The workflow run's page (``GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/ID``, the
    attempt's page past the first)."""
    server = environ.get("GITHUB_SERVER_URL") or "https://github.com"
    repository, run_id = environ.get("GITHUB_REPOSITORY"), environ.get("GITHUB_RUN_ID")
    if not (repository and run_id):
        return RunLink(door="action")
    url = workflow_run_url(server, repository, run_id)
    attempt = environ.get("GITHUB_RUN_ATTEMPT", "1")
    if attempt not in {"", "1"}:
        url = f"{url}/attempts/{attempt}"
    return RunLink(door="action", run_url=url)


def delivery_link() -> RunLink:
    """The delivery being handled, from the run context its door set."""
    run = current_run()
    if run is None:
        return RunLink(door="webhook")
    return RunLink(door=run.door, delivery_id=run.delivery_id)


def action_release(
    checkout: Path,
    *,
    repo: RepoRef,
    base_branch: str,
    token: str,
    api_url: str,
    policy: ReleasePolicy,
    environ: Mapping[str, str],
    asset_patterns: Sequence[str] = (),
) -> tuple[ReleaseService, ReleaseNotices | None]:
    """The Action's release service (as ``action_release_service`` builds it) and the
    notices of its run, over the same GitHub port."""
    service, github = action_release_on_port(
        checkout,
        repo=repo,
        base_branch=base_branch,
        token=token,
        api_url=api_url,
        policy=policy,
        environ=environ,
        asset_patterns=asset_patterns,
    )
    link = action_link(environ)
    return service, release_notices(github, policy=policy.notifications, environ=environ, link=link)


class RunPorts:
    """The GitHub port of each run (delivery) and repository, so the release service and the
    run's notices count the same requests; the last ``keep`` are remembered."""

    def __init__(self, connection: GitHubConnection, *, keep: int = 64) -> None:
        self._connection = connection
        self._keep = keep
        self._ports: OrderedDict[tuple[str | None, RepoRef], GitHubAdapter] = OrderedDict()
        self._lock = threading.Lock()

    def port(self, repo: RepoRef) -> GitHubAdapter:
        run = current_run()
        key = (run.correlation_id if run else None, repo)
        with self._lock:
            found = self._ports.get(key)
            if found is None or key[0] is None:
                found = self._ports[key] = self._connection.for_repository(repo)
            self._ports.move_to_end(key)
            while len(self._ports) > self._keep:
                self._ports.popitem(last=False)
            return found
