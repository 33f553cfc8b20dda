"""Gather history, decide the next release, and prepare its notes and file changes."""

from __future__ import annotations

from dataclasses import dataclass

from regent.core.changelog import ReleaseNotes, build_release_notes
from regent.core.changelog_file import update_changelog
from regent.core.plan import ReleasePlan, VersionOverride, plan_release
from regent.core.policy import ReleasePolicy
from regent.core.ports import HistoryReader, NotesRenderer
from regent.core.version import VersionScheme
from regent.core.version_files import VersionFileUpdate
from regent.services.gather import gather_history
from regent.services.version_files import plan_version_files


@dataclass(frozen=True, slots=True)
class PreparedRelease:
    """A decided release with its rendered notes and version-file updates."""

    plan: ReleasePlan
    notes: ReleaseNotes | None
    release_notes: str
    changelog_path: str
    version_files: tuple[VersionFileUpdate, ...]


class PlanningService:
    """Works out the next release of one checkout."""

    def __init__(
        self,
        *,
        history: HistoryReader,
        renderer: NotesRenderer,
        policy: ReleasePolicy,
        scheme: VersionScheme,
    ) -> None:
        self._history = history
        self._renderer = renderer
        self._policy = policy
        self._scheme = scheme

    def prepare(
        self, *, today: str, channel: str | None, release_as: str | None = None
    ) -> PreparedRelease:
        """Decide the next release and render its notes and version-file updates."""
        plan = self.plan(channel=channel, release_as=release_as)
        notes = build_release_notes(
            plan,
            policy=self._policy.changelog,
            repository_url=self._history.repository_url(),
            date=today,
        )
        path = self._policy.changelog.path
        if notes is None:
            return PreparedRelease(plan, None, "", path, ())
        files = plan_version_files(self._history, policy=self._policy, new_version=notes.version)
        return PreparedRelease(plan, notes, self._renderer.release_notes(notes), path, files)

    def changelog_text(self, prepared: PreparedRelease) -> str | None:
        """CHANGELOG.md with the release's section added or replaced; None if nothing releases.

        Computed on demand: it is only written to the release branch, never printed.
        """
        if prepared.notes is None:
            return None
        return update_changelog(
            self._history.read_file(prepared.changelog_path),
            version=prepared.notes.version,
            entry=self._renderer.changelog_entry(
                prepared.notes, release_notes=prepared.release_notes
            ),
        )

    def plan(self, *, channel: str | None, release_as: str | None = None) -> ReleasePlan:
        """Gather the history since the last stable release and decide."""
        override = VersionOverride(release_as, "--release-as option") if release_as else None
        if channel is not None:
            channel = self._scheme.check_channel(channel)
        gathered = gather_history(self._history, policy=self._policy, scheme=self._scheme)
        return plan_release(
            policy=self._policy,
            scheme=self._scheme,
            history=gathered.releases,
            changes=gathered.changes,
            prereleased=gathered.prereleased,
            channel=channel,
            override=override,
        )
