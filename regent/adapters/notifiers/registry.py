"""The notifiers a repository's ``notifications:`` names: Slack and the webhook built in, and
those of plugins (``notifications.plugins``), found by name in the registry.

A plugin loader (entry points, group ``release_regent.notifiers``) adds itself with
``NOTIFIERS.add_lookup``; code embedding Release Regent may ``NOTIFIERS.register`` a factory.
A factory takes the plugin's entry (its name and options) and the environment (secrets are
read from there, never from the configuration) and returns a ``Notifier``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from regent.adapters.notifiers.http import NotifierError
from regent.adapters.notifiers.slack import SlackNotifier
from regent.adapters.notifiers.webhook import WebhookNotifier
from regent.core.notifications import NotificationEvent, NotificationPolicy, NotifierPlugin
from regent.core.notifications_ports import Notifier

NotifierFactory = Callable[[NotifierPlugin, Mapping[str, str]], Notifier]
Lookup = Callable[[str], NotifierFactory | None]


class NotifierRegistry:
    """Notifier factories by name, and lookups asked for a name no factory is registered for."""

    def __init__(self) -> None:
        self._factories: dict[str, NotifierFactory] = {}
        self._lookups: list[Lookup] = []
        self._lock = threading.Lock()

    def register(self, name: str, factory: NotifierFactory) -> None:
        with self._lock:
            self._factories[name] = factory

    def add_lookup(self, lookup: Lookup) -> None:
        with self._lock:
            if lookup not in self._lookups:
                self._lookups.append(lookup)

    def factory(self, name: str) -> NotifierFactory | None:
        with self._lock:
            found = self._factories.get(name)
            lookups = list(self._lookups)
        for lookup in lookups:
            if found is not None:
                break
            found = lookup(name)
        return found

    def build(self, policy: NotificationPolicy, environ: Mapping[str, str]) -> tuple[Notifier, ...]:
        """The notifiers ``policy`` names besides the GitHub issue; a plugin that cannot be
        found or built is a notifier that fails, so the run goes on and its failure is logged."""
        built: list[Notifier] = []
        if policy.slack_url_env:
            built.append(SlackNotifier(policy.slack_url_env, environ))
        if policy.webhook_url_env and policy.webhook_secret_env:
            secret_env = policy.webhook_secret_env
            built.append(WebhookNotifier(policy.webhook_url_env, secret_env, environ))
        built.extend(self._plugin(plugin, environ) for plugin in policy.plugins)
        return tuple(built)

    def _plugin(self, plugin: NotifierPlugin, environ: Mapping[str, str]) -> Notifier:
        factory = self.factory(plugin.name)
        if factory is None:
            return Unusable(plugin.name, f"no notifier plugin is named {plugin.name!r}")
        try:
            return factory(plugin, environ)
        except Exception as error:  # a broken plugin must not stop the run
            return Unusable(plugin.name, f"{type(error).__name__}: {error}")


@dataclass(frozen=True, slots=True)
class Unusable:
    """A notifier that could not be built: it fails each time, saying why."""

    name: str
    reason: str

    def notify(self, event: NotificationEvent) -> None:
        raise NotifierError(f"the notifier plugin {self.name!r} cannot be used: {self.reason}")


NOTIFIERS = NotifierRegistry()
"""The process's registry."""
