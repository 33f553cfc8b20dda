"""The environment variable naming the webhook secrets, and how its value is read."""

from __future__ import annotations

SECRET_SETTING = "GITHUB_WEBHOOK_SECRET"
"""The GitHub App's webhook secret; comma-separated, several while one is rotated."""


def webhook_secrets(value: str | None) -> tuple[str, ...]:
    """The secrets in a ``GITHUB_WEBHOOK_SECRET`` value: comma-separated, blanks dropped."""
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())
