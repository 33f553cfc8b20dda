"""YAML text read into a node tree (libyaml when PyYAML has it), its problems worded."""

from __future__ import annotations

from typing import Protocol

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import Node

from regent.config.problems import Listed, Problem, config_error
from regent.core.errors import ConfigError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML was built with it (about ten times faster), else PyYAML's."""
MAX_DEPTH = 64
"""Levels of nested mappings and lists a configuration may have (it needs five)."""


def compose(text: str, *, source: str) -> Node | None:
    """The YAML node tree of ``text`` (None when it holds no document); aliases refused.

    One pass over the events first: it refuses aliases and a nesting deeper than ``MAX_DEPTH``
    before the node tree (built recursively) exists.
    """
    try:
        _check_events(text, source=source)
        root: Node | None = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        raise config_error(_syntax_problems(error, text=text), source=source) from None
    except yaml.reader.ReaderError as error:
        raise _bad_character(text, chr(error.character), source=source) from None
    except UnicodeEncodeError as error:  # a lone surrogate, which libyaml cannot be given
        raise _bad_character(text, text[error.start], source=source) from None
    return root


def _bad_character(text: str, character: str, *, source: str) -> ConfigError:
    """The first ``character`` is the one refused (libyaml counts bytes, not characters)."""
    return ConfigError(
        f"the character U+{ord(character):04X} is not allowed in YAML; remove it",
        path=source,
        line=text.count("\n", 0, max(text.find(character), 0)) + 1,
    )


def _check_events(text: str, *, source: str) -> None:
    depth = 0
    aliases: list[Listed] = []
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ConfigError(
                    f"nests more than {MAX_DEPTH} levels of mappings and lists; a configuration "
                    "needs a handful",
                    path=source,
                    line=_mark_line(event.start_mark),
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            text = f"the alias *{event.anchor} is not supported in this file; write the value out"
            aliases.append(Problem(_mark_line(event.start_mark), None, text))
    if aliases:
        raise config_error(aliases, source=source)


def construct(root: Node, *, text: str, source: str) -> object:
    """Plain Python data from the checked node tree."""
    try:
        return _Constructor().construct_document(root)
    except _ValueNotRead as error:
        raise ConfigError(str(error), path=source, line=node_line(error.node)) from None
    except yaml.MarkedYAMLError as error:
        raise config_error(_syntax_problems(error, text=text), source=source) from None


class _Constructor(SafeConstructor):
    """PyYAML's safe constructor, with a value it cannot convert (a date such as 2001-13-45,
    an integer of thousands of digits) placed on its line instead of a bare ValueError."""

    def construct_object(self, node: Node, deep: bool = False) -> object:
        try:
            return super().construct_object(node, deep=deep)
        except _ValueNotRead:
            raise
        except (ValueError, OverflowError) as error:
            raise _ValueNotRead(node, error) from None


class _ValueNotRead(ValueError):
    """A scalar PyYAML resolved to a type (date, integer, number) but could not convert."""

    def __init__(self, node: Node, error: Exception) -> None:
        kind = _KINDS.get(node.tag, "a value of its type")
        reason = str(error).split(";")[0]
        super().__init__(
            f"this value looks like {kind} but cannot be read as one ({reason}); put it in "
            "quotes to write it as text"
        )
        self.node = node


_KINDS = {
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a number",
}


def _syntax_problems(error: yaml.MarkedYAMLError, *, text: str) -> list[Listed]:
    """A YAML syntax error, and every line indented with a tab (a common cause)."""
    lines = text.splitlines()
    tabbed = [
        number
        for number, content in enumerate(lines, start=1)
        if "\t" in content[: len(content) - len(content.lstrip(" \t-"))]
    ]
    problems: list[Listed] = [
        Problem(number, None, "indented with a tab; YAML indents with spaces only")
        for number in tabbed
    ]
    line = _mark_line(error.problem_mark or error.context_mark)
    if line not in tabbed:
        problems.append(Problem(line, None, _syntax_text(error)))
    return problems


def _syntax_text(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's context and problem, e.g. ``while scanning a simple key (line 2), ...``."""
    mark = error.problem_mark or error.context_mark
    column = "" if mark is None else f" (column {mark.column + 1})"
    context = error.context or ""
    if context and error.context_mark is not None:
        context += f" (line {error.context_mark.line + 1})"
    return f"invalid YAML{column}: " + ", ".join(filter(None, [context, error.problem]))


def node_line(node: Node) -> int:
    return _mark_line(node.start_mark)


class _Mark(Protocol):
    line: int


def _mark_line(mark: _Mark | None) -> int:
    return 1 if mark is None else mark.line + 1
