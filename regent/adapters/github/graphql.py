"""GraphQL calls, through PyGithub's requester (its auth, retries and URL: ``/graphql`` beside the
REST API, ``/api/graphql`` on GitHub Enterprise Server): enabling auto-merge."""

from __future__ import annotations

from collections.abc import Mapping

from github.GithubException import GithubException

from regent.adapters.github.call import RepoCall
from regent.adapters.github.writes import nothing_to_check

ENABLE_AUTO_MERGE = "enablePullRequestAutoMerge"
SELECTED = "pullRequest { number autoMergeRequest { mergeMethod } }"


def enable_auto_merge(call: RepoCall, *, node_id: str, method: str) -> str | None:
    """Enable auto-merge with ``method`` on the pull request ``node_id``; None when enabled,
    else GitHub's reason for refusing (a GraphQL error: the repository does not allow
    auto-merge, the base branch has no protection, nothing is left to wait for...)."""
    mutation = {"pullRequestId": node_id, "mergeMethod": method.upper()}

    def send() -> None:
        call.api.requester.graphql_named_mutation(ENABLE_AUTO_MERGE, mutation, SELECTED)

    try:  # enabling it again is harmless: sent again after a lost answer
        call.writer.create(send, recheck=nothing_to_check)
    except GithubException as error:
        refusal = graphql_refusal(error)
        if refusal is None:
            raise
        return refusal
    return None


def graphql_refusal(error: GithubException) -> str | None:
    """The messages of a GraphQL answer's ``errors`` (PyGithub raises them as a 400, or a 404
    for NOT_FOUND); None for any other failure (HTTP errors go the usual way)."""
    data = error.data
    if error.status not in (400, 404) or not isinstance(data, Mapping):
        return None
    errors = data.get("errors")
    if not isinstance(errors, list) or not errors:
        return None
    messages = [str(item.get("message")) for item in errors if isinstance(item, Mapping)]
    return "; ".join(message for message in messages if message) or None
