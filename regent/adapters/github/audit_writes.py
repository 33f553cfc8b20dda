"""What a write to GitHub does, read from its request and answer: the object's kind and id, the
action, and the object after it (the audit record's ``object``, ``action`` and ``after``).

Long texts (a pull request's body, a commit message) are given as their length and SHA-256:
provable against GitHub, never copied into the audit trail.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from regent.adapters.github.exchanges import Exchange
from regent.adapters.github.routes import REPO

Facts = dict[str, Any]
Described = tuple[str, str | None, str, Facts | None]
"""A write's object kind, its id, the action, and the object after it."""


def describe(exchange: Exchange, sent: Any, answer: Any) -> Described:
    """What a write does: the object's kind and id, the action, and the object after it."""
    method, route = exchange.method, exchange.route
    rest = after_repository(exchange.path)
    sent = sent if isinstance(sent, Mapping) else {}
    listed, answer = answer, answer if isinstance(answer, Mapping) else {}
    suffix = route.removeprefix(REPO)
    if suffix == "/git/refs" and method == "POST":
        kind, name = ref_name(str(sent.get("ref", "")))
        return kind, name, "create", {"sha": sent.get("sha")}
    if suffix == "/git/refs/{ref}":
        kind, name = ref_name("refs/" + "/".join(rest[2:]))
        action = "delete" if method == "DELETE" else "update"
        return kind, name, action, {"sha": sent.get("sha"), "force": sent.get("force", False)}
    if suffix in ("/git/blobs", "/git/trees", "/git/commits", "/git/tags"):
        return _git_object(suffix, sent, answer)
    if suffix.startswith("/pulls"):
        return _pull(method, rest, sent, answer)
    if suffix.startswith("/issues"):
        return _issue(method, suffix, rest, sent, listed)
    if suffix in {"/labels", "/labels/{name}"}:
        name = str(sent.get("name") or unquote(rest[-1]))
        return "label", name, _crud(method), {"name": name, "color": sent.get("color")}
    if suffix.startswith("/releases"):
        return _release(method, suffix, exchange.path, rest=rest, sent=sent, answer=answer)
    if suffix == "/contents/{path}":
        path = unquote("/".join(rest[1:]))
        after = {"branch": sent.get("branch"), "content": _digest(sent.get("content"))}
        return "file", path, "delete" if method == "DELETE" else "update", after
    if route == "/graphql":
        return _graphql(sent, answer)
    return "other", exchange.route, method.lower(), None


def _git_object(suffix: str, sent: Mapping[str, Any], answer: Mapping[str, Any]) -> Described:
    kind = {"/git/blobs": "blob", "/git/trees": "tree", "/git/commits": "commit"}.get(
        suffix, "tag_object"
    )
    after: Facts = {"sha": answer.get("sha")}
    if kind == "commit":
        after |= {"tree": sent.get("tree"), "parents": sent.get("parents")}
        after["message"] = _digest(sent.get("message"))
    if kind == "tag_object":
        after |= {"tag": sent.get("tag"), "object": sent.get("object")}
    return kind, answer.get("sha"), "create", after


def _pull(
    method: str, rest: list[str], sent: Mapping[str, Any], answer: Mapping[str, Any]
) -> Described:
    number = rest[1] if len(rest) > 1 else answer.get("number")
    after = pull_facts(answer) if answer else {}
    if "body" in sent:
        after["body"] = _digest(sent.get("body"))
    action = "create" if method == "POST" and len(rest) == 1 else _crud(method)
    if len(rest) > 2:
        action = rest[2]  # merge
    return "pull_request", text_of(number), action, after or None


def _issue(
    method: str, suffix: str, rest: list[str], sent: Mapping[str, Any], answer: Any
) -> Described:
    if suffix.startswith("/issues/comments/"):
        comment = rest[2]
        if suffix.endswith("/reactions"):
            return "reaction", f"comment {comment}", "create", {"content": sent.get("content")}
        return "comment", comment, _crud(method), {"body": _digest(sent.get("body"))}
    number = rest[1] if len(rest) > 1 else None
    found = answer if isinstance(answer, Mapping) else {}
    if suffix.endswith("/comments"):
        after = {"issue": number, "body": _digest(sent.get("body"))}
        return "comment", text_of(found.get("id")), "create", after
    if "/labels" in suffix:
        return _labels(method, rest, answer)
    facts = {key: found.get(key) for key in ("title", "state") if key in found}
    if "body" in sent:
        facts["body"] = _digest(sent.get("body"))
    if number is None:
        return "issue", text_of(found.get("number")), "create", facts or None
    return "issue", number, _crud(method), facts or None


def _labels(method: str, rest: list[str], answer: Any) -> Described:
    """A pull request's (or issue's) labels: replaced (PUT), added (POST), one taken off."""
    number = f"#{rest[1]}"
    if method == "DELETE":
        return "labels", number, "remove", {"removed": unquote(rest[3]) if len(rest) > 3 else None}
    listed = answer if isinstance(answer, list) else []
    names = [str(item.get("name")) for item in listed if isinstance(item, Mapping)]
    return "labels", number, "replace" if method == "PUT" else "add", {"labels": names}


def _release(
    method: str,
    suffix: str,
    path: str,
    *,
    rest: list[str],
    sent: Mapping[str, Any],
    answer: Mapping[str, Any],
) -> Described:
    if suffix.endswith("/assets") or suffix.startswith("/releases/assets/"):
        if method == "DELETE":
            return "asset", rest[-1], "delete", None
        name = parse_qs(urlsplit(path).query).get("name", [answer.get("name")])[0]
        after = {"name": name, "size": answer.get("size"), "release": rest[1]}
        return "asset", text_of(answer.get("id")) or name, _crud(method), after
    facts = release_facts(answer)
    name = text_of(answer.get("id")) if answer else (rest[1] if len(rest) > 1 else None)
    return "release", name, _crud(method), facts or None


def _graphql(sent: Mapping[str, Any], answer: Mapping[str, Any]) -> Described:
    query = str(sent.get("query", ""))
    variables = sent.get("variables") if isinstance(sent.get("variables"), Mapping) else {}
    field = query.split("{", 2)[1].split("(", 1)[0].strip() if query.count("{") > 1 else "graphql"
    data = answer.get("data") if isinstance(answer.get("data"), Mapping) else {}
    found = data.get(field) if isinstance(data, Mapping) else None
    pull = found.get("pullRequest") if isinstance(found, Mapping) else None
    number = pull.get("number") if isinstance(pull, Mapping) else None
    ident = text_of(number) or text_of(_input_of(variables).get("pullRequestId"))
    return "pull_request", ident, field, {"input": _input_of(variables) or None}


def _input_of(variables: Any) -> Facts:
    given = variables.get("input") if isinstance(variables, Mapping) else None
    return dict(given) if isinstance(given, Mapping) else {}


def pull_facts(data: Mapping[str, Any]) -> Facts:
    head = data.get("head") if isinstance(data.get("head"), Mapping) else {}
    labels = data.get("labels")
    facts: Facts = {
        "number": data.get("number"),
        "title": data.get("title"),
        "state": data.get("state"),
        "draft": data.get("draft"),
        "head": head.get("ref") if isinstance(head, Mapping) else None,
        "head_sha": head.get("sha") if isinstance(head, Mapping) else None,
    }
    if isinstance(labels, list):
        facts["labels"] = [str(item.get("name")) for item in labels if isinstance(item, Mapping)]
    return facts


def release_facts(data: Mapping[str, Any]) -> Facts:
    keys = ("tag_name", "name", "draft", "prerelease", "target_commitish")
    return {key: data.get(key) for key in keys if key in data}


def ref_name(ref: str) -> tuple[str, str]:
    """``refs/heads/x`` -> (branch, x); ``refs/tags/v1`` -> (tag, v1); else (ref, the ref)."""
    for prefix, kind in (("refs/heads/", "branch"), ("refs/tags/", "tag")):
        if ref.startswith(prefix):
            return kind, unquote(ref.removeprefix(prefix))
    return "ref", unquote(ref)


def after_repository(path: str) -> list[str]:
    """The path's segments after ``/repos/{owner}/{repo}`` (or ``/repositories/{id}``)."""
    parts = urlsplit(path).path.strip("/").split("/")
    for index, part in enumerate(parts):
        if part == "repos" and len(parts) > index + 2:
            return parts[index + 3 :]
        if part == "repositories" and len(parts) > index + 1 and parts[index + 1].isdigit():
            return parts[index + 2 :]
    return []


def repository_of(path: str | Exchange) -> str | None:
    raw = path.path if isinstance(path, Exchange) else path
    parts = urlsplit(raw).path.strip("/").split("/")
    if "repos" in parts:
        index = parts.index("repos")
        if len(parts) > index + 2:
            return f"{unquote(parts[index + 1])}/{unquote(parts[index + 2])}"
    return None


def _crud(method: str) -> str:
    return {"POST": "create", "PUT": "update", "PATCH": "update", "DELETE": "delete"}.get(
        method, method.lower()
    )


def _digest(text: Any) -> dict[str, Any] | None:
    """A long text (a body, a message) as its length and SHA-256: provable, never copied out."""
    if not isinstance(text, str):
        return None
    return {"sha256": hashlib.sha256(text.encode()).hexdigest(), "length": len(text)}


def text_of(value: Any) -> str | None:
    return None if value is None else str(value)
