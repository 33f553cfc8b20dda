"""``regent changelog`` on a real repository with five past releases: printed, written with
the preface kept, limited with ``--since``, tags the scheme does not read skipped and named."""

from __future__ import annotations

import os
import pty
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.gitrepo import GIT_ENV, GitRepo, git, run_regent

pytestmark = pytest.mark.e2e

URL = "https://github.com/acme/widget"


@dataclass
class Released:
    repo: GitRepo
    shas: dict[str, str]


@pytest.fixture
def released(tmp_path: Path) -> Released:
    """v0.1.0, v0.2.0, v1.0.0-rc.1, v1.0.0, v1.0.1; a tag the semver scheme does not read
    (v1.1.0b1), one on a branch never merged (v0.2.1), and a commit after the last release."""
    repo = GitRepo.create(tmp_path / "repo")
    git(repo.path, "remote", "add", "origin", "git@github.com:acme/widget.git")
    shas = {"start": repo.commit("chore: start"), "app": repo.commit("feat: the app")}
    repo.tag("v0.1.0")
    shas["docs"] = repo.commit("docs: a page")
    repo.branch("topic")
    shas["login"] = repo.commit("feat(auth): log in")
    repo.checkout("main")
    repo.merge_pr("topic", number=7, title="Log in")
    shas["crash"] = repo.commit("fix: a crash (#8)")
    repo.tag("v0.2.0", annotated=True)
    repo.branch("maintenance")
    repo.commit("fix: on a branch never merged")
    repo.tag("v0.2.1")
    repo.checkout("main")
    shas["api"] = repo.commit("feat!: the 1.0 API")
    repo.tag("v1.0.0-rc.1")
    shas["rc"] = repo.commit("fix: a release candidate's bug")
    repo.tag("v1.0.0")
    shas["chore"] = repo.commit("chore: tidy")
    shas["patch"] = repo.commit("fix(api): a null")
    repo.tag("v1.0.1")
    repo.tag("v1.1.0b1")
    repo.commit("feat: not released yet")
    return Released(repo, shas)


def link(shas: dict[str, str], name: str) -> str:
    sha = shas[name]
    return f"([{sha[:7]}]({URL}/commit/{sha}))"


def expected_sections(shas: dict[str, str]) -> list[str]:
    return [
        f"## [1.0.1]({URL}/compare/v1.0.0...v1.0.1) (2026-01-01)\n\n"
        f"### Bug Fixes\n\n* **api:** a null {link(shas, 'patch')}\n",
        f"## [1.0.0]({URL}/compare/v0.2.0...v1.0.0) (2026-01-01)\n\n"
        f"### ⚠ Breaking Changes\n\n* the 1.0 API {link(shas, 'api')}\n\n"
        f"### Features\n\n* the 1.0 API {link(shas, 'api')}\n\n"
        f"### Bug Fixes\n\n* a release candidate's bug {link(shas, 'rc')}\n",
        f"## [1.0.0-rc.1]({URL}/compare/v0.2.0...v1.0.0-rc.1) (2026-01-01)\n\n"
        f"### ⚠ Breaking Changes\n\n* the 1.0 API {link(shas, 'api')}\n\n"
        f"### Features\n\n* the 1.0 API {link(shas, 'api')}\n",
        f"## [0.2.0]({URL}/compare/v0.1.0...v0.2.0) (2026-01-01)\n\n"
        f"### Features\n\n* **auth:** log in ([#7]({URL}/pull/7)) {link(shas, 'login')}\n\n"
        f"### Bug Fixes\n\n* a crash ([#8]({URL}/pull/8)) {link(shas, 'crash')}\n",
        f"## 0.1.0 (2026-01-01)\n\n### Features\n\n* the app {link(shas, 'app')}\n",
    ]


def changelog(repo: GitRepo, *options: str) -> tuple[str, str]:
    result = run_regent("changelog", str(repo.path), *options)
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def test_every_release_is_printed_newest_first(released: Released) -> None:
    output, notes = changelog(released.repo)
    assert output == "# Changelog\n\n" + "\n".join(expected_sections(released.shas))
    assert notes.splitlines() == [
        "regent: 1 tag skipped: not semver versions (v1.1.0b1)",
        "regent: 1 tag skipped: not in the history of HEAD (v0.2.1)",
    ]
    assert not (released.repo.path / "CHANGELOG.md").exists()


def test_write_keeps_the_preface_and_replaces_the_release_sections(released: Released) -> None:
    preface = "# Changelog\n\nEvery change that matters to users.\n"
    released.repo.write("CHANGELOG.md", f"{preface}\n## 0.0.1\n\n* hand-written\n")
    output, _ = changelog(released.repo, "--write")
    assert output == f"wrote {released.repo.path / 'CHANGELOG.md'} (5 releases)\n"
    written = (released.repo.path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert written == f"{preface}\n" + "\n".join(expected_sections(released.shas))
    assert changelog(released.repo)[0] == written  # a second run finds nothing to change


def test_since_writes_the_later_releases_above_the_older_sections(released: Released) -> None:
    older = "## 0.2.0 (by hand)\n\n* kept\n"
    released.repo.write(
        "CHANGELOG.md", f"# Changelog\n\n## 1.0.0 (by hand)\n\n* replaced\n\n{older}"
    )
    changelog(released.repo, "--since", "v0.2.0", "--write")
    written = (released.repo.path / "CHANGELOG.md").read_text(encoding="utf-8")
    newer = expected_sections(released.shas)[:3]
    assert written == "# Changelog\n\n" + "\n".join([*newer, older])


def test_a_custom_tag_template_and_changelog_path_are_followed(released: Released) -> None:
    repo = released.repo
    repo.write(
        ".release-regent.yml",
        "tag_template: 'release-{version}'\nchangelog:\n  path: docs/CHANGES.md\n",
    )
    git(repo.path, "tag", "release-2.0.0", released.shas["patch"])
    output, _ = changelog(repo, "--write")
    assert output.startswith("wrote ")
    assert "docs/CHANGES.md (1 release)" in output
    written = (repo.path / "docs" / "CHANGES.md").read_text(encoding="utf-8")
    assert written.startswith("# Changelog\n\n## 2.0.0 (2026-01-01)\n\n### ⚠ Breaking Changes\n")
    assert "* a crash (" in written
    assert "* the app (" in written


@pytest.mark.parametrize(
    ("setup", "options", "code", "message"),
    [
        pytest.param(
            "plain",
            (),
            1,
            "is not inside a git repository; run regent in a checkout or pass its path",
            id="not a git repository",
        ),
        pytest.param(
            "untagged",
            (),
            2,
            "no release tags: no tag follows the tag template 'v{version}'",
            id="no tags",
        ),
        pytest.param(
            "released",
            ("--since", "v9.9.9"),
            2,
            "--since: 'v9.9.9' is not a release tag of this repository; name one of its release "
            "tags (newest: v1.0.1, v1.0.0, v1.0.0-rc.1, v0.2.1, v0.2.0)",
            id="unknown --since tag",
        ),
    ],
)
def test_bad_input_is_a_usage_error(
    released: Released,
    tmp_path: Path,
    *,
    setup: str,
    options: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    if setup == "plain":
        path = tmp_path / "plain"
        path.mkdir()
    elif setup == "untagged":
        repo = GitRepo.create(tmp_path / "untagged")
        repo.commit("feat: no tag yet")
        path = repo.path
    else:
        path = released.repo.path
    result = run_regent("changelog", str(path), *options)
    assert result.returncode == code
    assert message in result.stderr
    assert result.stdout == ""


def test_tags_the_scheme_does_not_read_are_named_when_none_is_left(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: one")
    repo.tag("v1.0.0b1")
    result = run_regent("changelog", str(repo.path))
    assert result.returncode == 2
    assert "the tags following 'v{version}' (v1.0.0b1) are not semver versions" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only folder")
def test_a_file_that_cannot_be_written_is_a_clear_error(released: Released) -> None:
    docs = released.repo.path / "docs"
    docs.mkdir()
    released.repo.write(".release-regent.yml", "changelog:\n  path: docs/CHANGELOG.md\n")
    docs.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run_regent("changelog", str(released.repo.path), "--write")
    finally:
        docs.chmod(stat.S_IRWXU)
    assert result.returncode == 2
    assert "cannot write under" in result.stderr
    assert "Permission denied" in result.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param("file", "docs is not a folder", id="a file where the folder goes"),
        pytest.param("link", "commit the file itself instead of a link", id="a link"),
    ],
)
def test_a_path_that_cannot_be_written_is_refused(
    released: Released, tmp_path: Path, make: str, message: str
) -> None:
    repo = released.repo
    repo.write(".release-regent.yml", "changelog:\n  path: docs/CHANGELOG.md\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    if make == "file":
        repo.write("docs", "not a folder\n")
    else:
        (repo.path / "docs").symlink_to(outside)
    result = run_regent("changelog", str(repo.path), "--write")
    assert result.returncode == 2
    assert message in result.stderr
    assert list(outside.iterdir()) == []


def test_init_offers_the_changelog_and_writes_it_on_request(released: Released) -> None:
    repo = released.repo
    offered = run_regent("init", str(repo.path))
    assert offered.returncode == 0, offered.stderr
    assert (
        "found 6 release tags and no CHANGELOG.md: `regent changelog --write` "
        "(or `regent init --changelog`) writes it from them"
    ) in offered.stdout
    assert not (repo.path / "CHANGELOG.md").exists()
    written = run_regent("init", str(repo.path), "--force", "--changelog")
    assert written.returncode == 0, written.stderr
    assert f"wrote {repo.path / 'CHANGELOG.md'} (5 releases)" in written.stdout
    text = (repo.path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text == "# Changelog\n\n" + "\n".join(expected_sections(released.shas))
    again = run_regent("init", str(repo.path), "--force")
    assert "CHANGELOG.md" not in again.stdout


def test_init_from_another_tool_writes_the_changelog_of_its_tags(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "demo"\nversion = "1.1.0"\n\n'
        '[tool.commitizen]\nversion_provider = "pep621"\ntag_format = "$version"\n'
    )
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit("feat: first", files={"pyproject.toml": pyproject})
    repo.tag("1.0.0")
    repo.commit("feat: second")
    repo.tag("1.1.0")
    result = run_regent("init", str(repo.path), "--from", "commitizen", "--changelog")
    assert result.returncode == 0, result.stderr
    assert f"wrote {repo.path / 'CHANGELOG.md'} (2 releases)" in result.stdout
    text = (repo.path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n\n## 1.1.0 (2026-01-01)\n\n### Features\n\n* second (")
    assert "\n## 1.0.0 (2026-01-01)\n\n### Features\n\n* first (" in text


def test_progress_shows_on_a_terminal_only_and_is_cleared(
    released: Released, tmp_path: Path
) -> None:
    """With its delay set to 0, the commits read show on a terminal's stderr, then clear."""
    delayed = (
        "import sys, regent.cli.progress as p; p.PROGRESS_AFTER = 0.0; "
        "from regent.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    stdout = tmp_path / "changelog.md"
    leader, follower = pty.openpty()
    with stdout.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", delayed, "changelog", str(released.repo.path)],
            stdout=out,
            stderr=follower,
            env={**os.environ, **GIT_ENV},
        )
    os.close(follower)
    stderr = b""
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # a pty's leader reads EIO once the program has exited
            break
        if not chunk:
            break
        stderr += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0, stderr
    assert stderr.startswith(b"\r\x1b[Kregent: 11 commits read\r\x1b[Kregent: 1 tag skipped")
    assert stdout.read_text(encoding="utf-8") == changelog(released.repo)[0]


def test_a_shallow_clone_and_a_monorepo_are_refused(released: Released, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "--quiet", "--depth", "2", released.repo.path.as_uri(), str(shallow))
    result = run_regent("changelog", str(shallow))
    assert result.returncode == 1
    assert "this clone is shallow, so it misses past releases; fetch the full history" in (
        result.stderr
    )
    released.repo.write(".release-regent.yml", "components:\n  - {name: api, path: api}\n")
    result = run_regent("changelog", str(released.repo.path))
    assert result.returncode == 2
    assert "has components, whose past releases it does not build yet" in result.stderr
    assert result.stdout == ""
