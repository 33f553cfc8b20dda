"""The ``notifications:`` section: variable names for secrets, never the secrets; plugins with
their options."""

from __future__ import annotations

from pathlib import Path

import pytest

from regent.config.loader import parse_config_text
from regent.core.errors import ConfigError
from regent.core.notifications import NotificationPolicy, NotifierPlugin
from tests.plugin_install import install_example


def test_the_default_notifies_nobody() -> None:
    assert parse_config_text("", source="x.yml").notifications == NotificationPolicy()


def test_every_notifier_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    install_example(monkeypatch, tmp_path)
    text = """\
notifications:
  github_issue: true
  slack: {webhook_url_env: SLACK_RELEASES_URL}
  webhook: {url_env: HOOK_URL, secret_env: HOOK_KEY}
  plugins:
    - {name: jsonl, path_env: RELEASES_FILE, urgent: true}
"""
    assert parse_config_text(text, source="x.yml").notifications == NotificationPolicy(
        github_issue=True,
        slack_url_env="SLACK_RELEASES_URL",
        webhook_url_env="HOOK_URL",
        webhook_secret_env="HOOK_KEY",
        plugins=(NotifierPlugin("jsonl", {"path_env": "RELEASES_FILE", "urgent": True}),),
    )


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        pytest.param(
            "notifications:\n  slack:\n    webhook_url_env: https://hooks.slack.com/services/T/B/X\n",
            3,
            "the URL or key itself never goes in the configuration file",
            id="a URL instead of its variable",
        ),
        pytest.param(
            "notifications:\n  webhook: {url_env: 2URL, secret_env: KEY}\n",
            2,
            "'2URL' is not an environment variable name",
            id="not a variable name",
        ),
        pytest.param(
            "notifications:\n  webhook: {url_env: HOOK_URL}\n",
            2,
            "secret_env",
            id="an unsigned webhook",
        ),
        pytest.param(
            "notifications:\n  email: ops@example.com\n",
            2,
            "email",
            id="an unknown notifier",
        ),
    ],
)
def test_mistakes_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config_text(text, source=".release-regent.yml")
    assert caught.value.line == line
    assert words in caught.value.message
    assert "hooks.slack.com" not in caught.value.message
