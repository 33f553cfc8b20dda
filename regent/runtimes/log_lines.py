"""Plain-text logs (the Action's step log, the CLI's stderr): one printable line per record.

Log messages quote repository text (versions read from files, commit text in reasons). On the
Action's log a line starting ``::`` is a workflow command, so a line break in that text could
forge one (``1.0.0\\n::error::...``); on a terminal an ANSI escape could rewrite the screen.
"""

from __future__ import annotations

import logging
from typing import TextIO

from regent.core.markdown import printable_line


class OneLine(logging.Formatter):
    """A record (traceback included) as one line: breaks shown as ``\\n``, controls as U+FFFD."""

    def format(self, record: logging.LogRecord) -> str:
        return printable_line(super().format(record))


def one_line_handler(stream: TextIO, *, line_format: str) -> logging.Handler:
    """A handler writing each record to ``stream`` as one printable line in ``line_format``."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OneLine(line_format))
    return handler
