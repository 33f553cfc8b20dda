"""The release PR's state labels, kept beside labels people add (compared as GitHub does)."""

from __future__ import annotations

from collections.abc import Sequence

PENDING_LABEL = "release-regent: pending"
RELEASED_LABEL = "release-regent: released"


def pending_labels(current: Sequence[str], *, extra: Sequence[str] = ()) -> tuple[str, ...]:
    """An open release PR's labels: ``current`` less released, plus pending and ``extra``."""
    return _switched(current, drop=RELEASED_LABEL, add=(PENDING_LABEL, *extra))


def released_labels(current: Sequence[str]) -> tuple[str, ...]:
    """The labels of a released PR: ``current`` with pending switched to released."""
    return _switched(current, drop=PENDING_LABEL, add=(RELEASED_LABEL,))


def closed_labels(current: Sequence[str]) -> tuple[str, ...]:
    """The labels of a release PR closed unreleased: ``current`` without pending."""
    return _switched(current, drop=PENDING_LABEL, add=())


def same_labels(first: Sequence[str], second: Sequence[str]) -> bool:
    """Whether two label lists name the same labels (GitHub ignores case and order)."""
    return {label.casefold() for label in first} == {label.casefold() for label in second}


def has_label(labels: Sequence[str], label: str) -> bool:
    """Whether ``labels`` holds ``label`` (GitHub ignores case: ``Release-Regent: Pending``)."""
    wanted = label.casefold()
    return any(name.casefold() == wanted for name in labels)


def _switched(current: Sequence[str], *, drop: str, add: Sequence[str]) -> tuple[str, ...]:
    kept = [label for label in current if label.casefold() != drop.casefold()]
    names = {label.casefold() for label in kept}
    for label in add:
        if label.casefold() not in names:
            kept.append(label)
            names.add(label.casefold())
    return tuple(kept)
