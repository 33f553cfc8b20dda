"""The JSON writer streams, in batches, the same document the pretty (terminal) writer prints."""

from __future__ import annotations

import io
import json

from regent.cli.plan_output import ROWS_PER_WRITE, write_plan
from regent.core.analysis import analyse_commits
from regent.core.history import RawCommit
from regent.core.plan import plan_release
from regent.core.policy import ReleasePolicy
from regent.core.versioning.semver import SEMVER
from regent.core.versioning.tags import TagTemplate, find_releases
from regent.services.planning import PreparedRelease

CONTRACT_ORDER = [
    "current_version",
    "current_tag",
    "next_version",
    "next_tag",
    "bump",
    "reason",
    "override",
    "overrides",
    "skipped",
    "is_prerelease",
    "range",
    "ignored_tags",
    "notices",
    "commits",
    "release_notes",
    "changelog",
    "files",
]


def prepared(count: int) -> PreparedRelease:
    policy = ReleasePolicy()
    commits = [RawCommit(f"{n:040x}", (), f"fix: bug {n}") for n in range(count, 0, -1)]
    plan = plan_release(
        policy=policy,
        scheme=SEMVER,
        history=find_releases(["v1.0.0"], template=TagTemplate("v{version}"), scheme=SEMVER),
        changes=analyse_commits(commits, bump_policy=policy.bump),
    )
    return PreparedRelease(plan, None, "notes ✓\n", "CHANGELOG.md", ())


def render(release: PreparedRelease, *, pretty: bool) -> str:
    out = io.StringIO()
    write_plan(out, release, policy=ReleasePolicy(), output_format="json", pretty=pretty)
    return out.getvalue()


def test_streamed_json_equals_pretty_json_in_the_contract_order() -> None:
    release = prepared(2 * ROWS_PER_WRITE + 3)
    compact = json.loads(render(release, pretty=False))
    assert compact == json.loads(render(release, pretty=True))
    assert list(compact) == CONTRACT_ORDER
    descriptions = [row["description"] for row in compact["commits"]]
    assert descriptions == [f"bug {n}" for n in range(2 * ROWS_PER_WRITE + 3, 0, -1)]
    assert compact["release_notes"] == "notes ✓\n"


def test_no_commits_is_an_empty_list() -> None:
    assert json.loads(render(prepared(0), pretty=False))["commits"] == []


def test_long_release_notes_are_written_in_slices_and_read_back_exactly() -> None:
    notes = 'line with "quotes", a tab\t, é and ⚠\n' * 20_000
    release = prepared(1)
    out = io.StringIO()
    write_plan(
        out,
        PreparedRelease(release.plan, None, notes, "CHANGELOG.md", ()),
        policy=ReleasePolicy(),
        output_format="json",
        pretty=False,
    )
    assert json.loads(out.getvalue())["release_notes"] == notes
