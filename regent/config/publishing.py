"""The ``release_pr`` and ``release`` sections: the release pull request and its publishing."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, field_validator

from regent.config.sections import DEFAULTS, ConfigModel, config_problem
from regent.core.assets import AssetPolicy, pattern_problem
from regent.core.policy import PublishPolicy, ReleasePrPolicy
from regent.core.release_pr.auto_merge import MergeMethod
from regent.core.release_pr.labels import PENDING_LABEL, RELEASED_LABEL
from regent.core.release_pr.title import title_template_problem

GITHUB_LABEL_LIMIT = 50


def _usable_label(name: str) -> str:
    """Accept a label name GitHub takes that is not one of the state labels."""
    if not name.strip():
        raise config_problem("a label name must not be empty")
    if len(name) > GITHUB_LABEL_LIMIT:
        raise config_problem(f"{name!r} is longer than GitHub's {GITHUB_LABEL_LIMIT} characters")
    if name.casefold() in (PENDING_LABEL.casefold(), RELEASED_LABEL.casefold()):
        raise config_problem(f"{name!r} is a state label Release Regent sets itself; leave it out")
    return name


LabelName = Annotated[str, AfterValidator(_usable_label)]


def _usable_pattern(pattern: str) -> str:
    """Accept a glob pattern naming files inside the checkout."""
    problem = pattern_problem(pattern)
    if problem is not None:
        raise config_problem(problem)
    return pattern


AssetPattern = Annotated[str, AfterValidator(_usable_pattern)]


class ReleasePrConfig(ConfigModel):
    """How the release pull request is opened."""

    title: str = DEFAULTS.release_pr.title
    """Title of the release PR; {version} and {tag} are filled in."""
    draft: bool = DEFAULTS.release_pr.draft
    """Open the release PR as a draft."""
    labels: tuple[LabelName, ...] = DEFAULTS.release_pr.labels
    """Labels added to the release PR beside its release-regent state label."""
    auto_merge: MergeMethod | None = DEFAULTS.release_pr.auto_merge
    """Enable GitHub's auto-merge on the release PR with this merge method, so it merges itself
    once its required checks pass (the repository must allow auto-merge); null: off."""

    @field_validator("title")
    @classmethod
    def _title_is_usable(cls, title: str) -> str:
        problem = title_template_problem(title)
        if problem is not None:
            raise config_problem(problem)
        return title

    def to_policy(self) -> ReleasePrPolicy:
        """The core release PR options."""
        return ReleasePrPolicy(
            title=self.title,
            draft=self.draft,
            labels=tuple(dict.fromkeys(self.labels)),
            auto_merge=self.auto_merge,
        )


class ReleaseConfig(ConfigModel):
    """How a merged release PR is published."""

    annotated_tag: bool = DEFAULTS.release.annotated_tag
    """Tag the release with an annotated tag instead of a lightweight one."""
    draft: bool = DEFAULTS.release.draft
    """Create the GitHub Release as a draft, for a person to publish."""
    assets: tuple[AssetPattern, ...] = DEFAULTS.release.assets.patterns
    """Glob patterns (relative to the repository root, ``**`` for any depth) of files built by
    earlier workflow steps, attached to the GitHub Release (the Action and ``regent run``)."""
    checksums: bool = DEFAULTS.release.assets.checksums
    """Also attach SHA256SUMS: the SHA-256 of every asset, in ``sha256sum`` format."""
    overwrite: bool = DEFAULTS.release.assets.overwrite
    """Replace an attached asset of the same name whose size or digest differs (else the run
    stops naming it)."""
    draft_until_assets: bool = DEFAULTS.release.assets.draft_until_assets
    """Create the release as a draft, attach the assets, then publish it."""

    def to_policy(self) -> PublishPolicy:
        """The core publishing options."""
        assets = AssetPolicy(
            patterns=tuple(dict.fromkeys(self.assets)),
            checksums=self.checksums,
            overwrite=self.overwrite,
            draft_until_assets=self.draft_until_assets,
        )
        return PublishPolicy(annotated_tag=self.annotated_tag, draft=self.draft, assets=assets)
