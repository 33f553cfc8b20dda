"""The GitHub Release of a tag: created once, found again, never duplicated."""

from __future__ import annotations

from dataclasses import dataclass

from github.GithubException import GithubException

from regent.adapters.github import values
from regent.adapters.github.call import RepoCall, absent
from regent.core.model import Ensured, Outcome, Release


@dataclass(frozen=True, slots=True)
class ReleaseSpec:
    """The release wanted for a tag."""

    tag: str
    name: str
    body: str
    draft: bool
    prerelease: bool
    latest: bool

    def matches(self, release: Release) -> bool:
        return (release.name, release.body, release.draft, release.prerelease) == (
            self.name,
            self.body,
            self.draft,
            self.prerelease,
        )


def ensure_release(call: RepoCall, spec: ReleaseSpec) -> Ensured[Release]:
    """Create the release, or report the existing one (EXISTED if identical, else DIFFERS).

    A published release is found by its tag (GitHub answers 422 to a second one); drafts have
    no tag yet, so they are looked for in the release list first.
    """

    def recheck() -> Ensured[Release] | None:
        return _find_draft(call, spec) if spec.draft else _find(call, spec)

    def send() -> Ensured[Release]:
        return _create(call, spec)

    if spec.draft and (existing := recheck()) is not None:
        return existing
    return call.writer.create(send, recheck=recheck)


def _create(call: RepoCall, spec: ReleaseSpec) -> Ensured[Release]:
    created = call.api.create_git_release(
        spec.tag,
        name=spec.name,
        message=spec.body,
        draft=spec.draft,
        prerelease=spec.prerelease,
        make_latest="true" if spec.latest else "false",
    )
    return Ensured(values.release(created), Outcome.CREATED)


def _find(call: RepoCall, spec: ReleaseSpec) -> Ensured[Release] | None:
    try:
        found = values.release(call.api.get_release(spec.tag))
    except GithubException as error:
        if absent(error):
            return None
        raise
    return _compared(found, spec)


def _find_draft(call: RepoCall, spec: ReleaseSpec) -> Ensured[Release] | None:
    listed = (values.release(item) for item in call.api.get_releases())
    found = next((item for item in listed if item.tag == spec.tag), None)
    return None if found is None else _compared(found, spec)


def _compared(found: Release, spec: ReleaseSpec) -> Ensured[Release]:
    return Ensured(found, Outcome.EXISTED if spec.matches(found) else Outcome.DIFFERS)
