"""The event file's JSON: a mapping, or a UsageError saying what is wrong, whatever it holds."""

from __future__ import annotations

import tempfile
from contextlib import suppress
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from regent.core.errors import UsageError
from regent.runtimes.event_file import load_payload

JSONISH = st.text(alphabet=st.sampled_from(list('{}[]",:0123456789.eE-+ \\aunlltrfs')))
DEEP = st.integers(min_value=1, max_value=200_000).map(lambda depth: "[" * depth + "]" * depth)
LONG_NUMBERS = st.text("0123456789", min_size=1, max_size=6000).map(
    lambda digits: f'{{"a":{digits}}}'
)


@given(
    content=st.binary()
    | JSONISH.map(str.encode)
    | DEEP.map(str.encode)
    | LONG_NUMBERS.map(str.encode)
)
def test_any_event_file_is_a_mapping_or_a_usage_error(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "event.json"
        path.write_bytes(content)
        with suppress(UsageError):
            assert isinstance(load_payload(path), dict)
