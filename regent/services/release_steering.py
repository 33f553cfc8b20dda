"""What maintainers steer in a reconcile: this run's overrides, the version pinned on the release
PR (kept in its marker until released) and the notes they wrote in its body."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from regent.core.changelog import ReleaseNotes
from regent.core.errors import InvalidVersionError
from regent.core.model import PullRequest
from regent.core.plan_overrides import OverrideKind
from regent.core.policy import ReleasePolicy
from regent.core.ports import HistoryReader, NotesRenderer
from regent.core.release_pr.pin import VersionPin, pin_problem, read_pin
from regent.core.versioning.lines import ReleaseLineError, check_line
from regent.core.versioning.tags import TagTemplate, release_tags
from regent.core.versioning.versions import Precedence
from regent.services.gather import TagView
from regent.services.planning import PlanningService, PreparedRelease

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Overrides:
    """What a person asked of this run: a forced version, a prerelease channel, or a version
    pinned on the release PR until it is released (or the pin dropped)."""

    release_as: str | None = None
    """This run's version only (the ``release_as`` input); a pin stays for later runs."""
    prerelease: str | None = None
    """A channel such as ``rc``; ``"none"`` releases a stable version even if one is configured."""
    source: str = "release_as input"
    pin: VersionPin | None = None
    """``!set-version``: kept in the release PR's marker, so later runs keep the version."""
    unpin: bool = False
    """``!set-version auto``: drop the pin the release PR holds."""
    components: tuple[str, ...] = ()
    """A monorepo's components ``pin``/``unpin`` is for (``!set-version api 2.0.0``; a linked
    group's other members follow); the other components keep theirs."""


def kept_pin(overrides: Overrides, open_pull: PullRequest | None) -> VersionPin | None:
    """The pin for the next release: a new one, else (unless dropped) the open PR's."""
    return overrides.pin or (None if overrides.unpin else read_pin(open_pull))


def prepare_pinned(
    planner: PlanningService,
    overrides: Overrides,
    pin: VersionPin | None,
    *,
    channel: str | None,
    today: str,
    at: str,
    tags: TagView,
    base_branch: str,
) -> tuple[PreparedRelease, VersionPin | None]:
    """The next release planned at ``at``, with this run's ``release_as``, else the pin, else
    the bump rules; and the pin kept. A pin the release PR holds that is no longer above the
    last release (a tag made by hand) is dropped with a warning; a new one is refused."""
    forced = pin if pin is not None and not overrides.release_as else None
    try:
        prepared = planner.prepare(
            today=today,
            channel=channel,
            release_as=forced.version if forced is not None else overrides.release_as,
            release_as_source=forced.source if forced is not None else overrides.source,
            release_as_kind=OverrideKind.SET_VERSION if forced else OverrideKind.RELEASE_AS,
            at=at,
            tags=tags,
            base_branch=base_branch,
        )
    except InvalidVersionError as error:
        if forced is None or forced == overrides.pin:
            raise
        log.warning("the pinned version is dropped: %s", error.message)
        return prepare_pinned(
            planner,
            overrides,
            None,
            channel=channel,
            today=today,
            at=at,
            tags=tags,
            base_branch=base_branch,
        )
    return prepared, pin


def with_preface(
    prepared: PreparedRelease, preface: str, *, renderer: NotesRenderer
) -> PreparedRelease:
    """``prepared`` with the maintainers' notes opening its release notes (and so its
    CHANGELOG.md entry)."""
    if not preface or prepared.notes is None:
        return prepared
    notes: ReleaseNotes = replace(prepared.notes, preface=preface)
    return replace(prepared, notes=notes, release_notes=renderer.release_notes(notes))


def version_pin_problem(
    history: HistoryReader, policy: ReleasePolicy, *, base_branch: str, version: str
) -> str | None:
    """Why ``version`` cannot be pinned (``!set-version``) under ``policy`` (resolved for
    ``base_branch``'s release line; a component's for its pin), or None when it can: a version
    of its scheme above its last release from there, inside the line's range, not tagged
    anywhere yet (by its tags)."""
    base_sha = history.refresh(base_branch)
    template = TagTemplate(policy.tag_template)
    scheme = policy.version_scheme
    names = history.tags_merged_into(base_sha, glob=template.glob)
    released = [tagged.version for tagged in release_tags(names, template=template, scheme=scheme)]
    problem = pin_problem(version, released=released, scheme=scheme)
    if problem is not None:
        return problem
    last = max((Precedence(v) for v in released), default=None)
    every = release_tags(
        dict(history.tag_commits(glob=template.glob)), template=template, scheme=scheme
    )
    try:
        check_line(
            scheme.parse(version),
            branch=base_branch,
            version_range=policy.version_range,
            current=last.version if last is not None else None,
            tagged=every,
        )
    except ReleaseLineError as error:
        return error.message
    return None
