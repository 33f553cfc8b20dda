"""A monorepo's release PR per component (``separate_pull_requests: true``): its branch, and the
release PRs of the other mode closed when the configuration switches (docs/monorepo.md).

Git cannot hold ``release-regent/main`` (the one release PR for all components) and
``release-regent/main/api`` (``api``'s own) at once, so a run in one mode first publishes what
the other mode's merged release PRs hold, then closes its open ones and deletes their branches,
and only then writes its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from regent.core.markdown import markdown_line
from regent.core.release_pr.actions import CloseReleasePr, ReleaseDecision
from regent.core.release_pr.branch import release_branch_name


def component_branch_name(base_branch: str, component: str) -> str:
    """The head branch of ``component``'s own release PR, e.g. ``release-regent/main/api``."""
    return f"{release_branch_name(base_branch)}/{component}"


def branch_component(branch: str, *, base_branch: str) -> str:
    """The component a release branch under ``base_branch``'s is named for (``api`` for
    ``release-regent/main/api``)."""
    return branch.removeprefix(release_branch_name(base_branch) + "/")


def blocking_branches(
    branch: str, *, base_branch: str, components: Sequence[str]
) -> tuple[str, ...]:
    """The release branches of the other mode that git's ref namespace rule lets keep ``branch``
    from being created: for a component's ``release-regent/main/api``, ``release-regent/main``;
    for ``release-regent/main``, each component's ``release-regent/main/<component>``."""
    together = release_branch_name(base_branch)
    if branch == together:
        return tuple(component_branch_name(base_branch, name) for name in components)
    if branch.startswith(together + "/"):
        return (together,)
    return ()


def now_separate(base_branch: str) -> str:
    """Why the one release PR for all components is closed: each has its own now."""
    return (
        "Release Regent closed this release pull request: the configuration now has "
        "`separate_pull_requests: true`, so each component gets its own release pull request "
        f"(on a branch under `{markdown_line(release_branch_name(base_branch))}/`), and those "
        "replace this one."
    )


def now_together(base_branch: str) -> str:
    """Why a component's own release PR is closed: one release PR holds every component now."""
    return (
        "Release Regent closed this release pull request: the configuration no longer has "
        "`separate_pull_requests: true`, so one release pull request (on "
        f"`{markdown_line(release_branch_name(base_branch))}`) releases every component, and "
        "replaces this one."
    )


def not_a_component(component: str) -> str:
    """Why the release PR of a component no longer configured is closed."""
    return (
        f"Release Regent closed this release pull request: `{markdown_line(component)}` is no "
        "longer a component in the configuration (components:), so nothing releases it."
    )


@dataclass(frozen=True, slots=True)
class ReleaseBranch:
    """A release branch a reconcile acts on: the components its release PR shows (none for a
    branch of the other mode), and the comment its open release PR is closed with (None: the
    branch is in use)."""

    branch: str
    components: tuple[str, ...]
    closing: str | None = None


def release_branches(
    base_branch: str, *, components: Sequence[str], separate: bool, found: Iterable[str]
) -> tuple[ReleaseBranch, ...]:
    """The release branches of ``base_branch`` in this mode (``separate``: one per component,
    else one for ``components``), after those this mode does not use among ``found`` (the
    branches with a release PR open or pending) and the one for all components, in name
    order."""
    together = release_branch_name(base_branch)
    used: dict[str, tuple[str, ...]]
    if separate:
        used = {component_branch_name(base_branch, name): (name,) for name in components}
    else:
        used = {together: tuple(components)}
    return (
        *(
            ReleaseBranch(head, (), _closing(head, base_branch=base_branch, separate=separate))
            for head in sorted({together, *found} - set(used))
        ),
        *(ReleaseBranch(head, names) for head, names in used.items()),
    )


def _closing(head: str, *, base_branch: str, separate: bool) -> str:
    """Why the release PR on ``head``, not used in this mode, is closed."""
    if head == release_branch_name(base_branch):
        return now_separate(base_branch)
    if separate:
        return not_a_component(branch_component(head, base_branch=base_branch))
    return now_together(base_branch)


def on_branch(decision: ReleaseDecision, *, branch: str, closing: str | None) -> ReleaseDecision:
    """``decision`` made for the release PR on ``branch``; ``closing`` (the other mode's branch)
    is the comment its open release PR is closed with."""
    decided = replace(decision, release_branch=branch)
    action = decided.release_pr_action
    if closing is None or not isinstance(action, CloseReleasePr):
        return decided
    closed = replace(action, comment=closing, reason=f"not in use any more: {decided.plan_reason}")
    return replace(decided, actions=(*decided.actions[:-1], closed))
