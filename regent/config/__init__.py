"""The `.release-regent.yml` configuration: lookup, validation, schema and starter files.

Validation (pydantic, PyYAML) is imported only when a file is actually read, so a repository
without a configuration file plans a release without paying for it.
"""

from __future__ import annotations

from pathlib import Path

from regent.config.lookup import CONFIG_FILE_NAMES, find_config
from regent.config.schemes import version_scheme
from regent.config.starter import example_workflow, starter_config
from regent.core.policy import ReleasePolicy

__all__ = [
    "CONFIG_FILE_NAMES",
    "config_json_schema",
    "example_workflow",
    "find_config",
    "load_checkout_config",
    "load_config",
    "parse_config_text",
    "starter_config",
    "version_scheme",
]


def load_config(path: Path | None, *, shown_as: str | None = None) -> ReleasePolicy:
    """The policy in the file at ``path`` (named ``shown_as`` in errors); defaults when None."""
    if path is None:
        return ReleasePolicy()
    from regent.config.loader import load_config_file

    return load_config_file(path, shown_as=shown_as)


def load_checkout_config(root: Path, named: str | None = None) -> ReleasePolicy:
    """The policy of the checkout at ``root``: the file ``named`` (relative to ``root``, or
    absolute), else the one looked up there; defaults when there is none.

    Errors name the file relative to ``root`` (``.github/release-regent.yml``), as annotations
    on a pull request want it.
    """
    path = root / named if named is not None else find_config(root)
    if path is None:
        return ReleasePolicy()
    try:
        shown = str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        shown = str(path)
    return load_config(path, shown_as=shown)


def parse_config_text(text: str, *, source: str) -> ReleasePolicy:
    """The policy in ``text``; ``source`` names it in errors."""
    from regent.config.loader import parse_config_text as parse

    return parse(text, source=source)


def config_json_schema() -> dict[str, object]:
    """The JSON Schema of the configuration file, for editors."""
    from regent.config.models import config_json_schema as schema

    return schema()
