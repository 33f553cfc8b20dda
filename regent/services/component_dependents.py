"""Workspace dependents of a monorepo plan: read the components' manifests once, release the
dependents (``dependents: patch``) and rewrite their requirements (docs/monorepo.md)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from regent.core.changelog import NoteEntry, NoteSection
from regent.core.components.dependents import (
    DEPENDENTS_PATCH,
    ComponentEdits,
    Member,
    Workspace,
    find_dependents,
    read_workspace,
    rewrite_manifest,
    wanted_versions,
    workspace_edits,
)
from regent.core.components.model import Monorepo
from regent.core.components.planning import ComponentHistory
from regent.core.plan import ReleasePlan
from regent.core.ports import NotesRenderer
from regent.core.version_files import VersionFileUpdate, read_version
from regent.core.version_files.workspace import WORKSPACE_MANIFESTS, Manifest
from regent.core.versioning.bump import Bump
from regent.core.versioning.next_version import next_version
from regent.core.versioning.tags import TagTemplate, release_tags
from regent.core.versioning.versions import Version
from regent.services.planning import PreparedRelease

DEPENDENCIES_TITLE = "Dependencies"


@dataclass(frozen=True, slots=True)
class Dependents:
    """What the dependents step decided: each releasing component's manifest edits."""

    edits: Mapping[str, ComponentEdits]
    wanted: Mapping[str, Mapping[str, str]]

    def prepared(
        self, name: str, prepared: PreparedRelease, *, renderer: NotesRenderer
    ) -> PreparedRelease:
        """``prepared`` with its requirements rewritten and a "Dependencies" notes section."""
        edits = self.edits.get(name)
        if edits is None or prepared.notes is None:
            return prepared
        notes = prepared.notes
        if edits.changes:
            taken = dict.fromkeys(f"{c.package} bumped to {c.version}" for c in edits.changes)
            entries = tuple(NoteEntry(text, None, "", "", None, ()) for text in taken)
            section = NoteSection(DEPENDENCIES_TITLE, entries)
            notes = replace(notes, sections=(*notes.sections, section))
        own = {update.path: update for update in prepared.version_files}
        files = [self._rewritten(update, edits) for update in prepared.version_files]
        for edit in edits.files:
            if edit.manifest.path not in own:
                version = read_version(edit.manifest.kind, edit.manifest.text) or ""
                files.append(
                    VersionFileUpdate(
                        edit.manifest.path,
                        edit.manifest.kind,
                        version or None,
                        version,
                        edit.new_text,
                        edit.changes,
                    )
                )
        return replace(
            prepared,
            notes=notes,
            release_notes=renderer.release_notes(notes),
            version_files=tuple(files),
        )

    def _rewritten(self, update: VersionFileUpdate, edits: ComponentEdits) -> VersionFileUpdate:
        """A bumped manifest with its requirements rewritten too."""
        edit = next((e for e in edits.files if e.manifest.path == update.path), None)
        if edit is None:
            return update
        new_text = rewrite_manifest(edit.manifest, update.new_text, self.wanted)
        return replace(update, new_text=new_text, dependencies=edit.changes)


def release_dependents(
    plans: Mapping[str, ReleasePlan],
    histories: Sequence[ComponentHistory],
    *,
    monorepo: Monorepo,
    read: Callable[[str], str | None],
    tagged: Mapping[str, str] | None = None,
) -> tuple[dict[str, ReleasePlan], Dependents]:
    """``plans`` with the dependents released, and each releasing component's edits. A
    dependent's patch already tagged anywhere in the repository (``tagged``: every tag's
    commit), by its own tag template, moves on to the next free patch."""
    released = {name: plan.next_version for name, plan in plans.items() if plan.next_version}
    if not released:  # nothing moves: no manifest is read
        return dict(plans), Dependents({}, {})
    workspace = _workspace(monorepo, functools.cache(read))
    by_name = {history.component.name: history for history in histories}
    skipped: dict[str, str] = {}
    versions = find_dependents(
        workspace,
        released,
        patch=lambda name: _patch(
            by_name, monorepo.group_of(name), tagged=tagged or {}, skipped=skipped
        ),
    )
    edits = workspace_edits(workspace, versions)
    raised = dict(plans)
    for name, version in versions.items():
        if name not in released:
            reason = _reason(edits.get(name), monorepo.group_of(name))
            plan = _dependent_plan(plans[name], by_name[name], version, reason=reason)
            raised[name] = _with_skipped(plan, skipped.get(name))
    return raised, Dependents(edits, wanted_versions(workspace, versions))


def _reason(edits: ComponentEdits | None, group: Sequence[str]) -> str:
    """Why a component releases for its dependencies: theirs, or its linked group's."""
    if edits is not None and edits.changes:
        return edits.reason
    return f"dependencies of the linked group [{', '.join(group)}]"


def _workspace(monorepo: Monorepo, read: Callable[[str], str | None]) -> Workspace:
    """Every component's workspace manifests; the root's, when no component holds the root."""
    members = tuple(
        Member(
            component.name,
            _manifests(component.path, read),
            follows=component.dependents == DEPENDENTS_PATCH,
        )
        for component in monorepo.components
    )
    held_root = any(component.path == "" for component in monorepo.components)
    return read_workspace(members, () if held_root else _manifests("", read))


def _manifests(folder: str, read: Callable[[str], str | None]) -> tuple[Manifest, ...]:
    found = []
    for name, kind in WORKSPACE_MANIFESTS:
        path = f"{folder}/{name}" if folder else name
        text = read(path)
        if text is not None:
            found.append(Manifest(path, kind, text))
    return tuple(found)


def _patch(
    by_name: Mapping[str, ComponentHistory],
    group: Sequence[str],
    *,
    tagged: Mapping[str, str],
    skipped: dict[str, str],
) -> dict[str, str]:
    """The patch release of a linked group (or one component) for its dependencies: the
    version after its highest release, on its lead's channel; the next free patch when a
    member's tag of it (or of its stable version, for a prerelease) exists anywhere already,
    noted in ``skipped`` for each member."""
    members = [by_name[name] for name in group]
    lead = max(
        members, key=lambda m: m.releases.latest.version.release if m.releases.latest else (-1,)
    )
    policy = lead.component.policy
    scheme = policy.version_scheme
    stable, pre = lead.releases.last_stable, lead.releases.latest_prerelease
    version = _patch_after(
        stable.version if stable else None,
        pre.version if pre else None,
        channel=lead.channel,
        initial=scheme.parse(policy.initial_version),
    )
    taken = _taken(members, tagged)
    blocked: list[str] = []
    while (blocking := _blocking(version, taken)) is not None:
        blocked.append(blocking)
        version = _patch_after(version.finalized(), None, channel=lead.channel, initial=version)
    if blocked:
        words = f"{', '.join(blocked)} already tagged: the next free patch"
        skipped.update(dict.fromkeys(group, words))
    return {name: str(version) for name in group}


def _patch_after(
    stable: Version | None, pre: Version | None, *, channel: str | None, initial: Version
) -> Version:
    """The patch release after ``stable`` (and ``pre``, a prerelease above it) on ``channel``."""
    version = next_version(
        last_stable=stable,
        latest_prerelease=pre,
        bump=Bump.PATCH,
        changed_since_latest=True,
        channel=channel,
        initial_version=initial,
    )
    assert version is not None  # a patch bump always releases
    return version


def _taken(members: Sequence[ComponentHistory], tagged: Mapping[str, str]) -> dict[str, str]:
    """Every version a member's tag holds anywhere in the repository, with that tag."""
    taken: dict[str, str] = {}
    for member in members:
        policy = member.component.policy
        template = TagTemplate(policy.tag_template)
        for found in release_tags(tagged, template=template, scheme=policy.version_scheme):
            taken.setdefault(str(found.version), found.tag)
    return taken


def _blocking(version: Version, taken: Mapping[str, str]) -> str | None:
    """The tag that keeps ``version`` from being released: its own, or its stable version's."""
    return taken.get(str(version)) or (
        taken.get(str(version.finalized())) if version.is_prerelease else None
    )


def _with_skipped(plan: ReleasePlan, skipped: str | None) -> ReleasePlan:
    """A dependent's plan whose reason says which tagged patch it stepped over, if any."""
    if skipped is None:
        return plan
    return replace(plan, reason=f"{plan.reason[:-1]}; {skipped}.")


def _dependent_plan(
    plan: ReleasePlan, history: ComponentHistory, version: str, *, reason: str
) -> ReleasePlan:
    """``plan`` (nothing to release) releasing ``version`` for its dependencies."""
    policy = history.component.policy
    parsed = policy.version_scheme.parse(version)
    return replace(
        plan,
        next_version=version,
        next_tag=TagTemplate(policy.tag_template).format(parsed),
        bump=Bump.PATCH.label,
        reason=f"{reason} (its requirements on them are rewritten: a patch release).",
        is_prerelease=parsed.is_prerelease,
    )
