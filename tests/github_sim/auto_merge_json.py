"""The ``auto_merge`` object of a pull request's REST JSON (null unless enabled and open)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.github_sim.records import PullRecord


def merge_texts(pull: PullRecord, method: str) -> tuple[str, str]:
    """The commit title and message auto-merge will use for ``method``, as GitHub fills them."""
    if method == "squash":
        return f"{pull.title} (#{pull.number})", ""
    if method == "merge":
        return f"Merge pull request #{pull.number} from {pull.head}", pull.title
    return "", ""


def auto_merge_json(
    pull: PullRecord, base_url: str, user: Callable[[str, str], dict[str, Any]]
) -> dict[str, Any] | None:
    record = pull.auto_merge
    if record is None or pull.state != "open":
        return None
    title, message = merge_texts(pull, record.merge_method)
    return {
        "enabled_by": user(record.enabled_by, base_url),
        "merge_method": record.merge_method,
        "commit_title": title,
        "commit_message": message,
    }
