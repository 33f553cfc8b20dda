"""The hidden line that keys Release Regent's replies to comment commands."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.errors import UsageError
from regent.core.replies import is_reply, reply_body, reply_marker

KEY = "1234-9f2c01ab"
MARK = f"<!-- release-regent reply {KEY} -->"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Done.", f"Done.\n\n{MARK}"),
        ("Done.\n\n", f"Done.\n\n{MARK}"),
        ("", f"\n\n{MARK}"),
        ("Line one\nline two", f"Line one\nline two\n\n{MARK}"),
    ],
    ids=["one line", "trailing blank lines", "empty", "several lines"],
)
def test_a_reply_ends_with_its_hidden_line(body: str, expected: str) -> None:
    assert reply_body(body, KEY) == expected


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        (f"Done.\n\n{MARK}", True),
        (f"Done.\r\n\r\n{MARK}\r\n", True),
        (f"  {MARK}  ", True),
        (f"quoted {MARK} in a sentence", False),
        ("Done.\n\n<!-- release-regent reply 1234-9f2c01ab0 -->", False),
        ("Done.\n\n<!-- release-regent reply 1234 -->", False),
        ("", False),
    ],
    ids=[
        "its reply",
        "CRLF line ends",
        "indented",
        "inside other text",
        "a longer key",
        "a shorter key",
        "empty",
    ],
)
def test_a_reply_is_known_by_its_key(comment: str, expected: bool) -> None:
    assert is_reply(comment, KEY) is expected


@pytest.mark.parametrize(
    "key",
    ["", "a b", "a-->b", "a--b", "-a", "a\nb", "x" * 101, "é"],
    ids=[
        "empty",
        "space",
        "closes the comment",
        "double dash",
        "leading dash",
        "newline",
        "long",
        "non-ascii",
    ],
)
def test_a_key_that_could_break_the_hidden_line_is_refused(key: str) -> None:
    with pytest.raises(UsageError, match="cannot key a reply"):
        reply_marker(key)


@pytest.mark.parametrize("key", ["1", "1234-abc", "a.b_c:d", "x" * 100])
def test_keys_that_are_accepted(key: str) -> None:
    assert reply_marker(key) == f"<!-- release-regent reply {key} -->"


@given(body=st.text(), key=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:]{0,20}", fullmatch=True))
def test_any_reply_is_known_by_its_key_and_no_other(body: str, key: str) -> None:
    posted = reply_body(body, key)
    assert is_reply(posted, key)
    assert not is_reply(posted, key + "x")


@given(comment=st.text())
def test_any_comment_is_read_without_error(comment: str) -> None:
    assert is_reply(comment, KEY) is (MARK in [line.strip() for line in comment.splitlines()])
