"""How a configuration problem is worded: what is wrong, what is allowed, the closest key."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from types import UnionType
from typing import Annotated, TypeGuard, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from regent.config.models import CONFIG_PROBLEM, RegentConfig

KeyPath = tuple[str | int, ...]

_EXPECTED = {
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "model_type": "a mapping of keys",
    "dict_type": "a mapping of keys",
    "tuple_type": "a list",
    "list_type": "a list",
}
_SCALAR_KINDS = {
    "bool": "the boolean",
    "int": "the number",
    "float": "the number",
    "timestamp": "the date",
}


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag.endswith(":null")


def explain(details: ErrorDetails, *, path: KeyPath, node: Node | None) -> str:
    """What is wrong, and what is allowed instead."""
    kind, value = details["type"], details["input"]
    if kind == CONFIG_PROBLEM:
        return details["msg"]
    if kind == "missing":
        return f"missing required key {details['loc'][-1]!r}"
    if kind == "extra_forbidden":
        return _unknown_key(path)
    if kind == "literal_error":
        choices = get_args(_annotation_at(path))
        return f"{value!r} is not one of {', '.join(choices)}{_suggestion(value, choices)}"
    if kind == "string_pattern_mismatch":
        return f"{value!r} is not a commit type: a type has no spaces and none of ( ) : !"
    if kind in ("string_too_short", "too_short"):
        return "must not be empty"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {shown(node, value)}{_quote_hint(kind, node)}"
    message = details["msg"]
    return message[:1].lower() + message[1:]


def _unknown_key(path: KeyPath) -> str:
    """``unknown key`` with the closest key allowed at that level, or the list of them."""
    name = str(path[-1])
    model = _annotation_at(path[:-1])
    allowed = list(model.model_fields) if _is_model(model) else []
    elsewhere = [dotted(where) for where in _field_paths(RegentConfig, ()) if where[-1] == name]
    if elsewhere:
        return f"unknown key here; did you mean {' or '.join(elsewhere)}?"
    suggestion = _suggestion(name, allowed)
    if suggestion:
        return f"unknown key{suggestion}"
    return f"unknown key; allowed keys are {', '.join(allowed)}"


def _suggestion(value: object, choices: Sequence[str]) -> str:
    """``; did you mean 'x'?`` for the choice closest to ``value``, or nothing."""
    if not isinstance(value, str):
        return ""
    by_lower = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(value.lower(), list(by_lower), n=1)
    return f"; did you mean {by_lower[close[0]]!r}?" if close else ""


def _field_paths(model: type[BaseModel], prefix: KeyPath) -> list[KeyPath]:
    """Every key path of ``model`` and the models nested in it."""
    paths: list[KeyPath] = []
    for name, info in model.model_fields.items():
        paths.append((*prefix, name))
        inner = _unwrap(info.annotation)
        if _is_model(inner):
            paths += _field_paths(inner, (*prefix, name))
    return paths


def _annotation_at(path: KeyPath) -> object:
    """The type the models expect at ``path`` (None when the path leads nowhere)."""
    current: object = RegentConfig
    for part in path:
        current = _unwrap(current)
        if _is_model(current):
            info = current.model_fields.get(str(part))
            current = None if info is None else info.annotation
        elif get_origin(current) in (tuple, list):
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    return _unwrap(current)


def _unwrap(annotation: object) -> object:
    """``annotation`` without ``Annotated`` metadata and without ``| None``."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (Union, UnionType):
            choices = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(choices) != 1:
                return annotation
            annotation = choices[0]
        else:
            return annotation


def _is_model(annotation: object) -> TypeGuard[type[BaseModel]]:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def shown(node: Node | None, value: object) -> str:
    """How a wrong value reads in a message, from its YAML text when there is one."""
    if isinstance(node, MappingNode):
        return "a set" if node.tag.endswith(":set") else "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if not isinstance(node, ScalarNode):
        return _short(repr(value))
    if is_null(node):
        return "an empty value"
    kind = _SCALAR_KINDS.get(node.tag.rsplit(":", 1)[-1])
    return _short(f"{kind} {node.value}" if kind else repr(node.value))


def _short(text: str) -> str:
    """A value as a message quotes it: at most 80 characters."""
    return text if len(text) <= 80 else text[:77] + "..."


def _quote_hint(kind: str, node: Node | None) -> str:
    """For a number, boolean or date where text belongs: how to write it as text."""
    if kind != "string_type" or not isinstance(node, ScalarNode):
        return ""
    if node.tag.rsplit(":", 1)[-1] in ("bool", "int", "float", "timestamp"):
        return f'; put it in quotes: "{node.value}"'
    return ""


def dotted(path: KeyPath) -> str:
    """``changelog.sections[0].title`` for ``("changelog", "sections", 0, "title")``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text
