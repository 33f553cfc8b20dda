"""A Slack incoming webhook: one short message (``{"text": ...}``) per event."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from regent.adapters.notifiers.http import post
from regent.adapters.notifiers.secrets import secret
from regent.core.notifications import NotificationEvent, slack_text


@dataclass(frozen=True, slots=True)
class SlackNotifier:
    """Posts to the incoming-webhook URL held by the variable ``url_env``."""

    url_env: str
    environ: Mapping[str, str]

    @property
    def name(self) -> str:
        return "slack"

    def notify(self, event: NotificationEvent) -> None:
        url = secret(self.environ, self.url_env, what="the Slack incoming-webhook URL")
        body = json.dumps({"text": slack_text(event)}).encode()
        post(url, body, headers={}, what="the Slack incoming webhook")
