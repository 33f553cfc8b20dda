"""Slack and webhook notifiers over HTTP (a local receiver), and the plugin registry."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping

import pytest

from regent.adapters.notifiers.http import NotifierError
from regent.adapters.notifiers.registry import NotifierRegistry
from regent.adapters.notifiers.slack import SlackNotifier
from regent.adapters.notifiers.webhook import WebhookNotifier
from regent.adapters.secrets import SECRETS
from regent.core.notifications import (
    NotificationEvent,
    NotificationPolicy,
    NotifierPlugin,
    ReleaseFailure,
    RunLink,
)
from regent.core.notifications_ports import Notifier
from tests.notification_receiver import Receiver, notification_receiver

FAILURE = ReleaseFailure(
    repository="acme/widget",
    base_branch="main",
    error="GitHub answered 502",
    retryable=True,
    done=(),
    link=RunLink(door="serve", delivery_id="d-1"),
)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with notification_receiver() as running:
        yield running


def test_slack_gets_a_short_text_message(receiver: Receiver) -> None:
    url = f"{receiver.url}/services/T000/B000/XXXXXXXXXXXX"
    SlackNotifier("SLACK_URL", {"SLACK_URL": url}).notify(FAILURE)
    [posted] = receiver.posted
    assert posted.path == "/services/T000/B000/XXXXXXXXXXXX"
    assert posted.headers["Content-Type"] == "application/json"
    assert json.loads(posted.body) == {
        "text": ":x: Release Regent: release failed on `main` in acme/widget: GitHub answered "
        "502 (webhook delivery d-1 (serve))"
    }
    assert SECRETS.redact(f"posting to {url}") == "posting to ***"


def test_the_webhook_event_is_signed_like_a_github_delivery(receiver: Receiver) -> None:
    environ = {
        "HOOK_URL": f"{receiver.url}/hooks/release",
        "HOOK_KEY": "It's a Secret to Everybody",
    }
    WebhookNotifier("HOOK_URL", "HOOK_KEY", environ).notify(FAILURE)
    [posted] = receiver.posted
    expected = hmac.new(b"It's a Secret to Everybody", posted.body, hashlib.sha256).hexdigest()
    assert posted.headers["X-Regent-Signature-256"] == f"sha256={expected}"
    assert posted.headers["X-Regent-Event"] == "release_failed"
    assert len(posted.headers["X-Regent-Delivery"]) == 36
    event = json.loads(posted.body)
    assert event["event"] == "release_failed"
    assert event["delivery_id"] == "d-1"
    assert event["retryable"] is True
    assert event["sent_at"].endswith("Z")


@pytest.mark.parametrize(
    ("environ", "words"),
    [
        pytest.param({}, "SLACK_URL is not set", id="unset"),
        pytest.param({"SLACK_URL": "  "}, "SLACK_URL is not set", id="blank"),
    ],
)
def test_a_missing_secret_names_its_variable(environ: dict[str, str], words: str) -> None:
    with pytest.raises(NotifierError, match=words):
        SlackNotifier("SLACK_URL", environ).notify(FAILURE)


def test_a_refusal_names_the_host_and_status_but_not_the_url(receiver: Receiver) -> None:
    receiver.status = 403
    url = f"{receiver.url}/services/T000/B000/SECRETPATH"
    with pytest.raises(NotifierError) as caught:
        SlackNotifier("SLACK_URL", {"SLACK_URL": url}).notify(FAILURE)
    assert "at 127.0.0.1 answered 403: invalid_token" in caught.value.message
    assert "SECRETPATH" not in caught.value.message


def test_an_unreachable_url_is_an_error_naming_the_host() -> None:
    with pytest.raises(NotifierError, match=r"at 127\.0\.0\.1 could not be reached"):
        SlackNotifier("U", {"U": "http://127.0.0.1:9/x"}).notify(FAILURE)


class Pager:
    def __init__(self, plugin: NotifierPlugin, environ: Mapping[str, str]) -> None:
        self.service = str(plugin.options["service"])
        self.events: list[NotificationEvent] = []

    @property
    def name(self) -> str:
        return "pager"

    def notify(self, event: NotificationEvent) -> None:
        self.events.append(event)


def _broken(plugin: NotifierPlugin, environ: Mapping[str, str]) -> Notifier:
    raise KeyError("service")


def test_the_registry_builds_built_ins_and_plugins_by_name() -> None:
    registry = NotifierRegistry()
    registry.register("pager", Pager)
    policy = NotificationPolicy(
        slack_url_env="S",
        webhook_url_env="U",
        webhook_secret_env="K",
        plugins=(NotifierPlugin("pager", {"service": "releases"}),),
    )
    slack, webhook, pager = registry.build(policy, {})
    assert (slack.name, webhook.name, pager.name) == ("slack", "webhook", "pager")
    assert isinstance(pager, Pager)
    assert pager.service == "releases"


def test_a_lookup_finds_what_is_not_registered() -> None:
    registry = NotifierRegistry()
    registry.add_lookup(lambda name: Pager if name == "pager" else None)
    [pager] = registry.build(
        NotificationPolicy(plugins=(NotifierPlugin("pager", {"service": "x"}),)), {}
    )
    assert isinstance(pager, Pager)


@pytest.mark.parametrize(
    ("register", "reason"),
    [
        pytest.param(False, "no notifier plugin is named 'pager'", id="unknown"),
        pytest.param(True, "KeyError: 'service'", id="broken"),
    ],
)
def test_a_plugin_that_cannot_be_built_fails_when_used_saying_why(
    register: bool, reason: str
) -> None:
    registry = NotifierRegistry()
    if register:
        registry.register("pager", _broken)
    [unusable] = registry.build(NotificationPolicy(plugins=(NotifierPlugin("pager"),)), {})
    with pytest.raises(NotifierError, match=reason):
        unusable.notify(FAILURE)
