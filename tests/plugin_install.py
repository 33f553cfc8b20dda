"""Plugin packages made visible to the running tests as installed distributions: a
``.dist-info`` folder with its ``entry_points.txt`` on ``sys.path``, as pip leaves one."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Mapping
from pathlib import Path

import pytest

from regent.config import plugins

EXAMPLE = Path(__file__).parent / "plugin_example"
"""The worked example package (docs/operations.md#plugins)."""

EntryPoints = Mapping[str, Mapping[str, str]]
"""Entry point group -> name -> ``module:attribute``."""


def install_distribution(
    monkeypatch: pytest.MonkeyPatch,
    site: Path,
    *,
    name: str,
    entry_points: EntryPoints,
    modules: Mapping[str, str] | None = None,
) -> None:
    """Install distribution ``name`` into ``site`` (its ``modules``, file name -> source, and
    its metadata) and put ``site`` first on ``sys.path`` for this test; plugins already loaded
    by earlier tests are forgotten."""
    site.mkdir(parents=True, exist_ok=True)
    for file_name, source in (modules or {}).items():
        (site / file_name).write_text(source, encoding="utf-8")
    info = site / f"{name.replace('-', '_')}-1.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0.0\n")
    sections = [
        f"[{group}]\n" + "".join(f"{key} = {value}\n" for key, value in points.items())
        for group, points in entry_points.items()
    ]
    (info / "entry_points.txt").write_text("\n".join(sections), encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(plugins, "_loaded", {})


def install_example(monkeypatch: pytest.MonkeyPatch, site: Path) -> None:
    """The worked example package, with the entry points its pyproject.toml declares."""
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    package = "regent_plugin_example"
    shutil.copytree(EXAMPLE / package, site / package)
    install_distribution(
        monkeypatch, site, name=project["name"], entry_points=project["entry-points"]
    )
