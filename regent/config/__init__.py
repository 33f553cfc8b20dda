"""The `.release-regent.yml` configuration: lookup, validation, schema and starter files."""

from __future__ import annotations

from regent.config.loader import CONFIG_FILE_NAMES, find_config, load_config, parse_config_text
from regent.config.models import config_json_schema
from regent.config.schemes import version_scheme
from regent.config.starter import example_workflow, starter_config

__all__ = [
    "CONFIG_FILE_NAMES",
    "config_json_schema",
    "example_workflow",
    "find_config",
    "load_config",
    "parse_config_text",
    "starter_config",
    "version_scheme",
]
