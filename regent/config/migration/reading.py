"""Another tool's configuration text read into plain data; a file that does not parse is a
ConfigError naming it."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Mapping, Sequence

from regent.config.yaml_reading import compose, construct
from regent.core.errors import ConfigError

Settings = Mapping[str, object]


def read_data(text: str, *, source: str) -> object:
    """The data in ``text``, read as its name says: JSON, TOML or YAML; a name that does not say
    (``.releaserc``) is JSON when the text starts as JSON does, else YAML."""
    if source.endswith(".json"):
        return _read_json(text, source=source)
    if source.endswith(".toml"):
        return _read_toml(text, source=source)
    if not source.endswith((".yaml", ".yml")) and text.lstrip().startswith(("{", "[")):
        return _read_json(text, source=source)  # .releaserc is JSON or YAML: JSON may hold tabs
    root = compose(text, source=source)
    return None if root is None else construct(root, text=text, source=source)


def _read_json(text: str, *, source: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(
            f"is not valid JSON: {error.msg}", path=source, line=error.lineno
        ) from None
    except RecursionError:
        raise ConfigError("is not valid JSON: nested too deeply", path=source) from None


def _read_toml(text: str, *, source: str) -> object:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"is not valid TOML: {error}", path=source) from None
    except RecursionError:
        raise ConfigError("is not valid TOML: nested too deeply", path=source) from None


def first_configuration(
    texts: Mapping[str, str],
    *,
    files: Sequence[str],
    tables: Callable[[str], Sequence[tuple[str, ...]]],
    missing: str,
) -> tuple[str, Settings]:
    """The settings of the first of ``files`` (in that order) found in ``texts`` with one of its
    ``tables`` (tried in order), and where they were (``name [table]``); a ConfigError saying
    ``missing`` (at pyproject.toml) when no file has."""
    for name in files:
        if name not in texts:
            continue
        data = read_data(texts[name], source=name)
        for keys in tables(name):
            if (found := settings_at(data, keys, source=name)) is not None:
                return f"{name} [{'.'.join(keys)}]", found
    raise ConfigError(missing, path="pyproject.toml")


def settings_at(data: object, keys: tuple[str, ...], *, source: str) -> Settings | None:
    """The mapping under ``keys`` (``("tool", "commitizen")``) in ``data``; None when absent."""
    for key in keys:
        if not isinstance(data, Mapping) or key not in data:
            return None
        data = data[key]
    return None if data is None else as_settings(data, source=source, where=".".join(keys))


def as_settings(data: object, *, source: str | None, where: str) -> Settings:
    """``data`` as a mapping of settings; a ConfigError naming ``source`` when it is not one."""
    if isinstance(data, Mapping) and all(isinstance(key, str) for key in data):
        return data
    raise ConfigError(f"{where} must be a mapping of settings, not {type_name(data)}", path=source)


def type_name(value: object) -> str:
    """How a message names the kind of a configuration value."""
    names = {bool: "a boolean", int: "a number", float: "a number", str: "text", list: "a list"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
