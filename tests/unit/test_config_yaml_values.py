"""Configuration values PyYAML resolves to a type it then cannot build, and paths holding
control characters: each a ConfigError on its line naming what to write instead.

The text properties in test_config_errors.py and test_config_worst_cases.py did not find the
first kind: a date needs four digits, a dash, a month and a day in a row (``2001-13-45``), and
an integer PyYAML cannot convert needs over 4300 digits, neither of which random short text
from a small alphabet produces. The property here draws values shaped like YAML's implicit
dates, integers and numbers instead.
"""

from __future__ import annotations

from contextlib import suppress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regent.config import parse_config_text
from regent.core.errors import ConfigError

SOURCE = ".release-regent.yml"


@pytest.mark.parametrize(
    ("text", "line", "kind"),
    [
        pytest.param("initial_version: 2001-13-45\n", 1, "a date", id="month-13"),
        pytest.param("\ntag_template: 2024-02-30\n", 2, "a date", id="february-30"),
        pytest.param("x: 2001-12-14t21:59:43.10-99:00\n", 1, "a date", id="offset-99-hours"),
        pytest.param("initial_version: " + "1" * 5000 + "\n", 1, "an integer", id="5000-digits"),
        pytest.param(
            "changelog:\n  sections:\n    - title: 2001-13-45\n", 3, "a date", id="nested"
        ),
    ],
)
def test_a_value_yaml_cannot_build_is_a_config_error_on_its_line(
    text: str, line: int, kind: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_config_text(text, source=SOURCE)
    assert refused.value.line == line
    assert f"looks like {kind}" in str(refused.value)
    assert "put it in quotes" in str(refused.value)
    assert len(str(refused.value)) < 300


@pytest.mark.parametrize(
    ("text", "key", "shown"),
    [
        pytest.param('templates: {release_notes: "a\\0b"}\n', "templates.release_notes", r"\x00"),
        pytest.param('version_files: ["v\\x01.py"]\n', "version_files[0].path", r"\x01"),
        pytest.param('changelog: {path: "a\\e[31mb"}\n', "changelog.path", r"\x1b"),
        pytest.param('templates: {pr_body: "a\\x7f"}\n', "templates.pr_body", r"\x7f"),
    ],
)
def test_a_path_holding_a_control_character_is_a_config_error_naming_the_key(
    text: str, key: str, shown: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_config_text(text, source=SOURCE)
    message = str(refused.value)
    assert f"{key}: " in message
    assert "control character" in message
    assert shown in message
    assert not any(ord(character) < 0x20 for character in message)


DATES = st.from_regex(
    r"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"([Tt ][0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?( ?(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?\Z"
)
NUMBERS = st.one_of(
    st.text("0123456789", min_size=1, max_size=6000),
    st.from_regex(
        r"\A[-+]?(0x[0-9a-fA-F_]{1,80}|0o?[0-7_]{1,80}|[0-9][0-9_]{0,80}(:[0-5]?[0-9])+)\Z"
    ),
    st.from_regex(r"\A[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]{1,5})?\Z"),
)
KEYS = st.sampled_from(
    ["initial_version", "tag_template", "unknown", "changelog:\n  path", "templates:\n  pr_body"]
)


@settings(max_examples=300, deadline=None)
@given(key=KEYS, value=DATES | NUMBERS)
def test_any_date_or_number_shaped_value_is_a_policy_or_a_config_error(
    key: str, value: str
) -> None:
    with suppress(ConfigError):
        parse_config_text(f"{key}: {value}\n", source=SOURCE)
