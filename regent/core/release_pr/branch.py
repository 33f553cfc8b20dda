"""The release branch: one stable head branch per base branch, safe in git's ref namespace.

The base branch name becomes one path segment under ``release-regent/``: ``%`` is written
``%25`` and ``/`` is written ``%2F``, nothing else changes. The escape is injective, so two
base branches never share a release branch, and every release branch is a leaf
``release-regent/<segment>``, so no release branch is a directory of another (git cannot hold
``a/b`` and ``a/b/c`` at once). A valid branch name stays valid: ``%`` and the digits are
allowed in refs, and no ``..``, leading dot or ``.lock`` ending can appear.
"""

from __future__ import annotations

RELEASE_BRANCH_PREFIX = "release-regent/"
_ESCAPES = (("%", "%25"), ("/", "%2F"))


def release_branch_name(base_branch: str) -> str:
    """The head branch of ``base_branch``'s release PR, e.g. ``release-regent/main``."""
    segment = base_branch
    for plain, escaped in _ESCAPES:
        segment = segment.replace(plain, escaped)
    return RELEASE_BRANCH_PREFIX + segment
