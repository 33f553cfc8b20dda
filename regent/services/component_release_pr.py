"""What a monorepo's release PR shows: the components releasing, a section each, their version
files and changelogs in one commit (docs/monorepo.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from regent.core.components.ports import FileHistoryReader
from regent.core.errors import ConfigError
from regent.core.model import FileChange
from regent.core.ports import ReleasePrRenderer
from regent.core.release_pr.components import component_sections, listed_tags, listed_versions
from regent.core.release_pr.marker import ComponentVersion, VersionPin
from regent.core.release_pr.state import NextRelease
from regent.services.component_planning import PreparedComponent
from regent.services.planning import PlanningService
from regent.services.release_steering import with_preface


def next_component_release(
    planned: Sequence[PreparedComponent],
    *,
    history: FileHistoryReader,
    renderer: ReleasePrRenderer,
    maintainer_notes: str,
    at: str,
    pins: Mapping[str, VersionPin] | None = None,
) -> NextRelease | None:
    """What the release PR of ``planned`` shows (each component with something to release: its
    section, its files written at ``at``, its pin in the marker), or None when none releases."""
    files: dict[str, tuple[str, FileChange]] = {}
    sections: list[tuple[ComponentVersion, str]] = []
    reasons: list[str] = []
    date = ""
    for item in planned:
        prepared = with_preface(item.prepared, maintainer_notes, renderer=renderer)
        notes = prepared.notes
        if notes is None:
            continue
        sections.append(
            (
                ComponentVersion(
                    item.component.name,
                    notes.version,
                    notes.tag,
                    prepared.plan.current_version,
                    (pins or {}).get(item.component.name),
                ),
                prepared.release_notes,
            )
        )
        name = item.component.name
        planner = PlanningService(history=history, renderer=renderer, policy=item.component.policy)
        for change in planner.release_files(replace(prepared, at=at)):
            _add_file(files, change, component=name)
        reasons.append(f"{item.component.name}: {prepared.plan.reason}")
        date = notes.date
    if not sections:
        return None
    components = tuple(component for component, _ in sections)
    return NextRelease(
        version=listed_versions(components),
        tag=listed_tags(components),
        files=tuple(change for _, change in files.values()),
        visible_body=component_sections(sections),
        date=date,
        reason="; ".join(reasons),
        maintainer_notes=maintainer_notes,
        components=components,
    )


def _add_file(
    files: dict[str, tuple[str, FileChange]], change: FileChange, *, component: str
) -> None:
    """Add ``component``'s ``change`` to the release commit's ``files`` (path -> the component
    that wrote it, and the change); two components writing one file two ways is refused."""
    first = files.setdefault(change.path, (component, change))
    if first[1].content != change.content:
        raise ConfigError(
            f"components {first[0]!r} and {component!r} both write {change.path} and disagree "
            "on its content; list it under one component only (version_files, changelog)",
            key="components",
        )
