"""Comment commands: what a pull request comment asks of Release Regent (docs/steering.md).

``read_commands(body)`` (reading.py) gives one value of values.py per command line:
``SetVersion``, ``ReleaseFloor``, ``Explain`` or ``InvalidCommand``; ``command_line`` writes
each one way. A floor is stored on its pull request as a label (floors.py); ``ACCEPTED_FORMS``
(forms.py) lists the forms for a reply. Nothing here judges a version: the scheme does.
"""

from regent.core.commands.floors import FLOOR_LABEL_PREFIX, floor_label, label_floor
from regent.core.commands.forms import ACCEPTED_FORMS
from regent.core.commands.reading import read_commands
from regent.core.commands.values import (
    CommandKind,
    Explain,
    InvalidCommand,
    ParsedCommand,
    ReleaseFloor,
    SetVersion,
    command_line,
)

__all__ = [
    "ACCEPTED_FORMS",
    "FLOOR_LABEL_PREFIX",
    "CommandKind",
    "Explain",
    "InvalidCommand",
    "ParsedCommand",
    "ReleaseFloor",
    "SetVersion",
    "command_line",
    "floor_label",
    "label_floor",
    "read_commands",
]
