"""Versions pinned per component on a monorepo's release PR (``!set-version api 2.0.0``): the
pins the open release PRs hold, this run's changes to them, what a pull request's command pins,
and whether a version can be pinned (docs/steering.md, docs/monorepo.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from regent.core.components.model import Monorepo
from regent.core.errors import UsageError
from regent.core.markdown import markdown_line
from regent.core.model import PullRequest, ReleasePulls
from regent.core.release_pr.branch import release_branch_name
from regent.core.release_pr.marker import VersionPin, parse_marker
from regent.core.release_pr.separate import branch_component, component_branch_name
from regent.services.release_steering import Overrides

NAME_THE_COMPONENT = (
    "!set-version on a monorepo's release PR names the component it pins "
    "(`!set-version api 2.0.0`, or `!set-version api auto`)"
)


def held_pins(pulls: ReleasePulls, *, separate: bool) -> dict[str, VersionPin]:
    """The pins the open release PRs of a listing hold, by component (those of the mode in use,
    ``separate`` or not, over the other mode's, whose release PRs are being closed)."""
    together = [pulls.open] if pulls.open is not None else []
    own = [pull for pull in pulls.nested if pull.is_open]
    pins: dict[str, VersionPin] = {}
    for pull in (*together, *own) if separate else (*own, *together):
        marker = parse_marker(pull.body)
        for item in marker.components if marker is not None else ():
            if item.pin is not None:
                pins[item.name] = item.pin
    return pins


def pinned_now(
    pins: Mapping[str, VersionPin], overrides: Overrides, *, monorepo: Monorepo
) -> tuple[dict[str, VersionPin], tuple[str, ...]]:
    """``pins`` with this run's ``!set-version`` applied to its components and their linked
    groups, and the components it pins (checked, not dropped, when they do not hold)."""
    if overrides.pin is None and not overrides.unpin:
        return dict(pins), ()
    if not overrides.components:
        raise UsageError(NAME_THE_COMPONENT)
    names = tuple(
        dict.fromkeys(member for name in overrides.components for member in monorepo.group_of(name))
    )
    kept = {name: pin for name, pin in pins.items() if name not in names}
    if overrides.pin is None:
        return kept, ()
    return {**kept, **dict.fromkeys(names, overrides.pin)}, names


def component_pin(pull: PullRequest, name: str) -> VersionPin | None:
    """The pin release PR ``pull``'s marker holds for component ``name``, if any."""
    marker = parse_marker(pull.body)
    found = [c.pin for c in marker.components if c.name == name] if marker is not None else []
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class PinTargets:
    """What a ``!set-version`` on a release PR pins: the components (and their linked groups'
    members; () for a single package), or why it pins nothing (a reply, in Markdown)."""

    components: tuple[str, ...] = ()
    refusal: str | None = None


def pin_targets(monorepo: Monorepo | None, pull: PullRequest, component: str | None) -> PinTargets:
    """The components ``!set-version [component] <version>`` on release PR ``pull`` pins: the
    named one, or the plain form's one component of a release PR that releases one."""
    together = release_branch_name(pull.base_branch)
    if monorepo is None:
        if pull.head_branch != together:
            return PinTargets(
                refusal=(
                    f"`set-version` works on the release pull request (head branch "
                    f"`{markdown_line(together)}`): this repository has no components, so "
                    f"#{pull.number} releases none"
                )
            )
        if component is None:
            return PinTargets()
        return PinTargets(
            refusal=(
                f"this repository releases one version (it has no `components:`), so "
                f"`set-version` takes the version alone, not `{markdown_line(component)}`"
            )
        )
    names = tuple(c.name for c in monorepo.components)
    base = pull.base_branch
    if pull.head_branch == together:
        held = names
    else:
        held = (branch_component(pull.head_branch, base_branch=base),)
        if held[0] not in names:
            return PinTargets(refusal=_no_longer(held[0], names))
    if component is None and len(held) > 1:
        return PinTargets(refusal=_name_one(pull.number, held))
    name = component if component is not None else held[0]
    if not set(held) & set(monorepo.group_of(name)):
        return PinTargets(refusal=_not_here(name, pull, held=held, names=names))
    return PinTargets(monorepo.group_of(name))


def pinned_words(components: tuple[str, ...], version: str | None) -> str:
    """What an accepted ``!set-version`` did, in words."""
    named = ", ".join(components)
    linked = f" (the linked group [{named}])" if len(components) > 1 else ""
    if version is None:
        return f"{named}{linked} back to the planned version"
    return f"{named}{linked} pinned to {version}"


def _listing(names: tuple[str, ...]) -> str:
    return ", ".join(f"`{markdown_line(name)}`" for name in names)


def _name_one(number: int, held: tuple[str, ...]) -> str:
    return (
        f"release pull request #{number} releases several components ({_listing(held)}): "
        f"name the one to pin, `!set-version {markdown_line(held[0])} <version>`, or "
        f"`!set-version {markdown_line(held[0])} auto` to drop its pin"
    )


def _not_here(
    name: str, pull: PullRequest, *, held: tuple[str, ...], names: tuple[str, ...]
) -> str:
    if name in names:
        branch = component_branch_name(pull.base_branch, name)
        return (
            f"`{markdown_line(name)}` has a release pull request of its own (head branch "
            f"`{markdown_line(branch)}`); #{pull.number} releases {_listing(held)} only: "
            f"comment `!set-version {markdown_line(name)} <version>` there"
        )
    return (
        f"`{markdown_line(name)}` is not a component of this repository (components: "
        f"{_listing(names)}); release pull request #{pull.number} releases {_listing(held)}"
    )


def _no_longer(name: str, names: tuple[str, ...]) -> str:
    return (
        f"`{markdown_line(name)}` is no longer a component in the configuration (components: "
        f"{_listing(names)}), so nothing releases it: its release pull request is closed by "
        "the next run"
    )
