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
    """A decided release with everything that would be written for it."""

    plan: ReleasePlan
    notes: ReleaseNotes | None
    release_notes: str
    changelog_path: str
    changelog_text: str | None
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
        """Decide the next release and render its notes, changelog and version files."""
        plan = self.plan(channel=channel, release_as=release_as)
        notes = build_release_notes(
            plan,
            policy=self._policy.changelog,
            repository_url=self._history.repository_url(),
            date=today,
        )
        if notes is None:
            return PreparedRelease(plan, None, "", self._policy.changelog.path, None, ())
        release_notes = self._renderer.release_notes(notes)
        changelog = update_changelog(
            self._history.read_file(self._policy.changelog.path),
            version=notes.version,
            entry=self._renderer.changelog_entry(notes, release_notes=release_notes),
        )
        files = plan_version_files(self._history, policy=self._policy, new_version=notes.version)
        return PreparedRelease(
            plan,
            notes,
            release_notes,
            self._policy.changelog.path,
            changelog,
            files,
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
