"""Find, read and check ``.release-regent.yml``, reporting every problem with its line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from regent.config.messages import KeyPath, dotted, explain, is_null, shown
from regent.config.models import RegentConfig
from regent.config.problems import (
    Listed,
    Problem,
    Unworded,
    config_error,
    first_problems,
    more_line,
)
from regent.config.yaml_reading import compose, construct, node_line
from regent.core.errors import ConfigError
from regent.core.policy import ReleasePolicy
from regent.core.repo_paths import CONFIG_SIZE_LIMIT, decode_repository_file

_STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True, slots=True)
class _Spot:
    """Where the value of one key path sits: the line of its key and the value's node."""

    key_line: int
    node: Node


def load_config_file(path: Path, *, shown_as: str | None = None) -> ReleasePolicy:
    """The policy in the file at ``path``, named ``shown_as`` in errors."""
    source = shown_as or str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(CONFIG_SIZE_LIMIT + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ConfigError(f"cannot read the configuration: {reason}", path=source) from None
    text = decode_repository_file(data, path=source, limit=CONFIG_SIZE_LIMIT)
    return parse_config_text(text, source=source)


def parse_config_text(text: str, *, source: str) -> ReleasePolicy:
    """The policy described by ``text``; ``source`` names the file in error messages."""
    return parse_layered_config([ConfigLayer(text, source)])


@dataclass(frozen=True, slots=True)
class ConfigLayer:
    """One configuration file's text, and the name errors give it (e.g. ``owner/name:file``)."""

    text: str
    source: str


def parse_layered_config(layers: Sequence[ConfigLayer]) -> ReleasePolicy:
    """The policy of ``layers`` merged in order, each over the ones before it.

    Mappings are merged key by key, recursively; any other value (a list, a string, null)
    replaces the earlier one. Each layer's YAML is read on its own (syntax, top-level mapping,
    duplicate keys); the merged result is validated once, and each problem is placed on the
    line of the last layer that sets the key.
    """
    read = [_read_layer(layer) for layer in layers]
    merged: dict[str, object] = {}
    for layer in read:
        merged = _merge(merged, layer.data)
    blamed: dict[int, list[Listed]] = {
        index: list(layer.problems) for index, layer in enumerate(read) if layer.problems
    }
    try:
        config = RegentConfig.model_validate(merged)
    except ValidationError as error:
        for details in error.errors(include_url=False):
            index = _blame(details, read)
            blamed.setdefault(index, []).append(_from_validation(details, read[index].spots))
        raise _layered_error(blamed, read) from None
    if blamed:
        raise _layered_error(blamed, read)
    return config.to_policy()


@dataclass(frozen=True, slots=True)
class _ReadLayer:
    source: str
    data: dict[str, object]
    spots: dict[KeyPath, _Spot]
    problems: tuple[Problem, ...] = ()


def _read_layer(layer: ConfigLayer) -> _ReadLayer:
    """The layer's plain data and where its keys sit; YAML-level problems raised here."""
    source, text = layer.source, layer.text
    root = compose(text, source=source)
    if root is None or is_null(root):
        return _ReadLayer(source, {}, {(): _Spot(key_line=1, node=ScalarNode(_STR_TAG, ""))})
    if not isinstance(root, MappingNode):
        raise ConfigError(
            "the top level must be a mapping of keys such as 'version_scheme: semver', "
            f"not {shown(root, None)}",
            path=source,
            line=node_line(root),
        )
    survey = _Survey()
    survey.walk(root, path=(), key_line=node_line(root))
    data = construct(root, text=text, source=source)
    assert isinstance(data, dict)
    return _ReadLayer(source, data, survey.spots, tuple(survey.problems))


def _merge(base: dict[str, object], over: dict[str, object]) -> dict[str, object]:
    merged = dict(base)
    for key, value in over.items():
        earlier = merged.get(key)
        if isinstance(earlier, dict) and isinstance(value, dict):
            merged[key] = _merge(earlier, value)
        else:
            merged[key] = value
    return merged


def _blame(details: ErrorDetails, layers: Sequence[_ReadLayer]) -> int:
    """The last layer that sets the error's key path (or the longest part of it)."""
    if len(layers) == 1:
        return 0
    path = tuple(part for part in details["loc"] if part != "[key]")
    best, best_depth = len(layers) - 1, -1
    for index in range(len(layers) - 1, -1, -1):
        spots = layers[index].spots
        depth = next((n for n in range(len(path), -1, -1) if path[:n] in spots), 0)
        if depth > best_depth and (depth > 0 or index == len(layers) - 1):
            best, best_depth = index, depth
    return best


def _layered_error(blamed: dict[int, list[Listed]], layers: Sequence[_ReadLayer]) -> ConfigError:
    """One error naming the latest layer at fault first, other layers' problems listed after."""
    last = max(blamed)
    error = config_error(blamed[last], source=layers[last].source)
    others: list[str] = []
    for index in sorted(blamed, reverse=True):
        if index != last:
            source = layers[index].source
            listed, more = first_problems(blamed[index])
            others += [problem.located(source) for problem in listed] + more_line(source, more)
    if not others:
        return error
    first = error.message.removeprefix(f"{error.path}:{error.line}: ")
    message = "\n".join([first, *others])
    return ConfigError(message, path=error.path, line=error.line, key=error.key)


@dataclass
class _Survey:
    """Where each key path sits in the file, and the keys given twice."""

    spots: dict[KeyPath, _Spot] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def walk(self, node: Node, *, path: KeyPath, key_line: int) -> None:
        self.spots[path] = _Spot(key_line=key_line, node=node)
        if isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, path=(*path, index), key_line=node_line(item))
        elif isinstance(node, MappingNode):
            self._walk_mapping(node, path=path)

    def _walk_mapping(self, node: MappingNode, *, path: KeyPath) -> None:
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                continue
            key_node.tag = _STR_TAG
            name, line = key_node.value, node_line(key_node)
            if name in first_seen:
                key = dotted((*path, name))
                text = f"{key}: duplicate key (first set on line {first_seen[name]}); keep one"
                self.problems.append(Problem(line, key, text))
                continue
            first_seen[name] = line
            self.walk(value_node, path=(*path, name), key_line=line)


def _from_validation(details: ErrorDetails, spots: dict[KeyPath, _Spot]) -> Unworded:
    """Place one pydantic error on the line of its key or value; word it when it is listed."""
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
    line = node_line(spot.node) if on_value else spot.key_line

    def word() -> Problem:
        key = dotted(path) or None
        text = explain(details, path=path, node=node)
        return Problem(line, key, f"{key}: {text}" if key else text)

    return Unworded(line, word)
