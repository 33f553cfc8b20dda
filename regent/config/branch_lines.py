"""The ``base_branches`` entries of the configuration: a base branch and its release line."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from regent.config.ref_names import usable_since
from regent.config.sections import ConfigModel, config_problem
from regent.core.versioning.lines import BranchLine, parse_range, range_problem


def _usable_range(text: str) -> str:
    if (problem := range_problem(text)) is not None:
        raise config_problem(problem)
    return text


class BaseBranchConfig(ConfigModel):
    """A base branch and its release line."""

    name: str
    """Branch name or pattern (release/*)."""
    range: Annotated[str, AfterValidator(_usable_range)] | None = None
    """Versions the branch releases: 1.x (features and fixes of major 1) or 1.2.x (patches of
    1.2); default: inferred from a name ending in N.x or N.N.x, else any."""
    prerelease: str | None = None
    """Prerelease channel of the branch's releases (rc, beta); default: the top-level one."""
    since: Annotated[str, AfterValidator(usable_since)] | None = None
    """The branch's own since (bootstrap commit of its first release); default: the top-level
    one."""

    def to_policy(self) -> BranchLine:
        """The core release line of this entry."""
        return BranchLine(
            pattern=self.name,
            range=parse_range(self.range) if self.range is not None else None,
            prerelease=self.prerelease,
            since=self.since,
        )


def _name_or_mapping(entry: object) -> object:
    """Accept ``- main`` as short for ``- {name: main}``."""
    if isinstance(entry, str):
        return {"name": entry}
    if isinstance(entry, dict):
        return entry
    raise config_problem("expected a branch name or a mapping like {name: release/1.x, range: 1.x}")


BaseBranchEntry = Annotated[
    BaseBranchConfig,
    BeforeValidator(_name_or_mapping, json_schema_input_type=str | BaseBranchConfig),
]
