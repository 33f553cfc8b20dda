"""Find, read and check ``.release-regent.yml``, reporting every problem with its line."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Annotated, Protocol, TypeGuard, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from regent.config.models import CONFIG_PROBLEM, RegentConfig
from regent.core.errors import ConfigError
from regent.core.policy import ReleasePolicy

_STR_TAG = "tag:yaml.org,2002:str"
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

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class _Problem:
    """One thing wrong with the file, already worded for the user."""

    line: int
    key: str | None
    text: str

    def located(self, source: str) -> str:
        return f"{source}:{self.line}: {self.text}"


@dataclass(frozen=True, slots=True)
class _Spot:
    """Where the value of one key path sits: the line of its key and the value's node."""

    key_line: int
    node: Node


def load_config_file(path: Path, *, shown_as: str | None = None) -> ReleasePolicy:
    """The policy in the file at ``path``, named ``shown_as`` in errors."""
    source = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"is not UTF-8 text (byte {error.start}); save the file as UTF-8", path=source
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise ConfigError(f"cannot read the configuration: {reason}", path=source) from None
    return parse_config_text(text, source=source)


def parse_config_text(text: str, *, source: str) -> ReleasePolicy:
    """The policy described by ``text``; ``source`` names the file in error messages."""
    root = _compose(text, source=source)
    if root is None or _is_null(root):
        return ReleasePolicy()
    if not isinstance(root, MappingNode):
        raise ConfigError(
            "the top level must be a mapping of keys such as 'version_scheme: semver', "
            f"not {_shown(root, None)}",
            path=source,
            line=_line(root),
        )
    survey = _Survey()
    survey.walk(root, path=(), key_line=_line(root))
    data = _construct(root, text=text, source=source)
    try:
        config = RegentConfig.model_validate(data)
    except ValidationError as error:
        found = [_from_validation(details, survey.spots) for details in error.errors()]
        raise _config_error([*survey.problems, *found], source=source) from None
    if survey.problems:
        raise _config_error(survey.problems, source=source)
    return config.to_policy()


def _compose(text: str, *, source: str) -> Node | None:
    """The YAML node tree of ``text`` (None when it holds no document); aliases refused."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        aliases = [
            _Problem(
                _mark_line(event.start_mark),
                None,
                f"the alias *{event.anchor} is not supported in this file; write the value out",
            )
            for event in yaml.parse(text, Loader=yaml.SafeLoader)
            if isinstance(event, yaml.AliasEvent)
        ]
    except yaml.MarkedYAMLError as error:
        raise _config_error(_syntax_problems(error, text=text), source=source) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise ConfigError(
            f"the character U+{error.character:04X} is not allowed in YAML; remove it",
            path=source,
            line=line,
        ) from None
    except RecursionError:
        raise ConfigError("the YAML nests too deeply to be a configuration", path=source) from None
    if aliases:
        raise _config_error(aliases, source=source)
    return root


def _construct(root: Node, *, text: str, source: str) -> object:
    """Plain Python data from the checked node tree."""
    try:
        return SafeConstructor().construct_document(root)
    except yaml.MarkedYAMLError as error:
        raise _config_error(_syntax_problems(error, text=text), source=source) from None


@dataclass
class _Survey:
    """Where each key path sits in the file, and the keys given twice."""

    spots: dict[KeyPath, _Spot] = field(default_factory=dict)
    problems: list[_Problem] = field(default_factory=list)

    def walk(self, node: Node, *, path: KeyPath, key_line: int) -> None:
        self.spots[path] = _Spot(key_line=key_line, node=node)
        if isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, path=(*path, index), key_line=_line(item))
        elif isinstance(node, MappingNode):
            self._walk_mapping(node, path=path)

    def _walk_mapping(self, node: MappingNode, *, path: KeyPath) -> None:
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                continue
            key_node.tag = _STR_TAG
            name, line = key_node.value, _line(key_node)
            if name in first_seen:
                key = _dotted((*path, name))
                text = f"{key}: duplicate key (first set on line {first_seen[name]}); keep one"
                self.problems.append(_Problem(line, key, text))
                continue
            first_seen[name] = line
            self.walk(value_node, path=(*path, name), key_line=line)


def _from_validation(details: ErrorDetails, spots: dict[KeyPath, _Spot]) -> _Problem:
    """Word one pydantic error and place it on the line of its key or value."""
    at_key = details["type"] in ("extra_forbidden", "missing") or details["loc"][-1:] == ("[key]",)
    path = tuple(part for part in details["loc"] if part != "[key]")
    if details["type"] == "missing":
        path = path[:-1]
    known = path
    while known not in spots:
        known = known[:-1]
    spot = spots[known]
    node = spot.node if known == path else None
    on_value = isinstance(node, ScalarNode) and not at_key
    line = _line(spot.node) if on_value else spot.key_line
    key = _dotted(path) or None
    text = _explain(details, path=path, node=node)
    return _Problem(line, key, f"{key}: {text}" if key else text)


def _syntax_problems(error: yaml.MarkedYAMLError, *, text: str) -> list[_Problem]:
    """A YAML syntax error, and every line indented with a tab (a common cause)."""
    lines = text.splitlines()
    tabbed = [
        number
        for number, content in enumerate(lines, start=1)
        if "\t" in content[: len(content) - len(content.lstrip(" \t-"))]
    ]
    problems = [
        _Problem(number, None, "indented with a tab; YAML indents with spaces only")
        for number in tabbed
    ]
    line = _mark_line(error.problem_mark or error.context_mark)
    if line not in tabbed:
        problems.append(_Problem(line, None, _syntax_text(error)))
    return problems


def _syntax_text(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's context and problem, e.g. ``while scanning a simple key (line 2), ...``."""
    mark = error.problem_mark or error.context_mark
    column = "" if mark is None else f" (column {mark.column + 1})"
    context = error.context or ""
    if context and error.context_mark is not None:
        context += f" (line {error.context_mark.line + 1})"
    return f"invalid YAML{column}: " + ", ".join(filter(None, [context, error.problem]))


def _config_error(problems: list[_Problem], *, source: str) -> ConfigError:
    """One error listing every problem, one per line, ordered by line."""
    first, *rest = sorted(dict.fromkeys(problems), key=lambda problem: problem.line)
    message = "\n".join([first.text, *(problem.located(source) for problem in rest)])
    return ConfigError(message, path=source, line=first.line, key=first.key)


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag.endswith(":null")


def _line(node: Node) -> int:
    return _mark_line(node.start_mark)


class _Mark(Protocol):
    line: int


def _mark_line(mark: _Mark | None) -> int:
    return 1 if mark is None else mark.line + 1


def _explain(details: ErrorDetails, *, path: KeyPath, node: Node | None) -> str:
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
        return f"expected {_EXPECTED[kind]}, got {_shown(node, value)}{_quote_hint(kind, node)}"
    message = details["msg"]
    return message[:1].lower() + message[1:]


def _unknown_key(path: KeyPath) -> str:
    """``unknown key`` with the closest key allowed at that level, or the list of them."""
    name = str(path[-1])
    model = _annotation_at(path[:-1])
    allowed = list(model.model_fields) if _is_model(model) else []
    suggestion = _suggestion(name, allowed)
    if suggestion:
        return f"unknown key{suggestion}"
    elsewhere = [_dotted(where) for where in _field_paths(RegentConfig, ()) if where[-1] == name]
    if elsewhere:
        return f"unknown key here; did you mean {' or '.join(elsewhere)}?"
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


def _shown(node: Node | None, value: object) -> str:
    """How a wrong value reads in a message, from its YAML text when there is one."""
    if isinstance(node, MappingNode):
        return "a set" if node.tag.endswith(":set") else "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if not isinstance(node, ScalarNode):
        return repr(value)
    if _is_null(node):
        return "an empty value"
    kind = _SCALAR_KINDS.get(node.tag.rsplit(":", 1)[-1])
    return f"{kind} {node.value}" if kind else repr(node.value)


def _quote_hint(kind: str, node: Node | None) -> str:
    """For a number, boolean or date where text belongs: how to write it as text."""
    if kind != "string_type" or not isinstance(node, ScalarNode):
        return ""
    if node.tag.rsplit(":", 1)[-1] in ("bool", "int", "float", "timestamp"):
        return f'; put it in quotes: "{node.value}"'
    return ""


def _dotted(path: KeyPath) -> str:
    """``changelog.sections[0].title`` for ``("changelog", "sections", 0, "title")``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text
