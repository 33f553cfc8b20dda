"""Template overrides read from the base branch as committed, never from a work tree."""

from __future__ import annotations

from regent.adapters.git.history import GitHistory
from regent.adapters.jinja_renderer import JinjaRenderer
from regent.core.policy import ReleasePolicy
from regent.core.repo_paths import TEMPLATE_SIZE_LIMIT, Links


def base_branch_renderer(
    history: GitHistory, *, policy: ReleasePolicy, base_branch: str
) -> JinjaRenderer:
    """A renderer whose overrides are read at ``origin/<base_branch>`` (fetched by each run
    before it renders): the commit whose files the release bumps, whatever other workflow
    steps did to the checkout, and the same in every door."""
    at = f"refs/remotes/origin/{base_branch}"
    return JinjaRenderer(
        overrides=policy.templates,
        read_template=lambda relative: history.read_file_at(
            at, relative, limit=TEMPLATE_SIZE_LIMIT, links=Links.FOLLOW_INSIDE
        ),
    )
