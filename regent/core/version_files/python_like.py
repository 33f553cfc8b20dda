"""``__version__ = "..."`` in a Python module, found with the tokenizer and edited in place.

Only unindented statements count (module level, not a fallback inside ``try``/``except``), and only
a plain string literal: an f-string, a bytes literal or an expression is not a version to bump.
"""

from __future__ import annotations

import tokenize
from collections.abc import Iterator, Sequence

from regent.core.version_files.spans import VersionFileError, VersionSpan

_NAME = "__version__"
_STATEMENT_ENDS = (tokenize.NEWLINE, tokenize.ENDMARKER)
_TEXT_PREFIXES = ("", "u", "r")


def locate_python(text: str, *, path: str) -> tuple[VersionSpan, ...]:
    """Every module-level ``__version__`` assigned a plain string literal, in file order.

    The tokens are streamed (a module of a million tokens is never held as a list).
    """
    lines = _lines(text)
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line))
    tokens = _significant_tokens(lines, path=path)
    spans = (
        _literal_span(literal, line_starts)
        for token in tokens
        if _is_module_level_version(token) and (literal := _assigned_literal(tokens)) is not None
    )
    return tuple(span for span in spans if span is not None)


def _lines(text: str) -> list[str]:
    """``text`` split after each ``\\n`` (so offsets add up exactly, whatever the line endings)."""
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    return [*lines, pieces[-1]] if pieces[-1] else lines


def _significant_tokens(lines: list[str], *, path: str) -> Iterator[tokenize.TokenInfo]:
    try:
        for token in tokenize.generate_tokens(iter(lines).__next__):
            if token.type not in (tokenize.NL, tokenize.COMMENT):
                yield token
    except (tokenize.TokenError, SyntaxError) as error:
        raise VersionFileError(
            path, f"is not valid Python ({error}); fix it or remove it from version_files"
        ) from None


def _is_module_level_version(token: tokenize.TokenInfo) -> bool:
    return token.type == tokenize.NAME and token.string == _NAME and token.start[1] == 0


def _assigned_literal(tokens: Iterator[tokenize.TokenInfo]) -> tokenize.TokenInfo | None:
    """The string token of ``= "..."`` (after any ``: annotation``) when it is the whole value;
    reads the statement's tokens from ``tokens`` up to that point."""
    token = next(tokens, None)
    if token is not None and token.string == ":":
        while token is not None and token.string != "=" and token.type not in _STATEMENT_ENDS:
            token = next(tokens, None)
    if token is None or token.string != "=":
        return None
    literal, after = next(tokens, None), next(tokens, None)
    if literal is None or literal.type != tokenize.STRING or after is None:
        return None
    return literal if after.type in _STATEMENT_ENDS or after.string == ";" else None


def _literal_span(token: tokenize.TokenInfo, line_starts: Sequence[int]) -> VersionSpan | None:
    literal = token.string
    prefix_length = len(literal) - len(literal.lstrip("bBfFrRuU"))
    body = literal[prefix_length:]
    quote_length = 3 if body[:3] in ('"""', "'''") else 1
    value = body[quote_length:-quote_length]
    if literal[:prefix_length].lower() not in _TEXT_PREFIXES or "\\" in value or "\n" in value:
        return None
    row, column = token.start
    start = line_starts[row - 1] + column + prefix_length + quote_length
    return VersionSpan(start, start + len(value), value)
