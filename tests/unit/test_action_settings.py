"""The Action's input checks as a parser: any values the runner could pass give settings or one
``UsageError`` line naming what to write instead, never another exception."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from regent.core.errors import UsageError
from regent.core.text import SHOWN_CHARACTERS
from regent.runtimes.action.checks import api_url, branch_name
from regent.runtimes.action.settings import read_settings

INPUTS = ("CONFIG-FILE", "COMMAND", "TARGET-BRANCH", "RELEASE-AS", "PRERELEASE", "DRY-RUN")
SCRATCH = Path(tempfile.mkdtemp(prefix="regent-action-settings-"))
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
(SCRATCH / "checkout").mkdir()
FILES = (str(SCRATCH / "out"), str(SCRATCH / "missing" / "out"), str(SCRATCH), "")
"""Output file values: the property must not create files anywhere else."""

values = st.text(max_size=300) | st.sampled_from(
    ("", "..", "../x", "/etc/passwd", "ftp://x", "http://[::1", "https://", "true", "maybe")
)
environments = st.fixed_dictionaries(
    {
        "GITHUB_EVENT_NAME": st.sampled_from(("push", "", " ")),
        "GITHUB_REPOSITORY": st.sampled_from(("acme/widget", "")),
        "GITHUB_WORKSPACE": st.sampled_from((str(SCRATCH / "checkout"), str(SCRATCH / "no"))),
        "GITHUB_OUTPUT": st.sampled_from(FILES),
        "GITHUB_STEP_SUMMARY": st.sampled_from(FILES),
        "GITHUB_API_URL": values,
    },
    optional={f"INPUT_{name}": values for name in (*INPUTS, "GITHUB-API-URL")},
)


def refusal(read: Callable[[], object]) -> str:
    """The ``UsageError``'s message (exit code 2), or "" when ``read`` succeeds."""
    try:
        read()
    except UsageError as error:
        return error.message if error.exit_code == 2 else f"exit code {error.exit_code}"
    return ""


@settings(max_examples=300, deadline=None)
@given(environ=environments)
def test_any_runner_environment_is_settings_or_one_usage_line(environ: dict[str, str]) -> None:
    message = refusal(lambda: read_settings(environ))
    assert "\n" not in message
    assert "\r" not in message
    assert len(message) < 12 * (SHOWN_CHARACTERS + 400)


@given(st.text())
def test_any_url_is_an_http_url_or_a_usage_error(text: str) -> None:
    try:
        url = api_url(text, name="input github-api-url")
    except UsageError:
        return
    assert url.lower().startswith(("http://", "https://"))


@given(st.text())
def test_a_branch_name_never_starts_an_option(text: str) -> None:
    try:
        name = branch_name(text, name="input target-branch")
    except UsageError:
        return
    assert not name.startswith("-")
    assert ".." not in name
    assert not any(ord(character) <= 0x20 or character == "\x7f" for character in name)
