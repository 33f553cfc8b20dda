"""The one planner (``regent plan``'s and the release service's): gather history, decide the next
release, and prepare its notes and the version files and changelog it changes."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from regent.core.changelog import ReleaseNotes, build_release_notes
from regent.core.changelog_file import newest_release, update_changelog
from regent.core.errors import ConfigError, RegentError
from regent.core.model import FileChange, ReleasePulls
from regent.core.notes.author import Author
from regent.core.plan import ReleasePlan, VersionOverride, plan_release
from regent.core.plan_overrides import OverrideKind
from regent.core.plan_range import SinceSetting
from regent.core.policy import ReleasePolicy
from regent.core.ports import HistoryReader, MergedPullsReader, NotesRenderer
from regent.core.pull_steering import PULLS_NOT_READ, PullSteering, pull_steering
from regent.core.release_pr.integrity import files_problem, unreadable_problem
from regent.core.version_files import (
    ROOT_MANIFESTS,
    VersionFileKind,
    VersionFileUpdate,
    kind_for_path,
    read_version,
    update_version,
)
from regent.core.versioning.lines import check_line
from regent.services.gather import NO_TAG_CHANGES, SteeringFor, TagView, gather_history
from regent.services.pull_listing import ListedPulls
from regent.services.release_notes_extras import NotesExtras, changelog_entry

CLI_OVERRIDE = "--release-as option"


@dataclass(frozen=True, slots=True)
class PreparedRelease:
    """A decided release with its rendered notes and version-file updates."""

    plan: ReleasePlan
    notes: ReleaseNotes | None
    release_notes: str
    changelog_path: str
    version_files: tuple[VersionFileUpdate, ...]
    at: str | None = None
    """The commit planned at (None: HEAD and the work tree)."""


class PlanningService:
    """Works out the next release of one checkout."""

    def __init__(
        self,
        *,
        history: HistoryReader,
        renderer: NotesRenderer,
        policy: ReleasePolicy,
        since: SinceSetting | None = None,
        deepen: bool = True,
        pulls: MergedPullsReader | None = None,
        base_branch: str | None = None,
        extras: NotesExtras | None = None,
    ) -> None:
        """``since`` replaces the policy's; ``deepen`` False plans a shallow clone as it is.

        ``pulls`` reads the merged pull requests of ``base_branch`` (the default of each plan)
        once per range, for their ``BEGIN_COMMIT_OVERRIDE`` blocks and bump floor labels (and
        titles, for ``notes.entry_text: pr_title``); without it a plan says it did not read them.
        ``extras`` reads who made each range (``notes.contributors``); None credits nobody.
        """
        self._history = history
        self._renderer = renderer
        self._policy = policy
        self._since = since
        self._deepen = deepen
        self._pulls = pulls
        self._base_branch = base_branch
        self._steering: dict[tuple[str, str | None, str], PullSteering] = {}
        self._extras = extras
        self._titles: dict[int, str] = {}
        """The title of each merged pull request read, by number."""

    def prepare(
        self,
        *,
        today: str,
        channel: str | None,
        release_as: str | None = None,
        release_as_source: str = CLI_OVERRIDE,
        release_as_kind: str = OverrideKind.RELEASE_AS,
        at: str | None = None,
        tags: TagView = NO_TAG_CHANGES,
        base_branch: str | None = None,
    ) -> PreparedRelease:
        """Decide the next release and render its notes and version-file updates.

        ``at`` plans at that commit and reads its files (default: HEAD and the work tree);
        ``tags`` plans as if some tags were there or not; ``release_as_kind`` says whether
        ``release_as`` is a ``set-version`` pin or a ``release-as`` option.
        """
        override = (
            VersionOverride(release_as, release_as_source, release_as_kind) if release_as else None
        )
        plan = self.plan(
            channel=channel, override=override, at=at, tags=tags, base_branch=base_branch
        )
        extras = self._extras
        start = plan.history_range.commit
        releases = extras is not None and plan.next_tag is not None
        head = (at or self._history.head_sha()) if releases else None

        def finish(notes: ReleaseNotes) -> ReleaseNotes:
            """The notes with who made the release (and the pull requests' titles) added."""
            if extras is None or head is None:
                return notes
            return extras.finish(
                notes, policy=self._policy, start=start, head=head, titles=self._titles
            )

        return prepared_release(
            plan,
            policy=self._policy,
            renderer=self._renderer,
            repository_url=self._history.repository_url(),
            today=today,
            read=self._reader(at),
            at=at,
            finish=finish,
            authors=(
                extras.authors(policy=self._policy, start=start, head=head)
                if extras is not None and head is not None
                else None
            ),
        )

    def reading(self, listing: ReleasePulls, *, base_branch: str) -> PlanningService:
        """This planner taking ``base_branch``'s merged pull requests from ``listing`` (a
        reconcile's one listing; a range it did not reach is read as before); itself when it
        reads no pull requests."""
        if self._pulls is None:
            return self
        return PlanningService(
            history=self._history,
            renderer=self._renderer,
            policy=self._policy,
            since=self._since,
            deepen=self._deepen,
            pulls=ListedPulls(listing, base_branch, more=self._pulls),
            base_branch=self._base_branch,
            extras=self._extras,
        )

    def changelog_text(self, prepared: PreparedRelease) -> str | None:
        """CHANGELOG.md with the release's section added or replaced; None if nothing releases.

        Computed on demand: it is only written to the release branch, never printed.
        """
        if prepared.notes is None:
            return None
        return update_changelog(
            self._reader(prepared.at)(prepared.changelog_path),
            version=prepared.notes.version,
            entry=changelog_entry(
                self._renderer,
                prepared.notes,
                policy=self._policy.notes,
                release_notes=prepared.release_notes,
            ),
        )

    def release_files(self, prepared: PreparedRelease) -> tuple[FileChange, ...]:
        """What the release commit of ``prepared`` writes: its version files, then the
        changelog with its section (nothing when nothing releases)."""
        files = [FileChange(update.path, update.new_text) for update in prepared.version_files]
        changelog = self.changelog_text(prepared)
        if changelog is not None:
            files.append(FileChange(prepared.changelog_path, changelog))
        return tuple(files)

    def files_problem_at(self, at: str, *, version: str, folder: str = "") -> str | None:
        """What in commit ``at``'s version files and changelog disagrees with ``version``, in
        words; None when they all carry it (the files a release branch for it would write;
        manifests detected in ``folder``, a component's)."""
        read = functools.cache(self._reader(at))  # each file is read again to compare it
        try:
            updates = plan_version_files(
                read, policy=self._policy, new_version=version, folder=folder
            )
            changelog = read(self._policy.changelog.path)
            stale = [(u.path, u.old_version) for u in updates if read(u.path) != u.new_text]
        except RegentError as error:  # a link, a missing or unreadable file at that commit
            if error.retryable:
                raise
            return unreadable_problem(error.message)
        return files_problem(
            version,
            stale_files=stale,
            changelog_path=self._policy.changelog.path,
            newest_section=newest_release(changelog) if changelog is not None else None,
        )

    def plan(
        self,
        *,
        channel: str | None,
        override: VersionOverride | None = None,
        at: str | None = None,
        tags: TagView = NO_TAG_CHANGES,
        base_branch: str | None = None,
    ) -> ReleasePlan:
        """Gather the history since the last stable release and decide; ``base_branch`` (default:
        the service's) is the branch whose merged pull requests are read."""
        if channel is not None:
            channel = self._policy.version_scheme.check_channel(channel)
        policy = self._policy.on_branch(base_branch or self._base_branch)
        steering_for = self._steering_for(base_branch or self._base_branch)
        gathered = gather_history(
            self._history,
            policy=policy,
            head=at,
            tags=tags,
            since=self._since,
            deepen=self._deepen,
            steering_for=steering_for,
        )
        plan = plan_release(
            policy=policy,
            scheme=policy.version_scheme,
            history=gathered.releases,
            changes=gathered.changes,
            prereleased=gathered.prereleased,
            channel=channel,
            override=override,
            history_range=gathered.range,
            steering=gathered.steering,
            skipped=PULLS_NOT_READ if steering_for is None else None,
        )
        if plan.next_version is not None:
            last = gathered.releases.last_stable
            check_line(
                policy.version_scheme.parse(plan.next_version),
                branch=policy.branch,
                version_range=policy.version_range,
                current=last.version if last is not None else None,
                tagged=gathered.tagged,
            )
        return plan

    def _steering_for(self, base_branch: str | None) -> SteeringFor | None:
        """Reads the merged pull requests of a range once: one listing of ``base_branch``'s
        since the start commit's time, kept for every later plan of the same range and head."""
        pulls = self._pulls
        if pulls is None or base_branch is None:
            return None

        def steering(start: str | None, head: str) -> PullSteering:
            key = (base_branch, start, head)
            if key not in self._steering:
                since = self._history.commit_time(start) if start is not None else None
                merged = pulls.merged_pulls(base_branch=base_branch, since=since)
                self._titles.update((pull.number, pull.title) for pull in merged)
                self._steering[key] = pull_steering(merged)
            return self._steering[key]

        return steering

    def _reader(self, at: str | None) -> Callable[[str], str | None]:
        """Reads a file of the commit ``at``, or of the work tree when None."""
        if at is None:
            return self._history.read_file
        history = self._history
        return lambda path: history.read_file_at(at, path)


def prepared_release(
    plan: ReleasePlan,
    *,
    policy: ReleasePolicy,
    renderer: NotesRenderer,
    repository_url: str | None,
    today: str,
    read: Callable[[str], str | None],
    folder: str = "",
    at: str | None = None,
    finish: Callable[[ReleaseNotes], ReleaseNotes] | None = None,
    authors: Mapping[str, Author] | None = None,
) -> PreparedRelease:
    """``plan`` with its notes built (each entry with its author from ``authors``, by sha;
    ``finish`` adds to them) and rendered, and its version files updated (read by ``read``;
    manifests detected in ``folder``); one version's release and each component's."""
    notes = build_release_notes(
        plan, policy=policy.changelog, repository_url=repository_url, date=today, authors=authors
    )
    path = policy.changelog.path
    if notes is None:
        return PreparedRelease(plan, None, "", path, (), at)
    if finish is not None:
        notes = finish(notes)
    files = plan_version_files(read, policy=policy, new_version=notes.version, folder=folder)
    return PreparedRelease(plan, notes, renderer.release_notes(notes), path, files, at)


def plan_version_files(
    read_file: Callable[[str], str | None],
    *,
    policy: ReleasePolicy,
    new_version: str,
    folder: str = "",
) -> tuple[VersionFileUpdate, ...]:
    """Updates for auto-detected manifests that carry a version, then the configured files.

    ``read_file`` gives a file's text by its path from the repository root (None: absent);
    manifests are detected in ``folder`` (a component's; default: the root).
    """
    updates: list[VersionFileUpdate] = []
    seen: set[str] = set()
    if policy.detect_version_files:
        for name, kind in ROOT_MANIFESTS:
            path = f"{folder}/{name}" if folder else name
            text = read_file(path)
            if text is not None and read_version(kind, text) is not None:
                updates.append(update_version(kind, text, new_version, path=path))
                seen.add(path)
    for spec in policy.version_files:
        if spec.path in seen:
            continue
        kind = _kind(spec.path, spec.kind)
        text = read_file(spec.path)
        if text is None:
            raise ConfigError(
                f"version_files: {spec.path} does not exist in the repository", key="version_files"
            )
        updates.append(update_version(kind, text, new_version, path=spec.path))
        seen.add(spec.path)
    return tuple(updates)


def _kind(path: str, configured: str | None) -> VersionFileKind:
    if configured is not None:
        return VersionFileKind(configured)
    detected = kind_for_path(path)
    if detected is None:
        raise ConfigError(
            f"version_files: cannot tell how to update {path}; give its kind "
            f"({', '.join(kind.value for kind in VersionFileKind)}), "
            f"e.g. {{path: {path}, kind: generic}}",
            key="version_files",
        )
    return detected
