"""The webhook worker tells the notifiers of a failed reconcile only when no retry follows: a
retryable error (GitHub failing) on an attempt the door will repeat stays quiet."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from regent.core.errors import GitHubPermissionError, GitHubUnavailableError, RegentError
from regent.core.model import RepoRef
from regent.core.notifications import NotificationEvent, ReleaseFailure, RunLink
from regent.core.notifications_attempts import attempt, last_attempt
from regent.core.policy import ReleasePolicy
from regent.core.routing import Command, Reconcile
from regent.services.deliveries import DeliveryWorker
from regent.services.notify import ReleaseNotices

TARGET = Reconcile(
    repo=RepoRef.parse("acme/widget"), base_branch="main", reason="a push", default_branch=None
)


@dataclass
class Recorder:
    name: str = "recorder"
    events: list[NotificationEvent] = field(default_factory=list)

    def notify(self, event: NotificationEvent) -> None:
        self.events.append(event)


@dataclass
class Failing:
    """A release service whose reconcile raises ``error``."""

    error: Exception

    def reconcile(self, base_branch: str, **options: Any) -> None:
        raise self.error


def worker(error: Exception, recorder: Recorder) -> DeliveryWorker:
    @contextmanager
    def service_for(target: Reconcile, policy: ReleasePolicy) -> Iterator[Any]:
        yield Failing(error)

    @contextmanager
    def commands_for(command: Command) -> Iterator[Any]:
        raise AssertionError("no command here")
        yield

    def notices_for(target: Reconcile, policy: ReleasePolicy) -> ReleaseNotices:
        return ReleaseNotices(
            repository=target.repo.full_name,
            link=RunLink(door="serve", delivery_id="d-1"),
            issues=None,
            notifiers=(recorder,),
            writes=dict,
        )

    return DeliveryWorker(
        policy_for=lambda target: ReleasePolicy(),
        service_for=service_for,
        commands_for=commands_for,
        notices_for=notices_for,
    )


@pytest.mark.parametrize(
    ("error", "last", "told"),
    [
        pytest.param(
            GitHubPermissionError("the token needs contents: write"), False, True, id="a fix needed"
        ),
        pytest.param(GitHubUnavailableError("GitHub answered 502"), False, False, id="retried"),
        pytest.param(GitHubUnavailableError("GitHub answered 502"), True, True, id="last retry"),
        pytest.param(ValueError("a bug"), False, True, id="a crash"),
    ],
)
def test_the_notifiers_hear_of_a_failure_no_retry_follows(
    error: Exception, last: bool, told: bool
) -> None:
    recorder = Recorder()
    with attempt(last=last), pytest.raises(type(error)):
        worker(error, recorder).reconcile(TARGET)
    assert bool(recorder.events) is told
    if told:
        [event] = recorder.events
        assert isinstance(event, ReleaseFailure)
        assert event.retryable is (isinstance(error, RegentError) and error.retryable)


def test_a_dry_run_tells_nobody() -> None:
    recorder = Recorder()
    dry = Reconcile(
        repo=TARGET.repo, base_branch="main", reason="x", default_branch=None, dry_run=True
    )
    with pytest.raises(GitHubPermissionError):
        worker(GitHubPermissionError("x"), recorder).reconcile(dry)
    assert recorder.events == []


def test_every_attempt_is_the_last_unless_a_door_says_otherwise() -> None:
    assert last_attempt()
    with attempt(last=False):
        assert not last_attempt()
    assert last_attempt()
