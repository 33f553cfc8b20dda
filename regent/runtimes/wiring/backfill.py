"""The composition root for ``regent changelog``: the checkout's history and its templates, no
network."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from regent.runtimes.wiring.checkout import checkout_policy
from regent.services.changelog_backfill import ChangelogBackfill


def checkout_backfill(
    path: Path, *, config: str | None, on_read: Callable[[int], None] | None = None
) -> tuple[ChangelogBackfill, Path]:
    """The changelog builder of the checkout at ``path`` (its configuration: ``config``, else
    the one looked up there) and the checkout's root; ``on_read`` hears of each batch of
    commits read."""
    from regent.adapters.git.dated import DatedHistory  # noqa: PLC0415 - GitPython
    from regent.adapters.jinja_renderer import JinjaRenderer  # noqa: PLC0415 - Jinja

    history = DatedHistory(path, on_read=on_read)
    named = str(Path(config).resolve()) if config else None
    policy = checkout_policy(history.root, named).on_branch(history.current_branch())
    renderer = JinjaRenderer(overrides=policy.templates, repository_root=history.root)
    backfill = ChangelogBackfill(history=history, renderer=renderer, policy=policy)
    return backfill, history.root
