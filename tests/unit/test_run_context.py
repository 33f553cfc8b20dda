"""The run context: set by a door for one run, refined as a delivery becomes known, each
thread or task seeing its own."""

from __future__ import annotations

import threading

import pytest

from regent.core.run_context import RunContext, current_run, running, within_run
from regent.runtimes.action.main import action_run


@pytest.mark.parametrize(
    ("context", "fields"),
    [
        pytest.param(
            RunContext(door="serve", delivery_id="d-1", repository="acme/widget", event="push"),
            {"delivery_id": "d-1", "repository": "acme/widget", "event": "push"},
            id="a delivery",
        ),
        pytest.param(
            RunContext(door="action", run_id="42", repository="acme/widget", event="push"),
            {"run_id": "42", "repository": "acme/widget", "event": "push"},
            id="an Action run",
        ),
        pytest.param(
            RunContext(door="lambda", delivery_id="?"),
            {"delivery_id": "?", "repository": None, "event": None},
            id="a refusal: what is unknown is null, never missing",
        ),
    ],
)
def test_log_fields(context: RunContext, fields: dict[str, str | None]) -> None:
    assert context.log_fields() == fields


@pytest.mark.parametrize(
    ("context", "correlation"),
    [
        pytest.param(RunContext(door="serve", delivery_id="d-1"), "d-1", id="delivery"),
        pytest.param(RunContext(door="action", run_id="42"), "42", id="run"),
        pytest.param(RunContext(door="cli"), None, id="neither"),
    ],
)
def test_correlation_id(context: RunContext, correlation: str | None) -> None:
    assert context.correlation_id == correlation


def test_a_run_is_current_inside_its_block_only() -> None:
    assert current_run() is None
    context = RunContext(door="cli", run_id="r")
    with running(context) as entered:
        assert entered is current_run() is context
    assert current_run() is None


def test_within_run_refines_the_current_run_and_keeps_what_is_not_given() -> None:
    with running(RunContext(door="lambda", delivery_id="claimed", event="push")):
        refined = within_run(delivery_id="checked", repository="acme/widget", sender="octocat")
    assert refined == RunContext(
        door="lambda",
        delivery_id="checked",
        repository="acme/widget",
        event="push",
        sender="octocat",
    )


def test_within_run_outside_any_run_starts_one() -> None:
    assert within_run(delivery_id="d") == RunContext(door="unknown", delivery_id="d")
    assert within_run(door="serve", installation_id=0).installation_id == 0


def test_each_thread_sees_its_own_run() -> None:
    seen: dict[str, str | None] = {}
    gate = threading.Barrier(3)

    def work(name: str) -> None:
        with running(RunContext(door="serve", delivery_id=name)):
            gate.wait()
            run = current_run()
            seen[name] = run.delivery_id if run else None

    threads = [threading.Thread(target=work, args=(f"d-{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {f"d-{n}": f"d-{n}" for n in range(3)}


@pytest.mark.parametrize(
    ("environ", "run_id", "sender"),
    [
        pytest.param(
            {"GITHUB_RUN_ID": "42", "GITHUB_RUN_ATTEMPT": "1", "GITHUB_ACTOR": "octocat"},
            "42",
            "octocat",
            id="first attempt",
        ),
        pytest.param(
            {
                "GITHUB_RUN_ID": "42",
                "GITHUB_RUN_ATTEMPT": "3",
                "GITHUB_ACTOR": "octocat",
                "GITHUB_TRIGGERING_ACTOR": "hubot",
            },
            "42/3",
            "hubot",
            id="a re-run: its attempt, and who re-ran it",
        ),
        pytest.param({}, None, None, id="outside a runner"),
    ],
)
def test_the_action_run_context(
    environ: dict[str, str], run_id: str | None, sender: str | None
) -> None:
    context = action_run(environ, repository="acme/widget", event="push")
    assert context == RunContext(
        door="action", run_id=run_id, repository="acme/widget", event="push", sender=sender
    )
