"""Who may steer a release: a login's role on the repository."""

from __future__ import annotations

from urllib.parse import quote

from github.GithubException import GithubException

from regent.adapters.github.call import RepoCall, absent

ROLES = ("admin", "maintain", "write", "triage", "read", "none")


def role(call: RepoCall, login: str) -> str:
    """The role GitHub names (``role_name``); for a custom role or a server without role names,
    the base permission (admin, write, read or none); none for a login GitHub does not know."""
    try:
        data = call.request("GET", f"/collaborators/{quote(login, safe='')}/permission")
    except GithubException as error:
        if absent(error):
            return "none"
        raise
    named = str(data.get("role_name") or "").lower()
    return named if named in ROLES else str(data.get("permission") or "none").lower()
