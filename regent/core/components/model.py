"""A monorepo's components as the core plans them: a name, a folder, and a policy of its own."""

from __future__ import annotations

from dataclasses import dataclass, replace

from regent.core.policy import PublishPolicy, ReleasePolicy

COMPONENT_FIELD = "{component}"
DEFAULT_COMPONENT_TAG = "{component}-v{version}"
"""release-please's tag of a component (``api-v1.2.0``): tags it made keep working."""


@dataclass(frozen=True, slots=True)
class Component:
    """One release line of a monorepo: commits touching files under ``path`` belong to it.

    ``path`` is normalised (no ``./``, no trailing ``/``; ``""`` is the whole repository);
    ``policy`` is the top-level one with the component's overrides, its tag template with
    ``{component}`` filled in and its changelog path resolved.
    """

    name: str
    path: str
    policy: ReleasePolicy
    dependents: str = "patch"
    """``patch``: a release of a package its manifests require releases it too; ``none``: not."""


@dataclass(frozen=True, slots=True)
class Monorepo:
    """The components of a repository and how they are released together."""

    components: tuple[Component, ...]
    linked: tuple[tuple[str, ...], ...] = ()
    """Groups of component names that always share one version."""
    scope_as_component: bool = False
    """A commit's scope naming a component counts for it whatever files it touches."""
    separate_pull_requests: bool = False
    """One release PR per component instead of one for all."""

    def publishing(self) -> dict[str, PublishPolicy]:
        """How each component's tag and GitHub Release are made (its own ``release``)."""
        return {component.name: component.policy.release for component in self.components}

    def group_of(self, name: str) -> tuple[str, ...]:
        """The linked group holding ``name``, or ``name`` alone."""
        return next((group for group in self.linked if name in group), (name,))

    def on_branch(self, branch: str, *, lines: ReleasePolicy) -> Monorepo:
        """These components on base branch ``branch``'s release line as ``lines`` (the
        top-level policy) declares it: each takes the line's range, channel and ``since`` over
        its own, and opens the range with its first release (docs/release-lines.md)."""
        components = tuple(
            replace(
                component,
                policy=replace(
                    component.policy, base_branches=lines.base_branches, lines=lines.lines
                ).on_branch(branch),
            )
            for component in self.components
        )
        return replace(self, components=components)


def component_tag(template: str, name: str) -> str:
    """``template`` with ``{component}`` replaced by ``name``."""
    return template.replace(COMPONENT_FIELD, name)
