"""A version scheme: releases numbered 1, 2, 3, ... (prereleases ``4-rc.1``).

Every bump, whatever its level, releases the next number; Release Regent asks for none when
nothing releasable changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Self

from regent.core.errors import InvalidVersionError
from regent.core.versioning.bump import Bump

_FORM = re.compile(r"(0|[1-9][0-9]{0,8})(?:-([a-z]+)\.(0|[1-9][0-9]{0,8}))?")


@dataclass(frozen=True, order=True)
class Serial:
    number: int
    stable: bool = True
    pre: tuple[str, int] = ("", 0)

    def __str__(self) -> str:
        return str(self.number) if self.stable else f"{self.number}-{self.pre[0]}.{self.pre[1]}"

    @property
    def release(self) -> tuple[int, int, int]:
        return (self.number, 0, 0)

    @property
    def is_prerelease(self) -> bool:
        return not self.stable

    @property
    def channel(self) -> str | None:
        return None if self.stable else self.pre[0]

    @property
    def prerelease_number(self) -> int | None:
        return None if self.stable else self.pre[1]

    def bumped(self, level: Bump) -> Self:
        return self.finalized() if level is Bump.NONE else type(self)(self.number + 1)

    def finalized(self) -> Self:
        return type(self)(self.number)

    def as_prerelease(self, channel: str, number: int) -> Self:
        return type(self)(self.number, False, (channel, number))


class SerialScheme:
    """Release numbers; ``initial_version`` is the first release when the config names none."""

    name = "serial"
    initial_version = "1"

    def parse(self, text: str) -> Serial:
        found = _FORM.fullmatch(text)
        if found is None:
            raise InvalidVersionError(f"{text!r}: expected a release number such as 7 or 8-rc.1")
        number, channel, count = found.groups()
        if channel is None:
            return Serial(int(number))
        return Serial(int(number), False, (channel, int(count)))

    def try_parse(self, text: str) -> Serial | None:
        try:
            return self.parse(text)
        except InvalidVersionError:
            return None

    def check_channel(self, channel: str) -> str:
        if re.fullmatch(r"[a-z]+", channel) is None:
            raise InvalidVersionError(f"prerelease channel {channel!r}: use lower-case letters")
        return channel
