"""The composition root for ``regent plan``: the checkout and the templates, no GitHub unless
given a token (then one listing of the branch's pull requests gives the merged ones and the
release PR's pin; nothing is written)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from regent.core.errors import UsageError
from regent.core.model import RepoRef
from regent.core.plan_range import SinceSetting
from regent.core.policy import ReleasePolicy
from regent.core.ports import MeteredGitHub, NotesRenderer
from regent.core.release_pr.pin import VersionPin, read_pin
from regent.core.versioning.tags import TagTemplate
from regent.runtimes.wiring.checkout import checkout_policy
from regent.services.changelog_preview import changelog_preview
from regent.services.gather import NO_TAG_CHANGES, TagView
from regent.services.planning import PlanningService, PreparedRelease
from regent.services.pull_listing import release_listing
from regent.services.release_notes_extras import NotesExtras

if TYPE_CHECKING:
    from regent.services.component_planning import ComponentPlanningService


@dataclass(frozen=True, slots=True)
class Planning:
    """The checkout's policy and the planner over its history and work tree; with GitHub, the
    version pinned on the open release PR (``!set-version``) and the release tags, both read
    once for the listing the planner takes its merged pull requests from."""

    policy: ReleasePolicy
    planner: PlanningService
    renderer: NotesRenderer
    pin: VersionPin | None = None
    tags: TagView = NO_TAG_CHANGES
    """The tags to plan with (read once when listing the pull requests; else read by the plan)."""
    components: ComponentPlanningService | None = None
    """The planner of a monorepo's components (``components:``); None: one version."""

    def changelog_entry(self, prepared: PreparedRelease) -> str | None:
        """The section ``prepared`` writes to the changelog file, as the release PR writes it."""
        return changelog_preview(self.renderer, prepared, policy=self.policy)


@dataclass(frozen=True, slots=True)
class PlanGitHub:
    """Read access to GitHub for ``regent plan``: a token, the API, and the repository (None:
    the one the checkout's ``origin`` names)."""

    token: str
    api_url: str
    repo: RepoRef | None = None
    required: bool = True
    """False for a token found in the environment: a checkout whose origin is not on GitHub is
    then planned without it."""


def checkout_planning(
    path: Path,
    *,
    config: str | None,
    since: SinceSetting | None,
    deepen: bool,
    on_read: Callable[[int], None] | None = None,
    github: PlanGitHub | None = None,
) -> Planning:
    """The planner of the checkout at ``path``: its configuration (``config``, else the one
    looked up there), templates from the work tree; ``on_read`` hears of each batch of commits
    read. Without ``github`` nothing touches the network; with it the planner reads the merged
    pull requests of the branch checked out."""
    from regent.adapters.git.counted import CountedHistory  # noqa: PLC0415 - GitPython
    from regent.adapters.jinja_renderer import JinjaRenderer  # noqa: PLC0415 - Jinja

    history = CountedHistory(path, on_read=on_read)
    named = str(Path(config).resolve()) if config else None
    policy = checkout_policy(history.root, named)
    port = _plan_port(github, origin=history.repository_url()) if github else None
    branch = history.current_branch() if port is not None or policy.base_branches else None
    policy = policy.on_branch(branch)  # the release line of the branch checked out
    base_branch = branch if port is not None else None
    if github is not None and github.required and port is not None and base_branch is None:
        raise UsageError(
            "--token: HEAD is detached; check out the branch to plan (its merged pull requests "
            "are read), or plan without a token"
        )
    renderer = JinjaRenderer(overrides=policy.templates, repository_root=history.root)
    if policy.monorepo is not None:
        from regent.services.component_credits import ComponentCredits  # noqa: PLC0415
        from regent.services.component_planning import ComponentPlanningService  # noqa: PLC0415

        components = ComponentPlanningService(
            history=history,
            renderer=renderer,
            monorepo=policy.monorepo,
            since=since,
            deepen=deepen,
            pulls=port,
            base_branch=base_branch,
            credits=ComponentCredits(history, port, commit_time=history.commit_time),
        )
        return Planning(
            policy,
            PlanningService(history=history, renderer=renderer, policy=policy),
            renderer,
            components=components,
        )
    planner = PlanningService(
        history=history,
        renderer=renderer,
        policy=policy,
        since=since,
        deepen=deepen,
        pulls=port,
        base_branch=base_branch,
        extras=NotesExtras(history, port),
    )
    if port is None or base_branch is None:
        return Planning(policy, planner, renderer)
    listed = tuple(history.tag_commits(glob=TagTemplate(policy.tag_template).glob))
    pulls = release_listing(
        port, history, policy, base_branch=base_branch, head=history.head_sha(), listed=listed
    )
    return Planning(
        policy,
        planner.reading(pulls, base_branch=base_branch),
        renderer,
        pin=read_pin(pulls.open),
        tags=TagView(listed),
    )


def _plan_port(github: PlanGitHub, *, origin: str | None) -> MeteredGitHub | None:
    """The GitHub port of the planned repository: ``github.repo``, else ``origin``'s."""
    from regent.adapters.github.adapter import connect_github  # noqa: PLC0415 - PyGithub
    from regent.adapters.github.auth import Throttle  # noqa: PLC0415

    repo = github.repo
    if repo is None:
        if origin is None and not github.required:
            return None
        if origin is None:
            raise UsageError(
                "--repo: the checkout's origin is not a GitHub repository; name it as owner/name"
            )
        repo = RepoRef.parse("/".join(origin.rstrip("/").split("/")[-2:]))
    connection = connect_github(
        token=github.token, api_url=github.api_url, throttle=Throttle.from_environ(os.environ)
    )
    return connection.for_repository(repo)
