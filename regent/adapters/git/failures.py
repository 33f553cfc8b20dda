"""What a failed git command said, and a failed fetch's error: what to check, or a retry."""

from __future__ import annotations

import git

from regent.adapters.network import GIT_CA_SETTING, unreachable, what_to_check
from regent.core.errors import HistoryError


def fetch_error(
    repo: git.Repo, error: git.GitCommandError, doing: str, *, remote: str, advice: str
) -> HistoryError:
    """A failed fetch: what to check when the remote cannot be reached, else ``advice`` and
    a retry (a dropped connection, a busy server)."""
    said = stderr_of(error)
    reason = unreachable(said)
    if reason is None:
        return HistoryError(f"{doing} ({said}); {advice}", retryable=True)
    try:
        url: str = repo.git.remote("get-url", remote)
    except git.GitCommandError:
        url = ""
    setting = f"the checkout's {remote} remote"
    check = what_to_check(reason, url=url, setting=setting, ca_setting=GIT_CA_SETTING)
    return HistoryError(f"{doing} ({said}): {check}")


def stderr_of(error: git.GitCommandError) -> str:
    """What the failed git command wrote to stderr, or its exit status when it wrote nothing."""
    text = str(error.stderr or error).strip()
    return text.removeprefix("stderr: ").strip("'\" \n") or f"exit status {error.status}"
