"""Checks that a tag template and a ``since`` revision can name git refs."""

from __future__ import annotations

from regent.config.sections import config_problem

GIT_REF_FORBIDDEN = frozenset("~^:?*[\\")
MAX_REVISION_LENGTH = 256


def tag_template_problem(template: str) -> str | None:
    """Why ``template`` cannot name release tags, or None when it can."""
    count = template.count("{version}")
    if count != 1:
        return (
            f"{template!r} must contain {{version}} exactly once, not {count} times; "
            "e.g. 'v{version}' or 'release-{version}'"
        )
    literal = template.replace("{version}", "")
    if "{" in literal or "}" in literal:
        return f"{template!r}: {{version}} is the only placeholder; remove the other braces"
    unusable = sorted(
        char
        for char in set(literal)
        if char in GIT_REF_FORBIDDEN or char.isspace() or not char.isprintable()
    )
    if unusable:
        shown = " ".join(repr(char) for char in unusable)
        return f"{template!r} cannot name a git tag: it contains {shown}"
    if any(".." in part for part in template.split("{version}")):
        return f"{template!r} cannot name a git tag: it contains '..'"
    return None


def revision_problem(revision: str) -> str | None:
    """Why ``revision`` cannot name a commit for ``since``, or None when it may."""
    if not revision or revision != revision.strip() or revision.startswith("-"):
        return f"{revision!r} is not a commit: give a sha, a tag, or a ref such as main~100"
    if any(char.isspace() or not char.isprintable() for char in revision):
        return f"{revision!r} is not a commit: no spaces or control characters"
    if len(revision) > MAX_REVISION_LENGTH:
        return f"a commit name of {len(revision)} characters is too long; give its sha"
    return None


def usable_since(revision: str) -> str:
    """``revision`` when it may name the ``since`` commit; a configuration problem otherwise."""
    if (problem := revision_problem(revision)) is not None:
        raise config_problem(problem)
    return revision
