"""The ``notifications`` section: who hears of a failed release. The file names the environment
variables (or secret store keys) holding URLs and keys, never the secrets themselves."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict

from regent.config.sections import ConfigModel, config_problem
from regent.core.notifications import NotificationPolicy, NotifierPlugin

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _variable_name(value: str) -> str:
    """Accept the name of an environment variable; a URL or key written in its place is refused."""
    if _NAME.fullmatch(value):
        return value
    if "://" in value or len(value) > 64:
        raise config_problem(
            "give the name of the environment variable (or secret store key) that holds this "
            "secret, such as SLACK_WEBHOOK_URL; the URL or key itself never goes in the "
            "configuration file"
        )
    raise config_problem(
        f"{value!r} is not an environment variable name (letters, digits and _, not starting "
        "with a digit)"
    )


VariableName = Annotated[str, AfterValidator(_variable_name)]


def _notifier_plugin(name: str) -> str:
    """Accept the name of an installed notifier plugin (``regent.config.plugins``)."""
    from regent.config.plugins import PluginError, notifier_factory  # noqa: PLC0415

    try:
        notifier_factory(name)
    except PluginError as error:
        raise config_problem(error.reason) from None
    return name


NotifierName = Annotated[str, AfterValidator(_notifier_plugin)]


class SlackConfig(ConfigModel):
    """A Slack incoming webhook."""

    webhook_url_env: VariableName
    """The environment variable holding the incoming-webhook URL."""


class WebhookConfig(ConfigModel):
    """A URL that receives each event as JSON, signed like GitHub's own deliveries."""

    url_env: VariableName
    """The environment variable holding the URL the event is POSTed to."""
    secret_env: VariableName
    """The environment variable holding the key of the HMAC-SHA256 signature
    (X-Regent-Signature-256)."""


class NotifierPluginConfig(ConfigModel):
    """A notifier from a plugin: its entry point name and its own options beside it."""

    model_config = ConfigDict(extra="allow")

    name: NotifierName
    """The name of the notifier's entry point (group release_regent.notifiers)."""

    def options(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class NotificationsConfig(ConfigModel):
    """Who hears of a failed release, and of its recovery."""

    github_issue: bool = False
    """Open one issue per base branch (label "release-regent: failure") when a release fails,
    comment on it when it fails again, close it when a run succeeds."""
    slack: SlackConfig | None = None
    """Post a short message to a Slack incoming webhook: {webhook_url_env: NAME}."""
    webhook: WebhookConfig | None = None
    """POST a signed JSON event: {url_env: NAME, secret_env: NAME}."""
    plugins: tuple[NotifierPluginConfig, ...] = ()
    """Notifiers from plugins: [{name: <entry point>, ...its options}]."""

    def to_policy(self) -> NotificationPolicy:
        """The core notification options."""
        return NotificationPolicy(
            github_issue=self.github_issue,
            slack_url_env=self.slack.webhook_url_env if self.slack else None,
            webhook_url_env=self.webhook.url_env if self.webhook else None,
            webhook_secret_env=self.webhook.secret_env if self.webhook else None,
            plugins=tuple(NotifierPlugin(p.name, p.options()) for p in self.plugins),
        )
