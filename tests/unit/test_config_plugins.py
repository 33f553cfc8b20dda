"""Plugins chosen by name in the configuration: the worked example resolves, and a plugin that
is missing, broken, of the wrong kind or raising is a configuration error on its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regent.adapters.notifiers.http import NotifierError
from regent.adapters.notifiers.registry import NotifierRegistry
from regent.config.loader import parse_config_text
from regent.config.plugins import GuardedScheme, PluginError, find_notifier
from regent.core.errors import ConfigError
from regent.core.notifications import ReleaseFailure, RunLink
from regent.core.versioning.bump import Bump
from regent.core.versioning.next_version import next_version
from tests.plugin_install import install_distribution, install_example

BROKEN = """\
import re


class Raising:
    def __init__(self):
        raise RuntimeError("no licence key")


class NotAScheme:
    pass


class Scheme:
    name = "odd"

    def parse(self, text):
        raise KeyError(text)

    def try_parse(self, text):
        raise KeyError(text)

    def check_channel(self, channel):
        return channel


NUMBER = 3
"""


def test_the_example_plugins_resolve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    install_example(monkeypatch, tmp_path)
    text = (
        "version_scheme: serial\n"
        "prerelease: rc\n"
        "templates:\n  filters: [shout]\n"
        "notifications:\n  plugins: [{name: jsonl, path_env: EVENTS}]\n"
    )
    policy = parse_config_text(text, source="x.yml")
    scheme = policy.version_scheme
    assert (scheme.name, policy.initial_version, policy.prerelease) == ("serial", "1", "rc")
    first = next_version(
        last_stable=scheme.parse("7"),
        latest_prerelease=None,
        bump=Bump.PATCH,
        changed_since_latest=True,
        channel="rc",
        initial_version=scheme.parse(policy.initial_version),
    )
    assert str(first) == "8-rc.1"
    [shout] = policy.templates.filters
    assert (shout.name, shout.function("v1 ready")) == ("shout", "V1 READY")


def test_a_plugin_notifier_is_built_and_notified(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install_example(monkeypatch, tmp_path / "site")
    text = "notifications:\n  plugins: [{name: jsonl, path_env: EVENTS}]\n"
    policy = parse_config_text(text, source="x.yml").notifications
    registry = NotifierRegistry()
    registry.add_lookup(find_notifier)  # type: ignore[arg-type]
    events = tmp_path / "events.jsonl"
    [notifier] = registry.build(policy, {"EVENTS": str(events)})
    link = RunLink(door="action", run_url="https://github.com/acme/widget/actions/runs/1")
    failure = ReleaseFailure(
        repository="acme/widget",
        base_branch="main",
        error="boom",
        retryable=False,
        done=("1 pull",),
        link=link,
    )
    notifier.notify(failure)
    assert notifier.name == "jsonl"
    [record] = [json.loads(line) for line in events.read_text().splitlines()]
    assert (record["kind"], record["error"], record["done"]) == ("failure", "boom", ["1 pull"])
    [unusable] = registry.build(policy, {})  # the plugin raises: a notifier that fails, logged
    with pytest.raises(NotifierError, match="set EVENTS to the file"):
        unusable.notify(failure)


@pytest.mark.parametrize(
    ("entry_point", "text", "expected"),
    [
        pytest.param(
            ("release_regent.version_schemes", "broken_missing_module:Scheme"),
            "tag_template: v{version}\nversion_scheme: odd\n",
            (
                2,
                "the plugin 'odd' (broken_missing_module:Scheme of broken-plugins) cannot be "
                "loaded: ModuleNotFoundError",
            ),
            id="import-error",
        ),
        pytest.param(
            ("release_regent.version_schemes", "broken_plugins:Nothing"),
            "version_scheme: odd\n",
            (1, "cannot be loaded: AttributeError"),
            id="no-such-attribute",
        ),
        pytest.param(
            ("release_regent.version_schemes", "broken_plugins:NUMBER"),
            "version_scheme: odd\n",
            (1, "the version scheme plugin 'odd' is int, not a version scheme"),
            id="scheme-wrong-type",
        ),
        pytest.param(
            ("release_regent.version_schemes", "broken_plugins:NotAScheme"),
            "version_scheme: odd\n",
            (1, "the version scheme plugin 'odd' gave NotAScheme, not a version scheme"),
            id="scheme-builds-wrong-type",
        ),
        pytest.param(
            ("release_regent.version_schemes", "broken_plugins:Raising"),
            "version_scheme: odd\n",
            (1, "the version scheme plugin 'odd' failed: RuntimeError: no licence key"),
            id="scheme-raises-when-built",
        ),
        pytest.param(
            ("release_regent.version_schemes", "broken_plugins:Scheme"),
            "version_scheme: odd\ninitial_version: '1'\n",
            (2, "initial_version: the version scheme plugin 'odd' failed on '1': KeyError: '1'"),
            id="scheme-raises-when-used",
        ),
        pytest.param(
            ("release_regent.template_filters", "broken_plugins:NUMBER"),
            "templates:\n  pr_body: body.j2\n  filters: [odd]\n",
            (3, "templates.filters[0]: the template filter plugin 'odd' is int, not a function"),
            id="filter-wrong-type",
        ),
        pytest.param(
            ("release_regent.template_filters", "broken_plugins:Scheme"),
            "templates:\n  filters: [odd]\n",
            (2, "the template filter plugin 'odd' is type, not a function"),
            id="filter-is-a-class",
        ),
        pytest.param(
            ("release_regent.notifiers", "broken_plugins:NUMBER"),
            "notifications:\n  github_issue: true\n  plugins:\n    - name: odd\n",
            (4, "notifications.plugins[0].name: the notifier plugin 'odd' is int, not a class"),
            id="notifier-wrong-type",
        ),
        pytest.param(
            ("release_regent.notifiers", "broken_plugins:Scheme"),
            "notifications:\n  plugins: [{name: pager}]\n",
            (
                2,
                "no plugin named 'pager' in entry point group release_regent.notifiers "
                "(installed: odd)",
            ),
            id="notifier-unknown",
        ),
    ],
)
def test_a_broken_plugin_is_a_config_error_on_its_line(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    entry_point: tuple[str, str],
    text: str,
    expected: tuple[int, str],
) -> None:
    group, target = entry_point
    line, words = expected
    install_distribution(
        monkeypatch,
        tmp_path,
        name="broken-plugins",
        entry_points={group: {"odd": target}},
        modules={"broken_plugins.py": BROKEN},
    )
    with pytest.raises(ConfigError) as raised:
        parse_config_text(text, source="x.yml")
    assert (raised.value.path, raised.value.line) == ("x.yml", line)
    assert words in raised.value.message


def test_an_unknown_scheme_lists_the_installed_ones(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install_example(monkeypatch, tmp_path)
    with pytest.raises(ConfigError) as raised:
        parse_config_text("\nversion_scheme: serail\n", source="x.yml")
    assert raised.value.message == (
        "x.yml:2: version_scheme: 'serail' is not one of semver, pep440, calver or the "
        "installed plugins serial; did you mean 'serial'?"
    )


def test_a_scheme_raising_while_reading_tags_names_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install_distribution(
        monkeypatch,
        tmp_path,
        name="broken-plugins",
        entry_points={"release_regent.version_schemes": {"odd": "broken_plugins:Scheme"}},
        modules={"broken_plugins.py": BROKEN},
    )
    scheme = parse_config_text("version_scheme: odd\n", source="x.yml").version_scheme
    assert isinstance(scheme, GuardedScheme)
    with pytest.raises(PluginError, match=r"plugin 'odd' failed on 'v1\.0': KeyError") as raised:
        scheme.try_parse("v1.0")
    assert raised.value.key == "version_scheme"
