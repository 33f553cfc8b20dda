"""Jinja filters from plugins (``templates.filters``): usable in a repository's templates, inside
the same sandbox, and a filter that raises fails the render naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.adapters.jinja_renderer import JinjaRenderer
from regent.config.loader import parse_config_text
from regent.core.errors import ConfigError
from regent.core.policy import TemplateFilter, TemplatePolicy
from tests.plugin_install import install_example
from tests.unit.test_renderer import notes


def _renderer(root: Path, template: str, *filters: TemplateFilter) -> JinjaRenderer:
    (root / "notes.j2").write_text(template)
    policy = TemplatePolicy(release_notes="notes.j2", filters=filters)
    return JinjaRenderer(overrides=policy, repository_root=root)


def test_the_example_filter_renders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    install_example(monkeypatch, tmp_path / "site")
    text = "templates:\n  release_notes: notes.j2\n  filters: [shout]\n"
    policy = parse_config_text(text, source="x.yml").templates
    (tmp_path / "notes.j2").write_text("{{ notes.version | shout }} {{ 'beta' | shout }}\n")
    renderer = JinjaRenderer(overrides=policy, repository_root=tmp_path)
    assert renderer.release_notes(notes()) == "1.3.0 BETA\n"


def test_what_a_filter_returns_stays_sandboxed(tmp_path: Path) -> None:
    renderer = _renderer(
        tmp_path,
        "{{ (notes | keep).__class__.__init__.__globals__ }}\n",
        TemplateFilter("keep", lambda value: value),
    )
    with pytest.raises(ConfigError, match=r"notes\.j2: template failed to render: .*unsafe"):
        renderer.release_notes(notes())


def test_a_filter_that_raises_fails_the_render_naming_it(tmp_path: Path) -> None:
    def boom(value: object) -> str:
        raise ValueError(f"cannot shout {value}")

    renderer = _renderer(tmp_path, "{{ notes.version | boom }}\n", TemplateFilter("boom", boom))
    with pytest.raises(ConfigError) as raised:
        renderer.release_notes(notes())
    assert raised.value.message == (
        "notes.j2: template failed to render: the filter 'boom' (a plugin) raised "
        "ValueError: cannot shout 1.3.0"
    )


def test_a_filter_cannot_replace_one_of_jinjas(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'escape' has the name of one of Jinja's own filters"):
        _renderer(tmp_path, "{{ notes.version }}\n", TemplateFilter("escape", str))
