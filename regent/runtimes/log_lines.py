"""Plain-text logs (the Action's step log, the CLI's stderr): one printable line per record.

Log messages quote repository text (versions read from files, commit text in reasons). On the
Action's log a line starting ``::`` is a workflow command, so a line break in that text could
forge one (``1.0.0\\n::error::...``), and the runner still reads the legacy form ``##[error]``
anywhere in a line; on a terminal an ANSI escape could rewrite the screen.
"""

from __future__ import annotations

import logging
from typing import TextIO

from regent.core.markdown import WORD_JOINER, printable_line

LEGACY_COMMAND = "##["
"""The runner's legacy workflow command prefix, recognised anywhere in a line."""


class OneLine(logging.Formatter):
    """A record (traceback included) as one line: breaks shown as ``\\n``, controls as U+FFFD,
    and an invisible WORD JOINER inside every ``##[``."""

    def format(self, record: logging.LogRecord) -> str:
        return one_line(super().format(record))


def one_line(text: str) -> str:
    """``text`` as one printable line no workflow runner reads as a command."""
    return printable_line(text).replace(LEGACY_COMMAND, f"##{WORD_JOINER}[")


def one_line_handler(stream: TextIO, *, line_format: str) -> logging.Handler:
    """A handler writing each record to ``stream`` as one printable line in ``line_format``."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OneLine(line_format))
    return handler
