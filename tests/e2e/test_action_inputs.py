"""Action inputs that name files, URLs or the runner's output files, attacked through the real
entrypoint: a path leaving the checkout, a malformed URL, an output file in a missing folder.
Each stops with exit 2 and one ``::error::`` line saying what to write instead, before anything
is read from the file named or written to GitHub."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.lifecycle_harness import Commit, refresh, running_lifecycle
from tests.e2e.lifecycle_script import source_repository
from tests.e2e.test_action_entrypoint import Run, Runner, push_payload
from tests.e2e.test_action_errors import assert_untouched

pytestmark = pytest.mark.e2e

PLANTED_TITLE = "chore: planted {version}"
PLANTED_CONFIG = f'release_pr:\n  title: "{PLANTED_TITLE}"\n'
"""A valid configuration outside the checkout: used, it would title the release PR."""
SHOULD_WRITE = "write a path inside the repository, relative to its root"


@pytest.fixture
def started(tmp_path: Path) -> Iterator[Runner]:
    """A runner on ``acme/widget`` with one feature merged since v1.0.0."""
    with running_lifecycle(tmp_path / "work", source_repository(tmp_path / "source")) as life:
        life.land("feat: add gears", [Commit("feat: add gears")], method="squash")
        refresh(life.checkout)
        yield Runner(life, tmp_path / "runs")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A configuration file outside the checkout."""
    path = tmp_path / "elsewhere" / "release-regent.yml"
    path.parent.mkdir()
    path.write_text(PLANTED_CONFIG, encoding="utf-8")
    return path


def refused(run: Run, cause: str) -> None:
    """Exit 2, the cause as the one error annotation, and the planted file never read."""
    assert run.code == 2, run.stdout + run.stderr
    assert run.last_line.startswith("::error::"), run.stdout
    assert cause in run.last_line
    assert [line for line in run.stdout.splitlines() if line.startswith("::error")] == [
        run.last_line
    ]
    assert "planted" not in run.stdout + run.stderr


def test_config_file_linked_to_the_process_environment(started: Runner) -> None:
    """The leak of the issue, through config-file: a link to procfs's environment file."""
    (started.lifecycle.checkout / "regent.yml").symlink_to("/proc/self/environ")
    secret = "regent-secret-value-7f3a"
    run = started.run(
        "push",
        push_payload(started.lifecycle),
        inputs={"CONFIG-FILE": "regent.yml"},
        env={"REGENT_TEST_SECRET": secret},
    )
    refused(run, "input config-file is 'regent.yml', a symbolic link to a file outside")
    assert secret not in run.stdout + run.stderr + run.summary
    assert_untouched(run, started.lifecycle)


def test_config_file_given_as_an_absolute_path_outside_the_checkout(
    started: Runner, outside: Path
) -> None:
    run = started.run("push", push_payload(started.lifecycle), inputs={"CONFIG-FILE": str(outside)})
    refused(
        run,
        f"input config-file is '{outside}', an absolute path outside the checkout; {SHOULD_WRITE}",
    )
    assert_untouched(run, started.lifecycle)


def test_config_file_climbing_out_of_the_checkout(started: Runner, outside: Path) -> None:
    climbing = os.path.relpath(outside, started.lifecycle.checkout)
    assert climbing.startswith("..")
    run = started.run("push", push_payload(started.lifecycle), inputs={"CONFIG-FILE": climbing})
    refused(run, f"which climbs out with ..; {SHOULD_WRITE}")
    assert_untouched(run, started.lifecycle)


@pytest.mark.parametrize("link", ["regent.yml", "configs/regent.yml"], ids=["file", "folder"])
def test_config_file_through_a_symbolic_link_leaving_the_checkout(
    started: Runner, outside: Path, link: str
) -> None:
    checkout = started.lifecycle.checkout
    if link == "regent.yml":
        (checkout / link).symlink_to(outside)
    else:
        (checkout / "configs").symlink_to(outside.parent, target_is_directory=True)
        (outside.parent / "regent.yml").write_text(PLANTED_CONFIG, encoding="utf-8")
    run = started.run("push", push_payload(started.lifecycle), inputs={"CONFIG-FILE": link})
    refused(run, "a symbolic link to a file outside the checkout")
    assert_untouched(run, started.lifecycle)


@pytest.mark.parametrize("absolute", [False, True], ids=["relative", "absolute"])
def test_config_file_inside_the_checkout_is_used(started: Runner, absolute: bool) -> None:
    checkout = started.lifecycle.checkout
    (checkout / "ci").mkdir()
    (checkout / "ci" / "regent.yml").write_text(
        'release_pr:\n  title: "chore: ship {version}"\n', encoding="utf-8"
    )
    (checkout / "regent.yml").symlink_to("ci/regent.yml")  # a link that stays inside is fine
    named = "regent.yml" if not absolute else str(checkout / "regent.yml")
    run = started.run("push", push_payload(started.lifecycle), inputs={"CONFIG-FILE": named})
    assert run.code == 0, run.stdout + run.stderr
    opened = started.lifecycle.snapshot().open_release
    assert opened is not None
    assert opened.title == "chore: ship 1.1.0"


@pytest.mark.parametrize(
    ("url", "source"),
    [
        pytest.param("ftp://x", "input github-api-url", id="ftp"),
        pytest.param("not a url", "input github-api-url", id="not-a-url"),
        pytest.param("https://", "input github-api-url", id="no-host"),
        pytest.param("http://[::1", "input github-api-url", id="bad-ipv6"),
    ],
)
def test_a_malformed_api_url(started: Runner, url: str, source: str) -> None:
    run = started.run("push", push_payload(started.lifecycle), inputs={"GITHUB-API-URL": url})
    refused(run, f"{source} is {url!r}, not an http(s) URL; write https://api.github.com")
    assert_untouched(run, started.lifecycle)


def test_a_malformed_runner_api_url(started: Runner) -> None:
    run = started.run("push", push_payload(started.lifecycle), env={"GITHUB_API_URL": "ftp://x"})
    refused(run, "GITHUB_API_URL is 'ftp://x', not an http(s) URL")
    assert_untouched(run, started.lifecycle)


@pytest.mark.parametrize("name", ["GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"])
@pytest.mark.parametrize("where", ["missing-folder", "a-folder", "under-a-file"])
def test_an_output_file_that_cannot_be_written(
    started: Runner, tmp_path: Path, name: str, where: str
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    path = {
        "missing-folder": tmp_path / "missing" / "out",
        "a-folder": tmp_path,
        "under-a-file": a_file / "out",
    }[where]
    run = started.run("push", push_payload(started.lifecycle), env={name: str(path)})
    refused(run, f"{name} is '{path}', which cannot be written (")
    assert f"where the runner sets {name} to a writable file" in run.last_line
    snapshot = started.lifecycle.snapshot()
    assert (snapshot.release_pulls, snapshot.branch, snapshot.releases) == ((), None, ())


@pytest.mark.parametrize(
    "branch", ["--upload-pack=touch x", "main..evil", "a b", "ends/", "x.lock"]
)
def test_a_target_branch_git_would_not_take(started: Runner, branch: str) -> None:
    run = started.run("push", push_payload(started.lifecycle), inputs={"TARGET-BRANCH": branch})
    refused(run, "not a branch name; write the name of the base branch")
    assert_untouched(run, started.lifecycle)


def test_every_bad_input_is_named_in_one_line(started: Runner, outside: Path) -> None:
    inputs = {
        "CONFIG-FILE": str(outside),
        "GITHUB-API-URL": "ftp://x",
        "DRY-RUN": "maybe",
        "COMMAND": "x" * 5000,
    }
    run = started.run("push", push_payload(started.lifecycle), inputs=inputs)
    refused(run, "4 problems: ")
    for cause in ("input config-file", "input github-api-url", "input dry-run", "input command"):
        assert cause in run.last_line
    assert "... (5000 characters)" in run.last_line  # a huge value is not echoed whole
    assert len(run.last_line) < 2000
    assert_untouched(run, started.lifecycle)


def test_a_release_as_that_is_not_a_version(started: Runner) -> None:
    run = started.run("push", push_payload(started.lifecycle), inputs={"RELEASE-AS": "banana"})
    assert run.code == 2, run.stdout + run.stderr
    assert run.last_line.startswith("::error::"), run.stdout
    assert "banana" in run.last_line
    assert_untouched(run, started.lifecycle)


def test_a_workspace_that_is_not_a_folder(started: Runner, tmp_path: Path) -> None:
    missing = tmp_path / "no-checkout"
    run = started.run(
        "push", push_payload(started.lifecycle), env={"GITHUB_WORKSPACE": str(missing)}
    )
    refused(run, f"GITHUB_WORKSPACE is '{missing}', which is not a folder; run Release Regent")
    assert_untouched(run, started.lifecycle)
