"""A monorepo's release PR: its title listing the components, a body section per component, the
components a merged one releases, and the decision on them (docs/monorepo.md).

The title fills ``{version}`` with ``api 1.2.0, cli 0.4.0`` and ``{tag}`` with ``api-v1.2.0,
cli-v0.4.0``; the state marker holds every component's version and tag, and is what a merged
release PR is read from (the title when the marker is gone). Each component's section starts
with a hidden line naming it, so its release notes are read back from the merged PR's body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from regent.core.markdown import printable_line
from regent.core.model import PullRequest
from regent.core.policy import PublishPolicy, ReleasePrPolicy
from regent.core.release_pr.actions import NothingToRelease, ReleaseDecision
from regent.core.release_pr.decision import (
    finish_decision,
    is_highest,
    publish_release,
    release_pr_action,
)
from regent.core.release_pr.marker import MARKER_PREFIX, ComponentVersion, parse_marker
from regent.core.release_pr.state import MergedRelease, ReconcileScope, ReleaseState
from regent.core.release_pr.title import (
    MAX_TITLE_LENGTH,
    ReleasePrError,
    release_pr_title,
    title_pattern,
    unreadable_release_pr,
)
from regent.core.versioning.tags import VERSION_FIELD, TagTemplate
from regent.core.versioning.versions import Version, VersionScheme

SECTION_PREFIX = "<!-- release-regent component "
SECTION_SUFFIX = " -->"
_SEPARATOR = ", "
_FIELDS = re.compile(r"(\{version\}|\{tag\})")


def listed_versions(components: Sequence[ComponentVersion]) -> str:
    """``api 1.2.0, cli 0.4.0``: what ``{version}`` shows in a monorepo's release PR title."""
    return _SEPARATOR.join(f"{c.name} {c.version}" for c in components)


def listed_tags(components: Sequence[ComponentVersion]) -> str:
    """``api-v1.2.0, cli-v0.4.0``: what ``{tag}`` shows."""
    return _SEPARATOR.join(c.tag for c in components)


def components_title(template: str, components: Sequence[ComponentVersion]) -> str:
    """The release PR title listing ``components``, e.g. ``chore(main): release api 1.2.0``."""
    return release_pr_title(
        listing_template(template), version=listed_versions(components), tag=listed_tags(components)
    )


def listing_template(template: str) -> str:
    """``template`` for a list of components: a ``v`` just before ``{version}`` (the default
    ``chore(release): v{version}``) is a single version's prefix, and is dropped."""
    return template.replace("v" + VERSION_FIELD, VERSION_FIELD)


def component_sections(sections: Sequence[tuple[ComponentVersion, str]]) -> str:
    """The visible body: a ``## api 1.2.0`` section per component with its release notes."""
    return "\n".join(
        f"## {c.name} {c.version}\n{SECTION_PREFIX}{c.name}{SECTION_SUFFIX}\n\n{notes.strip()}\n"
        for c, notes in sections
    )


def section_notes(body: str | None, name: str) -> str | None:
    """Component ``name``'s release notes in a release PR body, or None (no such section)."""
    lines = (body or "").splitlines()
    start = f"{SECTION_PREFIX}{name}{SECTION_SUFFIX}"
    if start not in lines:
        return None
    taken: list[str] = []
    for line in lines[lines.index(start) + 1 :]:
        if line.startswith((SECTION_PREFIX, MARKER_PREFIX)):
            break
        taken.append(line)
    if taken and taken[-1].startswith("## "):
        taken.pop()  # the next section's heading
    return "\n".join(taken).strip() + "\n"


def merged_components(
    pull: PullRequest, *, title_template: str, tags: Mapping[str, TagTemplate]
) -> tuple[tuple[ComponentVersion, ...], str]:
    """The components a merged release PR releases and where they were read from: its marker,
    else its title (``tags``: each component's tag template); else ReleasePrError."""
    marker = parse_marker(pull.body)
    if marker is not None and marker.components:
        return marker.components, "its state marker"
    listed = _from_title(pull.title, title_template, tags=tags)
    if listed:
        return listed, "its title (no state marker in the body)"
    example = components_title(
        title_template,
        [ComponentVersion(name, "1.2.3", tag.format("1.2.3")) for name, tag in tags.items()],
    )
    raise unreadable_release_pr(
        pull, "its components' versions", title_template=title_template, example=example
    )


def _from_title(
    title: str, template: str, *, tags: Mapping[str, TagTemplate]
) -> tuple[ComponentVersion, ...]:
    title = title.strip()
    if len(title) > MAX_TITLE_LENGTH:
        return ()
    match = title_pattern(listing_template(template), field=".+?").fullmatch(title)
    if match is None:
        return ()
    fields = match.groupdict()
    if fields.get("version") is None:
        return _from_tags(fields["tag"], tags=tags)
    found: list[ComponentVersion] = []
    for item in fields["version"].split(_SEPARATOR):
        name, _, version = item.partition(" ")
        if name not in tags or not version:
            return ()
        found.append(ComponentVersion(name, version, tags[name].format(version)))
    return tuple(found)


def _from_tags(text: str, *, tags: Mapping[str, TagTemplate]) -> tuple[ComponentVersion, ...]:
    """The components a ``{tag}`` list names (each tag read by its component's template)."""
    found: list[ComponentVersion] = []
    for tag in text.split(_SEPARATOR):
        named = [
            ComponentVersion(name, version, tag)
            for name, template in tags.items()
            if (version := template.version_text(tag)) is not None
            and template.format(version) == tag
        ]
        if len(named) != 1:
            return ()
        found.extend(named)
    return tuple(found)


def parse_versions(
    components: Sequence[ComponentVersion], *, schemes: Mapping[str, VersionScheme], pull: int
) -> tuple[tuple[ComponentVersion, Version], ...]:
    """Each component with its parsed version; ReleasePrError for an unknown component or a
    version its scheme does not read."""
    parsed = []
    for item in components:
        scheme = schemes.get(item.name)
        version = scheme.try_parse(item.version) if scheme is not None else None
        if version is None:
            raise ReleasePrError(
                f"release PR #{pull} releases {printable_line(item.name[:40])} "
                f"'{printable_line(item.version[:40])}', which is not a "
                f"component's version (components: {', '.join(schemes)}); remove its "
                "'release-regent: pending' label to skip releasing it"
            )
        parsed.append((item, version))
    return tuple(parsed)


def decide_component_actions(
    state: ReleaseState,
    *,
    release_pr: ReleasePrPolicy,
    publish: PublishPolicy,
    released: Mapping[str, tuple[Version, ...]],
    primary: str,
    scope: ReconcileScope = ReconcileScope.ALL,
    publishing: Mapping[str, PublishPolicy] | None = None,
) -> ReleaseDecision:
    """Releases for every component of each merged pending PR (oldest PR first, components in
    configuration order), then one release-PR action. Each component's tag and GitHub Release
    follow its own ``publishing`` settings (default: ``publish``).

    GitHub marks one release per repository ``latest``: here only ``primary`` (the first
    component listed) takes it, with a stable version not below its own releases, so the
    repository's latest release is always its main package's. A pull's last component labels
    it released (the "done" flag): a run that stops between components is finished by the next.
    """
    listing = replace(release_pr, title=listing_template(release_pr.title))
    pr_action = release_pr_action(state, policy=listing)
    merged = state.merged
    primary_known = (
        *released.get(primary, ()),
        *(item.version for item in merged if item.component == primary),
    )
    releases = tuple(
        publish_release(
            item,
            publish=(publishing or {}).get(item.component or "", publish),
            latest=item.component == primary and is_highest(item.version, primary_known),
            delete_branch=index == len(merged) - 1 and isinstance(pr_action, NothingToRelease),
            finishes_pull=_last_of_pull(merged, index),
        )
        for index, item in enumerate(merged)
    )
    return finish_decision(state, pr_action, releases, scope=scope)


def _last_of_pull(merged: tuple[MergedRelease, ...], index: int) -> bool:
    following = merged[index + 1] if index + 1 < len(merged) else None
    return following is None or following.pull.number != merged[index].pull.number
