"""``POST /graphql``: the one mutation Release Regent sends, ``enablePullRequestAutoMerge``.

The mutation takes its input as a variable (``enablePullRequestAutoMerge(input: $input)``, as
PyGithub's ``graphql_named_mutation`` writes it) and answers exactly the fields selected from
its payload (``clientMutationId``, ``actor``, ``pullRequest`` with ``autoMergeRequest``). Any
other query or mutation, a field the payload lacks, or a bad input is a GraphQL error (HTTP 200,
``errors``), as GitHub answers them; so is what GitHub refuses (auto_merge.Refused).
"""

from __future__ import annotations

import re
from typing import Any

from tests.github_sim.auth import LEVELS, token_info
from tests.github_sim.auto_merge import Refused, enable
from tests.github_sim.auto_merge_json import merge_texts
from tests.github_sim.records import PullRecord
from tests.github_sim.render import node_id
from tests.github_sim.routing import Request, Response, SimError, route
from tests.github_sim.state import SimRepo, SimState
from tests.github_sim.validation import GRAPHQL

MUTATION = "enablePullRequestAutoMerge"
ONLY = f"the simulator's GraphQL endpoint answers only the {MUTATION} mutation"
_CALL = re.compile(
    r"^\s*mutation\b[^{]*\{\s*(?P<field>\w+)\s*\(\s*input\s*:\s*\$(?P<var>\w+)\s*\)\s*"
    r"\{(?P<selection>.*)\}\s*\}\s*$",
    re.DOTALL,
)
_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z_]\w*)|(?P<brace>[{}])|(?P<comma>,))")
Selection = dict[str, "Selection | None"]


class GraphQLError(Exception):
    """One entry of ``errors``: message, and ``type`` when GitHub gives one."""

    def __init__(self, message: str, *, kind: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind

    def json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"message": str(self), "locations": [{"line": 1, "column": 1}]}
        if self.kind is not None:
            entry |= {"type": self.kind, "path": [MUTATION]}
        return entry


@route("POST", "/graphql", GRAPHQL)
def graphql(state: SimState, request: Request) -> Response:
    body = request.body if isinstance(request.body, dict) else None
    if body is None or not isinstance(body.get("query"), str):
        raise SimError(400, "Problems parsing JSON")
    try:
        return Response(200, {"data": {MUTATION: _enable(state, request, body)}})
    except GraphQLError as error:
        data = {"data": {MUTATION: None}} if error.kind is not None else {}
        return Response(200, {**data, "errors": [error.json()]})


def _enable(state: SimState, request: Request, body: dict[str, Any]) -> dict[str, Any] | None:
    found = _CALL.match(body["query"])
    if found is None or found["field"] != MUTATION:
        asked = found["field"] if found else body["query"].strip().split("\n")[0][:80]
        raise GraphQLError(f"{ONLY} (with its input as a variable); asked: {asked}")
    selection = _parse_selection(found["selection"])
    given = (body.get("variables") or {}).get(found["var"])
    pull_id, method = _input(given)
    repo, pull = _pull_by_node(state, pull_id)
    info = token_info(state, request.token)
    if info.permissions is not None and LEVELS[info.permissions.get("pull_requests", "none")] < 2:
        raise GraphQLError("Resource not accessible by integration", kind="FORBIDDEN")
    try:
        enable(state, repo, pull, method, info.login)
    except Refused as refused:
        raise GraphQLError(str(refused), kind="UNPROCESSABLE") from refused
    payload = {
        "__typename": "EnablePullRequestAutoMergePayload",
        "clientMutationId": given.get("clientMutationId"),
        "actor": _actor(info.login),
        "pullRequest": _pull_node(pull),
    }
    return _select(payload, selection)


def _input(given: Any) -> tuple[str, str]:
    if not isinstance(given, dict) or not isinstance(given.get("pullRequestId"), str):
        raise GraphQLError(
            "Variable $input of type EnablePullRequestAutoMergeInput! was provided invalid "
            "value for pullRequestId (Expected value to not be null)"
        )
    method = given.get("mergeMethod", "MERGE")
    if method not in ("MERGE", "SQUASH", "REBASE"):
        raise GraphQLError(
            "Variable $input of type EnablePullRequestAutoMergeInput! was provided invalid "
            f"value for mergeMethod (Expected {method!r} to be one of: MERGE, SQUASH, REBASE)"
        )
    return given["pullRequestId"], method.lower()


def _pull_by_node(state: SimState, pull_id: str) -> tuple[SimRepo, PullRecord]:
    for repo in state.repos.values():
        for pull in repo.pulls.values():
            if node_id("PullRequest", pull.id) == pull_id:
                return repo, pull
    raise GraphQLError(
        f"Could not resolve to a node with the global id of '{pull_id}'", kind="NOT_FOUND"
    )


def _actor(login: str) -> dict[str, Any]:
    return {
        "__typename": "Bot" if login.endswith("[bot]") else "User",
        "login": login,
        "avatarUrl": f"https://avatars.githubusercontent.com/{login}",
        "resourcePath": f"/{login}",
        "url": f"https://github.com/{login}",
    }


def _pull_node(pull: PullRecord) -> dict[str, Any]:
    record = pull.auto_merge
    request = None
    if record is not None:
        headline, body = merge_texts(pull, record.merge_method)
        request = {
            "__typename": "AutoMergeRequest",
            "mergeMethod": record.merge_method.upper(),
            "enabledAt": record.enabled_at,
            "enabledBy": _actor(record.enabled_by),
            "commitHeadline": headline,
            "commitBody": body,
        }
    return {
        "__typename": "PullRequest",
        "id": node_id("PullRequest", pull.id),
        "number": pull.number,
        "headRefOid": pull.head_sha,
        "autoMergeRequest": request,
    }


def _parse_selection(text: str) -> Selection:
    """``a b { c }`` -> ``{"a": None, "b": {"c": None}}``; a malformed set is a GraphQLError."""
    tokens = [(m["name"], m["brace"]) for m in _TOKEN.finditer(text) if not m["comma"]]
    if "".join(m.group(0) for m in _TOKEN.finditer(text)).strip() != text.strip():
        raise GraphQLError(f"Parse error in the selection of {MUTATION}: {text.strip()[:80]}")
    selection, rest = _fields(tokens)
    if rest:
        raise GraphQLError(f"Parse error: unexpected '}}' in the selection of {MUTATION}")
    return selection


def _fields(tokens: list[tuple[str | None, str | None]]) -> tuple[Selection, list[Any]]:
    selection: Selection = {}
    while tokens and tokens[0][1] != "}":
        name, _ = tokens.pop(0)
        if name is None:
            raise GraphQLError(f"Parse error: expected a field name in {MUTATION}")
        selection[name] = None
        if tokens and tokens[0][1] == "{":
            inner, tokens = _fields(tokens[1:])
            if not tokens:
                raise GraphQLError(f"Parse error: unclosed '{{' after {name}")
            selection[name], tokens = inner, tokens[1:]
    return selection, tokens


def _select(value: dict[str, Any], selection: Selection) -> dict[str, Any]:
    """The selected fields of ``value`` (GitHub's "Field 'x' doesn't exist on type 'T'")."""
    chosen: dict[str, Any] = {}
    for name, inner in selection.items():
        if name not in value:
            raise GraphQLError(f"Field '{name}' doesn't exist on type '{value['__typename']}'")
        found = value[name]
        if isinstance(found, dict) and inner is None:
            raise GraphQLError(f"Field must have selections (field '{name}' returns an object)")
        chosen[name] = _select(found, inner) if isinstance(found, dict) and inner else found
    return chosen
