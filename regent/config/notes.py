"""The ``notes`` section: contributors, the text of each entry, GitHub's generated notes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator

from regent.config.sections import DEFAULTS, ConfigModel, config_problem
from regent.core.notes.policy import EntryText, GeneratedNotes, NotesPolicy


class ContributorsConfig(ConfigModel):
    """Where each entry's author and the contributors lines are shown."""

    release_notes: bool = DEFAULTS.notes.contributors_in_release
    """In the GitHub Release and the release PR body (logins as @-mentions)."""
    changelog: bool = DEFAULTS.notes.contributors_in_changelog
    """In CHANGELOG.md (logins written in code spans, never @-mentions)."""


def _switch_or_mapping(value: object) -> object:
    """Accept ``true`` / ``false`` as short for both destinations on or off."""
    if isinstance(value, bool):
        return {"release_notes": value, "changelog": value}
    if isinstance(value, dict):
        return value
    raise config_problem(
        "expected true, false, or a mapping like {release_notes: true, changelog: false}"
    )


Contributors = Annotated[
    ContributorsConfig,
    BeforeValidator(_switch_or_mapping, json_schema_input_type=bool | ContributorsConfig),
]


class NotesConfig(ConfigModel):
    """What the release notes show besides the commits' sections."""

    contributors: Contributors = ContributorsConfig()
    """Each entry's author (by @login) and the contributors and first-time contributors lines:
    true (everywhere), false (nowhere), or {release_notes, changelog}; default on in the
    GitHub Release and release PR, off in CHANGELOG.md."""
    entry_text: Literal["commit", "pr_title"] = DEFAULTS.notes.entry_text.value
    """commit: each entry shows its commit's description; pr_title: the title of the merged
    pull request the commit belongs to (read with a token), else the commit's."""
    github_generated: Literal["none", "append"] = DEFAULTS.notes.github_generated.value
    """append: GitHub's own generated notes ("What's Changed") below ours, in the GitHub
    Release only."""

    def to_policy(self) -> NotesPolicy:
        """The core notes options."""
        return NotesPolicy(
            contributors_in_release=self.contributors.release_notes,
            contributors_in_changelog=self.contributors.changelog,
            entry_text=EntryText(self.entry_text),
            github_generated=GeneratedNotes(self.github_generated),
        )
