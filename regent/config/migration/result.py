"""What ``regent init --from`` makes of another tool's configuration: the settings it maps, and
each setting it cannot map with the reason, built up by one ``Draft`` per tool."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Unmapped:
    """A setting of the other tool that has no equivalent here, and why."""

    setting: str
    reason: str


@dataclass(frozen=True, slots=True)
class Migration:
    """The ``.release-regent.yml`` settings that stand for another tool's configuration."""

    tool: str
    sources: tuple[str, ...]
    """The files read, in the order read."""
    settings: Mapping[str, object]
    """The configuration's keys in the order written."""
    unmapped: tuple[Unmapped, ...]
    notes: tuple[str, ...]
    """What the user should know or do that is not a setting (tags to create, sticky pins)."""
    tag_templates: tuple[str, ...]
    """The tag templates the new file releases under: existing tags are checked against them."""


def put(settings: dict[str, object], path: str, value: object) -> None:
    """Set the dotted key ``path`` (``bump.types.feat``), creating the mappings on the way."""
    *parents, last = path.split(".")
    target = settings
    for name in parents:
        inner = target.setdefault(name, {})
        assert isinstance(inner, dict)
        target = inner
    target[last] = value


def merge_into(settings: dict[str, object], more: Mapping[str, object]) -> None:
    """Add ``more`` to ``settings``: mappings merged key by key, lists extended, values set."""
    for key, value in more.items():
        earlier = settings.get(key)
        if isinstance(earlier, dict) and isinstance(value, Mapping):
            merge_into(earlier, value)
        elif isinstance(earlier, list) and isinstance(value, list):
            earlier.extend(value)
        else:
            settings[key] = dict(value) if isinstance(value, Mapping) else value


@dataclass
class Draft:
    """A migration being built: settings set by key path, unmapped settings and notes listed."""

    tool: str
    sources: tuple[str, ...]
    settings: dict[str, object] = field(default_factory=dict)
    unmapped: list[Unmapped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tag_templates: list[str] = field(default_factory=list)

    def set(self, path: str, value: object) -> None:
        put(self.settings, path, value)

    def merge(self, settings: Mapping[str, object]) -> None:
        merge_into(self.settings, settings)

    def skip(self, setting: str, reason: str) -> None:
        """Record that ``setting`` of the other tool is not mapped, and why."""
        self.unmapped.append(Unmapped(setting, reason))

    def note(self, text: str) -> None:
        self.notes.append(text)

    def finish(self) -> Migration:
        return Migration(
            tool=self.tool,
            sources=self.sources,
            settings=self.settings,
            unmapped=tuple(self.unmapped),
            notes=tuple(self.notes),
            tag_templates=tuple(dict.fromkeys(self.tag_templates)),
        )
