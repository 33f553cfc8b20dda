"""The hidden line that makes Release Regent's reply to a comment command idempotent: a reply
ends with ``<!-- release-regent reply {key} -->``, and a comment holding it is never posted again.
"""

from __future__ import annotations

import re

from regent.core.errors import UsageError

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")
"""Letters, digits and ``._:-`` (no ``--``): nothing that could end the HTML comment early."""


def reply_marker(key: str) -> str:
    """The hidden line of the reply for ``key``."""
    if not _KEY.fullmatch(key) or "--" in key:
        raise UsageError(
            f"{key!r} cannot key a reply: use up to 100 letters, digits and . _ : - "
            "(no '--'), such as the comment id and a digest of the command"
        )
    return f"<!-- release-regent reply {key} -->"


def reply_body(body: str, key: str) -> str:
    """``body`` with the hidden line for ``key`` as its last line."""
    return f"{body.rstrip()}\n\n{reply_marker(key)}"


def is_reply(comment_body: str, key: str) -> bool:
    """Whether a comment is the reply for ``key`` (holds its hidden line on a line of its own)."""
    marker = reply_marker(key)
    return marker in comment_body and marker in (line.strip() for line in comment_body.splitlines())
