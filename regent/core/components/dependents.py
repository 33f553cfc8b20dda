"""Workspace dependents: components whose manifests require a releasing component's package
get their requirement rewritten, and (``dependents: patch``) a patch release of their own
(pure; docs/monorepo.md "Workspaces and dependents").

Each manifest is read once: the package it names and its requirements on the others'. The
dependents are found breadth first from the components that release: a component joins when
one of its requirements changes, and each joins once, so a dependency cycle (``a`` needs
``b``, ``b`` needs ``a``) ends when every member of it releases. The cost is linear in the
components, their requirements and the manifests' size.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from regent.core.version_files.dependencies import (
    DependencyChange,
    DependencyRef,
    apply_changes,
    rewritten,
)
from regent.core.version_files.workspace import Manifest, manifest_dependencies, manifest_package

DEPENDENTS_PATCH = "patch"
DEPENDENTS_NONE = "none"
DEPENDENTS_CHOICES = (DEPENDENTS_PATCH, DEPENDENTS_NONE)

_Package = tuple[str, str]
"""An ecosystem and a package name in it (``("npm", "@acme/api")``)."""


@dataclass(frozen=True, slots=True)
class Member:
    """A component's workspace manifests (those in its folder) and whether a dependency's
    release releases it (``dependents: patch``)."""

    name: str
    manifests: tuple[Manifest, ...]
    follows: bool = True


@dataclass(frozen=True, slots=True)
class _Use:
    owner: str | None
    """The component whose manifest holds the requirement (None: a manifest of no component)."""
    ref: DependencyRef


@dataclass(frozen=True, slots=True)
class Workspace:
    """The components' manifests read once: who names which package, and who requires it."""

    members: tuple[Member, ...]
    shared: tuple[Manifest, ...]
    packages: Mapping[str, tuple[_Package, ...]]
    """Each component's packages."""
    owners: Mapping[_Package, str]
    uses: Mapping[_Package, tuple[_Use, ...]]


@dataclass(frozen=True, slots=True)
class FileEdit:
    """A manifest with its requirements rewritten for the new versions."""

    manifest: Manifest
    new_text: str
    changes: tuple[DependencyChange, ...]
    shared: bool = False
    """A manifest of no component (its changes are not the taker's dependencies)."""


@dataclass(frozen=True, slots=True)
class ComponentEdits:
    """What a releasing component's release rewrites, and the dependency versions it takes."""

    files: tuple[FileEdit, ...]
    changes: tuple[DependencyChange, ...]

    @property
    def reason(self) -> str:
        """``dependencies: api 1.3.0, cli 2.0.1``."""
        named = dict.fromkeys(f"{c.package} {c.version}" for c in self.changes)
        return f"dependencies: {', '.join(named)}"


def read_workspace(members: Sequence[Member], shared: Sequence[Manifest] = ()) -> Workspace:
    """``members``' packages and requirements; ``shared`` are manifests of no component (a
    Cargo workspace root's ``[workspace.dependencies]``)."""
    owners: dict[_Package, str] = {}
    packages: dict[str, tuple[_Package, ...]] = {}
    for member in members:
        named = []
        for manifest in member.manifests:
            package = manifest_package(manifest)
            if package is not None:
                named.append((manifest.ecosystem, package))
                owners.setdefault((manifest.ecosystem, package), member.name)
        packages[member.name] = tuple(named)
    by_ecosystem: dict[str, set[str]] = {}
    for ecosystem, package in owners:
        by_ecosystem.setdefault(ecosystem, set()).add(package)
    uses: dict[_Package, list[_Use]] = {}
    held = [(m.name, manifest) for m in members for manifest in m.manifests]
    for owner, manifest in [*held, *((None, manifest) for manifest in shared)]:
        wanted = frozenset(by_ecosystem.get(manifest.ecosystem, ()))
        for ref in manifest_dependencies(manifest, wanted):
            uses.setdefault((ref.ecosystem, ref.package), []).append(_Use(owner, ref))
    return Workspace(
        tuple(members),
        tuple(shared),
        packages,
        owners,
        {package: tuple(found) for package, found in uses.items()},
    )


def find_dependents(
    workspace: Workspace,
    released: Mapping[str, str],
    *,
    patch: Callable[[str], Mapping[str, str]],
) -> dict[str, str]:
    """Every releasing component's version: ``released`` and the dependents it releases.

    ``patch`` gives the versions a component released for its dependencies takes (its own
    patch release, or its linked group's).
    """
    follows = {member.name: member.follows for member in workspace.members}
    versions = dict(released)
    queue = deque(released)
    while queue:
        dependency = queue.popleft()
        for package in workspace.packages.get(dependency, ()):
            uses = workspace.uses.get(package, ())
            version = versions[dependency]
            root_changed = any(_changes(use.ref, version) for use in uses if use.ref.workspace)
            for use in uses:
                owner = use.owner
                if owner is None or owner in versions or not follows.get(owner, False):
                    continue
                if root_changed if use.ref.inherited else _changes(use.ref, version):
                    raised = patch(owner)
                    versions.update(raised)
                    queue.extend(raised)
    return versions


def workspace_edits(workspace: Workspace, versions: Mapping[str, str]) -> dict[str, ComponentEdits]:
    """Each releasing component's rewritten manifests and the dependency versions it takes; a
    manifest of no component goes with the first releasing component whose package it
    rewrites."""
    wanted = wanted_versions(workspace, versions)
    edits: dict[str, list[FileEdit]] = {}
    inherited: dict[_Package, list[DependencyChange]] = {}
    held = [(m.name, f) for m in workspace.members if m.name in versions for f in m.manifests]
    for owner, manifest in [*held, *((None, manifest) for manifest in workspace.shared)]:
        by_package = wanted.get(manifest.ecosystem, {})
        refs = manifest_dependencies(manifest, frozenset(by_package))
        new_text, changes = apply_changes(manifest.text, refs, by_package)
        for ref, change in _workspace_changes(refs, changes):
            inherited.setdefault((ref.ecosystem, ref.package), []).append(change)
        if changes:
            taker = owner or _first_owner(workspace, changes, manifest.ecosystem, versions)
            edit = FileEdit(manifest, new_text, changes, shared=owner is None)
            edits.setdefault(taker, []).append(edit)
    inherits: dict[str, list[_Package]] = {}
    for required, uses in workspace.uses.items():
        for use in uses:
            if use.ref.inherited and use.owner is not None:
                inherits.setdefault(use.owner, []).append(required)
    found: dict[str, ComponentEdits] = {}
    for member in workspace.members:
        if member.name not in versions:
            continue
        files = tuple(edits.get(member.name, ()))
        taken = [change for edit in files if not edit.shared for change in edit.changes]
        for required in inherits.get(member.name, []):
            taken += inherited.get(required, [])
        if files or taken:
            found[member.name] = ComponentEdits(files, tuple(dict.fromkeys(taken)))
    return found


def wanted_versions(workspace: Workspace, versions: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """The new version of every releasing component's packages, by ecosystem then package."""
    wanted: dict[str, dict[str, str]] = {}
    for (ecosystem, package), owner in workspace.owners.items():
        if owner in versions:
            wanted.setdefault(ecosystem, {})[package] = versions[owner]
    return wanted


def rewrite_manifest(manifest: Manifest, text: str, wanted: Mapping[str, Mapping[str, str]]) -> str:
    """``text`` (the manifest with its own version bumped) with its requirements rewritten."""
    by_package = wanted.get(manifest.ecosystem, {})
    refs = manifest_dependencies(manifest, frozenset(by_package), text=text)
    return apply_changes(text, refs, by_package)[0]


def _changes(ref: DependencyRef, version: str) -> bool:
    return (
        not ref.inherited
        and rewritten(ref.requirement, version, ecosystem=ref.ecosystem) is not None
    )


def _workspace_changes(
    refs: Sequence[DependencyRef], changes: Sequence[DependencyChange]
) -> list[tuple[DependencyRef, DependencyChange]]:
    """The changes of ``[workspace.dependencies]`` entries, each with its ref."""
    of = {(c.package, c.old): c for c in changes}
    return [
        (ref, of[ref.package, ref.requirement])
        for ref in refs
        if ref.workspace and (ref.package, ref.requirement) in of
    ]


def _first_owner(
    workspace: Workspace,
    changes: Sequence[DependencyChange],
    ecosystem: str,
    versions: Mapping[str, str],
) -> str:
    rewritten_owners = {workspace.owners[ecosystem, change.package] for change in changes}
    return next(
        m.name for m in workspace.members if m.name in rewritten_owners and m.name in versions
    )
