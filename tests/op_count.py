"""Count the Python-level calls a function makes: a cost a test can assert without a clock."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType


def python_calls(function: Callable[..., object], *args: object, **kwargs: object) -> int:
    """How many calls (of Python functions and, from Python code, of built-ins) ``function``
    makes when called with ``args``; a loop inside one built-in (a regex scan, ``map``) counts
    once."""
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        function(*args, **kwargs)
    finally:
        sys.setprofile(None)
    return count
