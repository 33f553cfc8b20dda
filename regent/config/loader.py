"""Find, read and check ``.release-regent.yml``, reporting every problem with its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from regent.config.messages import KeyPath, dotted, explain, is_null, shown
from regent.config.models import RegentConfig
from regent.core.errors import ConfigError
from regent.core.policy import ReleasePolicy

_STR_TAG = "tag:yaml.org,2002:str"


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
    if root is None or is_null(root):
        return ReleasePolicy()
    if not isinstance(root, MappingNode):
        raise ConfigError(
            "the top level must be a mapping of keys such as 'version_scheme: semver', "
            f"not {shown(root, None)}",
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
                key = dotted((*path, name))
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
    key = dotted(path) or None
    text = explain(details, path=path, node=node)
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


def _line(node: Node) -> int:
    return _mark_line(node.start_mark)


class _Mark(Protocol):
    line: int


def _mark_line(mark: _Mark | None) -> int:
    return 1 if mark is None else mark.line + 1
