"""The subject of the commit a release branch holds: written once, recognised everywhere."""

from __future__ import annotations

import re

RELEASE_COMMIT_PREFIX = "chore(release): "
_SUBJECT = re.compile(re.escape(RELEASE_COMMIT_PREFIX) + r"\S+")


def release_commit_subject(tag: str) -> str:
    """The subject of the release commit for ``tag`` (``chore(release): v1.2.0``)."""
    return f"{RELEASE_COMMIT_PREFIX}{tag}"


def is_release_commit_subject(subject: str) -> bool:
    """Whether ``subject`` is one ``release_commit_subject`` writes."""
    return _SUBJECT.fullmatch(subject) is not None
