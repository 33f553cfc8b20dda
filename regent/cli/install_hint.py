"""How to add an extra (``server``, ``aws``, ...) to this copy of Release Regent: from where it
was installed, read from the installer's record (PEP 610's ``direct_url.json``).

Until Release Regent is on PyPI, ``pip install 'release-regent[server]'`` finds nothing; a copy
installed from a git URL, a clone or a wheel file is told to install from that same place.
"""

from __future__ import annotations

import json
import shlex
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import regent

DISTRIBUTION = "release-regent"


def extra_install_command(extra: str) -> str:
    """The ``pip install`` command that adds ``extra`` to this installation."""
    tree = _source_tree()
    if tree is not None:
        return f"pip install -e {shlex.quote(f'{tree}[{extra}]')}"
    return install_command(extra, _direct_url())


def install_command(extra: str, direct_url: dict[str, Any] | None) -> str:
    """``pip install`` for ``extra`` given the installation's ``direct_url.json`` (None: it came
    from a package index)."""
    requirement = f"{DISTRIBUTION}[{extra}]"
    url = direct_url.get("url") if direct_url is not None else None
    if direct_url is None or not isinstance(url, str) or not url:
        return f"pip install {shlex.quote(requirement)}"
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, dict):
        scheme = vcs.get("vcs") if isinstance(vcs.get("vcs"), str) else "git"
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        at = f"@{commit}" if isinstance(commit, str) and commit else ""
        return f"pip install {shlex.quote(f'{requirement} @ {scheme}+{url}{at}')}"
    folder = direct_url.get("dir_info")
    if isinstance(folder, dict):
        path = unquote(urlsplit(url).path) if url.startswith("file:") else url
        editable = "-e " if folder.get("editable") else ""
        return f"pip install {editable}{shlex.quote(f'{path}[{extra}]')}"
    return f"pip install {shlex.quote(f'{requirement} @ {url}')}"


def _source_tree() -> Path | None:
    """The source tree this code runs from (a clone, installed editable or on the path)."""
    root = Path(regent.__file__).resolve().parents[1]
    return root if (root / "pyproject.toml").is_file() else None


def _direct_url() -> dict[str, Any] | None:
    """The installer's record of where this installation came from; None: from an index."""
    for distribution in metadata.distributions(name=DISTRIBUTION):
        record = distribution.read_text("direct_url.json")
        if not record:
            continue
        try:
            found = json.loads(record)
        except ValueError:
            return None
        return found if isinstance(found, dict) else None
    return None
