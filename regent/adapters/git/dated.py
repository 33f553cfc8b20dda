"""The checkout's history with the dates its tags were made (``regent changelog``)."""

from __future__ import annotations

from regent.adapters.git.counted import CountedHistory


class DatedHistory(CountedHistory):
    """The history (its walks counted for a progress line) that also reads when each tag was
    made."""

    def tag_dates(self, *, glob: str) -> dict[str, str]:
        """When each tag matching ``glob`` was made (``YYYY-MM-DD``): an annotated tag's date,
        else its commit's, all read with one ``git for-each-ref``."""
        output = self._run(
            "for-each-ref",
            "--format=%(refname:strip=2)%00%(creatordate:short)",
            f"refs/tags/{glob}",
        )
        pairs = (line.partition("\x00") for line in output.splitlines())
        return {name: date for name, _, date in pairs}
