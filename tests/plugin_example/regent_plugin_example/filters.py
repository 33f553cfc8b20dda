"""A Jinja filter: ``{{ notes.version | shout }}``."""

from __future__ import annotations


def shout(text: object) -> str:
    """The text in capitals."""
    return str(text).upper()
