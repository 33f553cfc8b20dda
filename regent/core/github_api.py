"""Where the GitHub API is and how hard to press it: one default URL and one throttle knob.

Standard library only: every door reads these before its heavy imports.
"""

from __future__ import annotations

DEFAULT_API_URL = "https://api.github.com"
THROTTLE_SETTING = "REGENT_GITHUB_THROTTLE"
"""Test knob: ``off`` drops PyGithub's pauses between requests (a local simulator only)."""


def api_url(value: str | None) -> str:
    """``value`` without surrounding whitespace or a trailing ``/``; the default when empty."""
    return (value or "").strip().rstrip("/") or DEFAULT_API_URL


def throttle_off(value: str | None) -> bool:
    """Whether a ``REGENT_GITHUB_THROTTLE`` value turns the pauses off."""
    return (value or "").strip().lower() == "off"
