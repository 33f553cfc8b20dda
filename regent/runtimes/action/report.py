"""A reconcile's outcome as the Action's outputs and job summary."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from regent.core.changes import CommitChange
from regent.core.components.model import Component, Monorepo
from regent.core.markdown import markdown_line
from regent.core.model import PullRequest
from regent.core.policy import ChangelogPolicy
from regent.core.release_pr.actions import KeepReleasePr, OpenReleasePr, UpdateReleasePr
from regent.core.release_pr.auto_merge import refusal_lines
from regent.core.release_pr.events import ReleaseEvent
from regent.core.report import LISTED_COMMITS, commit_heading, commit_rows, effect_totals
from regent.core.versioning.versions import VersionScheme
from regent.services.commands import CommandOutcome
from regent.services.release import ReconcileOutcome
from regent.services.release_apply import Published


def action_outputs(
    outcome: ReconcileOutcome, *, scheme: VersionScheme, monorepo: Monorepo | None = None
) -> dict[str, str]:
    """The step's outputs, named as release-please-action names them: with ``monorepo``, each
    component's under its path too (``packages/api--tag_name``)."""
    release = outcome.release
    pull = outcome.pull_request
    parsed = scheme.try_parse(outcome.version) if outcome.version else None
    major, minor, patch = (str(n) for n in parsed.release) if parsed else ("", "", "")
    return {
        "release_created": _bool(release is not None),
        "tag_name": (outcome.tag or "") if release else "",
        "version": outcome.version or "",
        "major": major,
        "minor": minor,
        "patch": patch,
        "sha": _released_commit(outcome),
        "html_url": release.html_url if release else "",
        "upload_url": release.upload_url if release else "",
        "release_notes": release.body if release else "",
        "previous_version": (outcome.previous_version or "") if release else "",
        "is_prerelease": _bool(release is not None and release.prerelease),
        "pr": json.dumps(_pull_json(pull)) if pull else "",
        "pr_number": str(pull.number) if pull else "",
        "prs_created": _bool(ReleaseEvent.RELEASE_PR_OPENED in outcome.events),
        **release_outputs(outcome.published, scheme=scheme, monorepo=monorepo),
    }


def release_outputs(
    published: Sequence[Published], *, scheme: VersionScheme, monorepo: Monorepo | None
) -> dict[str, str]:
    """``releases_created``, ``releases`` (one JSON object per release published) and, for a
    monorepo, ``paths_released`` and every component's ``<path>--release_created``,
    ``--tag_name``, ``--version``, ``--major``, ``--minor``, ``--patch``, ``--sha``,
    ``--html_url`` and ``--upload_url`` (empty when it released nothing)."""
    components = {c.name: c for c in monorepo.components} if monorepo else {}
    releases = [
        _release_json(done, components.get(done.component or ""), scheme) for done in published
    ]
    values = {"releases_created": _bool(bool(releases)), "releases": json.dumps(releases)}
    if monorepo is None:
        return values
    values["paths_released"] = json.dumps([r["path"] for r in releases])
    by_path = {str(r["path"]): r for r in releases}
    for component in monorepo.components:
        path = _output_path(component)
        found = by_path.get(path, {})
        values[f"{path}--release_created"] = _bool(bool(found))
        values.update({f"{path}--{key}": _text(found.get(key)) for key in COMPONENT_OUTPUTS})
    return values


COMPONENT_OUTPUTS = (
    "tag_name",
    "version",
    "major",
    "minor",
    "patch",
    "sha",
    "html_url",
    "upload_url",
)


def _release_json(
    done: Published, component: Component | None, scheme: VersionScheme
) -> dict[str, object]:
    """One release published, as ``releases`` lists it."""
    if component is not None:
        scheme = component.policy.version_scheme
    parsed = scheme.try_parse(done.version)
    major, minor, patch = parsed.release if parsed else (None, None, None)
    return {
        "component": done.component,
        "path": _output_path(component) if component else ".",
        "tag_name": done.tag,
        "version": done.version,
        "major": major,
        "minor": minor,
        "patch": patch,
        "sha": done.action.commit,
        "html_url": done.release.html_url,
        "upload_url": done.release.upload_url,
        "prerelease": done.release.prerelease,
    }


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _output_path(component: Component) -> str:
    """A component's path as its outputs are named (``.``: the whole repository)."""
    return component.path or "."


def job_summary(outcome: ReconcileOutcome, *, repository: str, changelog: ChangelogPolicy) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: what was decided and why (the plan's reason names
    a pinned version or a floor that decided it), with links; the commits as ``regent plan``
    lists them (``changelog`` says which types the notes show)."""
    decision = outcome.decision
    mode = " (dry run: nothing written)" if outcome.dry_run else ""
    lines = [
        f"## Release Regent: {repository} {markdown_line(decision.base_branch)}{mode}",
        "",
        f"Base head `{decision.base_sha[:12]}`; release branch "
        f"`{markdown_line(decision.release_branch)}`.",
        "",
        *(
            f"- {markdown_line(line)}"
            for decided in outcome.decisions or (decision,)  # a release PR per component
            for line in decided.lines()
        ),
        "",
        *([f"Why: {markdown_line(decision.plan_reason)}", ""] if decision.plan_reason else []),
    ]
    lines += [f"Release: [{outcome.tag}]({outcome.release.html_url})"] if outcome.release else []
    lines += _assets(outcome)
    pull = outcome.pull_request
    if pull:
        lines.append(f"Release PR: [#{pull.number} {markdown_line(pull.title)}]({pull.html_url})")
    lines += _auto_merge(outcome)
    commits = _commit_table(decision.commits, changelog=changelog)
    return "\n".join([*lines, *commits, *_notes(outcome)]) + "\n"


def command_summary(outcome: CommandOutcome) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: each command of the comment, its result, why,
    and the reply (overrides a command set are named in its row)."""
    rows = [
        f"| `{_cell(done.line)}` | {done.result} | {_cell(done.message)} | "
        + (f"[reply]({done.reply_url}) |" if done.reply_url else "|")
        for done in outcome.commands
    ]
    return "\n".join(
        [
            f"## Release Regent: commands on {outcome.repository}#{outcome.number} by "
            f"{markdown_line(outcome.author)}",
            "",
            "| command | result | what happened | reply |",
            "|---|---|---|---|",
            *rows,
            "",
        ]
    )


def _commit_table(commits: tuple[CommitChange, ...], *, changelog: ChangelogPolicy) -> list[str]:
    """Commits since the last stable release, newest first, in ``regent plan``'s rows."""
    if not commits:
        return []
    totals = effect_totals(Counter(change.effect.value for change in commits))
    rows = [
        f"| `{row['sha'][:7]}` | {row['effect']} | {row['bump']} | "
        f"{'yes' if row['included'] else 'no'} | {_cell(commit_heading(row))} | "
        f"{_cell(row['note'] or '')} |"
        for row in commit_rows(commits[-LISTED_COMMITS:], policy=changelog)
    ]
    more = len(commits) - LISTED_COMMITS
    tail = ["", f"... and {more} older commits (see `regent plan`)."] if more > 0 else []
    return [
        "",
        f"<details><summary>Commits: {totals}</summary>",
        "",
        "| commit | effect | bump | included | message | note |",
        "|---|---|---|---|---|---|",
        *rows,
        *tail,
        "",
        "</details>",
    ]


def _cell(text: str) -> str:
    """User text safe inside a Markdown table cell (its backslashes and pipes shown as such)."""
    return markdown_line(text.replace("\\", "\\\\").replace("|", "\\|"))


def _assets(outcome: ReconcileOutcome) -> list[str]:
    """A line per release published with assets: each file and what was done with it."""
    return [
        f"Assets of {done.tag}: "
        + ", ".join(f"`{markdown_line(move.file.name)}` {move.step.value}" for move in done.assets)
        for done in outcome.published
        if done.assets
    ]


def _auto_merge(outcome: ReconcileOutcome) -> list[str]:
    """A line per release PR auto-merge was enabled on, one warning per reason GitHub gave for
    not enabling it."""
    done = outcome.auto_merge
    lines = [f"Auto-merge ({a.method}) enabled on #{a.number}" for a in done if a.enabled]
    lines += [f"> **Warning**: {markdown_line(line)}" for line in refusal_lines(done)]
    return ["", *lines] if lines else []


def _notes(outcome: ReconcileOutcome) -> list[str]:
    """The notes this run computed (the release's, else the release PR body's), folded.

    Never a body read back from GitHub: anyone with write access can edit a PR or a release.
    """
    text = outcome.published[-1].action.notes if outcome.published else _pr_body(outcome)
    if not text.strip():
        return []
    return ["", "<details><summary>Release notes</summary>", "", text.strip(), "", "</details>"]


def _pr_body(outcome: ReconcileOutcome) -> str:
    """The release PR body the decision computed ("" when it computed none).

    An open PR left alone, or updated without its body, already holds exactly that body.
    """
    action = outcome.decision.actions[-1] if outcome.decision.actions else None
    if isinstance(action, OpenReleasePr | UpdateReleasePr) and action.body is not None:
        return action.body
    if isinstance(action, KeepReleasePr | UpdateReleasePr):
        return action.pull.body
    return ""


def _released_commit(outcome: ReconcileOutcome) -> str:
    return outcome.published[-1].action.commit if outcome.published else ""


def _pull_json(pull: PullRequest) -> dict[str, object]:
    return {
        "number": pull.number,
        "title": pull.title,
        "html_url": pull.html_url,
        "head_branch": pull.head_branch,
        "base_branch": pull.base_branch,
        "draft": pull.draft,
    }


def _bool(value: bool) -> str:
    return "true" if value else "false"
