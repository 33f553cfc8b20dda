"""Checks of the values a runner hands the Action: each returns the value to use, or raises a
``UsageError`` saying what to write instead. Standard library only (run before any import of
PyGithub or GitPython), and nothing is read from the files named here.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from regent.core.errors import UsageError
from regent.core.text import shown

_URL_SCHEMES = ("http", "https")
_BAD_BRANCH = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//|/\.|\.lock(/|$)")


def workspace_folder(value: str) -> Path:
    """The runner's checkout, ``GITHUB_WORKSPACE`` (the current folder when unset)."""
    path = Path(value or ".")
    if not path.is_dir():
        raise UsageError(
            f"GITHUB_WORKSPACE is {shown(value)}, which is not a folder; run Release Regent as a "
            "step of a GitHub workflow, after actions/checkout"
        )
    return path


def workspace_file(workspace: Path, value: str, *, name: str) -> str:
    """``value`` as a path relative to ``workspace`` that stays inside it, links resolved.

    An absolute path outside the workspace, a ``..``, or a symbolic link (anywhere on the path)
    that resolves outside it is refused before the file is opened.
    """
    advice = (
        f"{name} is {shown(value)}, {{}}; write a path inside the repository, relative to its "
        "root, such as .github/release-regent.yml"
    )
    relative = PurePosixPath(value.replace("\\", "/"))
    root = workspace.resolve()
    if relative.is_absolute():
        inside = [base for base in (workspace.absolute(), root) if relative.is_relative_to(base)]
        if not inside:
            raise UsageError(advice.format("an absolute path outside the checkout"))
        relative = relative.relative_to(inside[0])
    if ".." in relative.parts:
        raise UsageError(advice.format("which climbs out with .."))
    if "\x00" in value:
        raise UsageError(advice.format("which holds a NUL character"))
    if not (root / relative).resolve().is_relative_to(root):
        raise UsageError(advice.format("a symbolic link to a file outside the checkout"))
    return str(relative)


def output_file(value: str, *, name: str) -> Path | None:
    """The runner's file ``name`` (``GITHUB_OUTPUT``), proved writable now, or None when unset.

    Opening it for appending is the proof (the runner creates it empty anyway): a missing or
    unwritable folder is found before anything is done, not after a release.
    """
    if not value:
        return None
    path = Path(value)
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        cause = error.strerror if isinstance(error, OSError) else None
        raise UsageError(
            f"{name} is {shown(value)}, which cannot be written ({cause or error}); "
            f"run Release Regent as a workflow step, where the runner sets {name} to a "
            "writable file, or leave it unset"
        ) from None
    return path


def api_url(value: str, *, name: str) -> str:
    """An ``http(s)://host[/path]`` URL of the GitHub API, without a trailing ``/``."""
    url = value.rstrip("/")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme.lower() not in _URL_SCHEMES or not host or " " in url:
        raise UsageError(
            f"{name} is {shown(value)}, not an http(s) URL; write https://api.github.com, or "
            "https://HOST/api/v3 for GitHub Enterprise Server (or leave it empty)"
        )
    return url


def branch_name(value: str, *, name: str) -> str:
    """``value`` when git accepts it as a branch name (``git check-ref-format --branch``)."""
    bad = (
        value.startswith(("-", "/", "."))
        or value.endswith(("/", "."))
        or value == "@"
        or _BAD_BRANCH.search(value) is not None
    )
    if bad:
        raise UsageError(
            f"{name} is {shown(value)}, not a branch name; write the name of the base branch "
            "as git shows it, such as main or release/2.x"
        )
    return value
