"""The word a handled delivery is counted under in the webhook metrics, from the worker's real
outcome: a reconcile's most telling event, or ``not_a_base_branch`` when the release service
left the branch alone."""

from __future__ import annotations

import pytest

from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.door import handle_with
from regent.services.deliveries import DeliveryWorker
from tests.contract.conftest import World
from tests.contract.test_delivery_worker import branch_target, key, target, worker
from tests.delivery_ids import delivery_id

pytestmark = pytest.mark.contract
__all__ = ["key", "worker"]


def test_each_handled_delivery_is_counted_under_its_outcome(
    worker: DeliveryWorker, world: World
) -> None:
    handle = handle_with(worker)
    world.push_branch("feature/knob")
    feature = Delivery(
        delivery_id("feature"), "push", None, "acme/widget", branch_target(world, "feature/knob")
    )
    merged = Delivery(delivery_id("merged"), "pull_request", "closed", "acme/widget", target(world))
    assert handle(feature) == "not_a_base_branch"
    assert handle(merged) == "release_pr_opened"
    assert handle(merged) == "release_pr_unchanged"
