"""Release rules: JSON, validation, tags created on publication, the latest release, notes."""

from __future__ import annotations

from typing import Any

from tests.github_sim.extensions import extensions
from tests.github_sim.pull_json import html_url
from tests.github_sim.records import ReleaseRecord
from tests.github_sim.release_assets import release_assets_json, upload_url
from tests.github_sim.render import node_id, repo_api_url, user_json
from tests.github_sim.routing import SimError
from tests.github_sim.state import GitError, RefChange, SimRepo, SimState

MAKE_LATEST = ("true", "false", "legacy")


def release_json(repo: SimRepo, release: ReleaseRecord, base_url: str) -> dict[str, Any]:
    api = f"{repo_api_url(repo, base_url)}/releases/{release.id}"
    return {
        "url": api,
        "html_url": f"{html_url(repo, base_url)}/releases/tag/{release.tag_name}",
        "assets_url": f"{api}/assets",
        "upload_url": upload_url(repo, release.id, base_url),
        "tarball_url": f"{repo_api_url(repo, base_url)}/tarball/{release.tag_name}",
        "zipball_url": f"{repo_api_url(repo, base_url)}/zipball/{release.tag_name}",
        "id": release.id,
        "node_id": node_id("Release", release.id),
        "tag_name": release.tag_name,
        "target_commitish": release.target_commitish,
        "name": release.name,
        "body": release.body,
        "draft": release.draft,
        "prerelease": release.prerelease,
        "created_at": release.created_at,
        "published_at": release.published_at,
        "author": user_json(release.author, base_url),
        "assets": release_assets_json(repo, release.id, base_url),
    }


def validation_failed(field: str, code: str) -> SimError:
    error = {"resource": "Release", "field": field, "code": code}
    return SimError(422, "Validation Failed", errors=[error])


def check_tag_name(repo: SimRepo, value: Any, release_id: int | None = None) -> str:
    """A usable, unused tag name (``release_id``: the release being renamed)."""
    tag = required_tag(value)
    try:
        repo.git("check-ref-format", f"refs/tags/{tag}")
    except GitError as error:
        raise validation_failed("tag_name", "invalid") from error
    for other in repo.releases.values():
        if other.tag_name == tag and other.id != release_id:
            raise validation_failed("tag_name", "already_exists")
    return tag


def check_make_latest(value: Any) -> str | None:
    if value is None:
        return None
    if value not in MAKE_LATEST:
        raise validation_failed("make_latest", "invalid")
    return str(value)


def ensure_tag(state: SimState, repo: SimRepo, release: ReleaseRecord, base_url: str) -> None:
    """Create the release's tag at its target when it is published and the tag is missing."""
    ref = f"refs/tags/{release.tag_name}"
    if release.draft or repo.ref_sha(ref) is not None:
        return
    sha = repo.commit_sha_for(release.target_commitish)
    if sha is None:
        raise validation_failed("target_commitish", "invalid")
    repo.git("update-ref", ref, sha, "")
    state.ref_changed(RefChange(repo, ref, None, sha, base_url))


def set_latest(state: SimState, repo: SimRepo, release: ReleaseRecord, choice: str) -> None:
    """Apply ``make_latest``: pin (true), unpin (false, legacy: created order decides)."""
    pins = extensions(state).latest_release
    if choice == "true" and not (release.draft or release.prerelease):
        pins[repo.id] = release.id
    elif pins.get(repo.id) == release.id:
        del pins[repo.id]


def latest(state: SimState, repo: SimRepo) -> ReleaseRecord | None:
    """The pinned release, else the newest published non-prerelease by creation order."""
    candidates = {
        release.id: release
        for release in repo.releases.values()
        if not (release.draft or release.prerelease)
    }
    pinned = extensions(state).latest_release.get(repo.id)
    if pinned in candidates:
        return candidates[pinned]
    return candidates[max(candidates)] if candidates else None


def generate_notes(
    state: SimState, repo: SimRepo, body: dict[str, Any], base_url: str
) -> dict[str, str]:
    """GitHub-style notes: the pull requests merged since the previous release, and a link."""
    tag = required_tag(body.get("tag_name"))
    target = body.get("target_commitish") or (
        tag if repo.ref_sha(f"refs/tags/{tag}") else repo.default_branch
    )
    previous = body.get("previous_tag_name") or _previous_tag(state, repo, tag)
    html = html_url(repo, base_url)
    pulls = _merged_pulls(repo, previous, target, html)
    lines = [f"* {title} by @{user} in {url}" for title, user, url in pulls]
    sections = ["## What's Changed\n" + "\n".join(lines)] if lines else []
    compare = f"{html}/compare/{previous}...{tag}" if previous else f"{html}/commits/{tag}"
    sections.append(f"**Full Changelog**: {compare}")
    return {"name": tag, "body": "\n\n".join(sections)}


def required_tag(tag: Any) -> str:
    if not isinstance(tag, str) or not tag:
        raise validation_failed("tag_name", "missing_field")
    return tag


def _previous_tag(state: SimState, repo: SimRepo, tag: str) -> str | None:
    found = latest(state, repo)
    return found.tag_name if found is not None and found.tag_name != tag else None


def _merged_pulls(
    repo: SimRepo, previous: str | None, target: str, html: str
) -> list[tuple[str, str, str]]:
    span = f"{previous}..{target}" if previous else target
    try:
        shas = set(repo.git("rev-list", span).split())
    except GitError as error:
        raise validation_failed("target_commitish", "invalid") from error
    return [
        (pull.title, pull.user, f"{html}/pull/{pull.number}")
        for _, pull in sorted(repo.pulls.items())
        if pull.merged and pull.merge_commit_sha in shas
    ]
