"""The example payloads of docs/local.md route as the page says, through the one router."""

from __future__ import annotations

import json

import pytest

from regent.core.model import RepoRef
from regent.core.routing import Ping, Reconcile, route
from tests.shared_data import PROJECT_ROOT

EXAMPLES = PROJECT_ROOT / "docs" / "examples"


@pytest.mark.parametrize(("event", "requested"), [("push", False), ("workflow_dispatch", True)])
def test_the_examples_reconcile_main_of_acme_widget(event: str, requested: bool) -> None:
    payload = json.loads((EXAMPLES / f"{event}.json").read_text(encoding="utf-8"))
    routed = route(event, payload)
    assert isinstance(routed, Reconcile), routed
    assert (routed.repo, routed.base_branch) == (RepoRef("acme", "widget"), "main")
    assert routed.requested is requested


def test_the_push_example_names_the_app_installation_of_the_page() -> None:
    payload = json.loads((EXAMPLES / "push.json").read_text(encoding="utf-8"))
    routed = route("push", payload)
    assert isinstance(routed, Reconcile)
    assert routed.installation_id == 7


def test_the_ping_example_is_a_ping() -> None:
    payload = json.loads((EXAMPLES / "ping.json").read_text(encoding="utf-8"))
    assert isinstance(route("ping", payload), Ping)
