"""The GitHub connection over PyGithub: one connection (``connect_github``) binds a port to each
repository (``repository.GitHubAdapter``); every call is counted, retried with care and
translated at the edge.

Import this module lazily: it pulls in PyGithub, which ``regent plan`` never needs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import requests
from github.GithubException import BadAttributeException, GithubException
from github.Requester import Requester
from urllib3.exceptions import HTTPError as TransportError

from regent.adapters.audit_log import AuditLog
from regent.adapters.github.audit import AuditTrail
from regent.adapters.github.auth import (
    DEFAULT_API_URL,
    AppCredentials,
    ClientOptions,
    Clients,
    Throttle,
    check_app_key,
)
from regent.adapters.github.breaker import Breakers, BreakerState
from regent.adapters.github.call import RepoCall
from regent.adapters.github.errors import Action, guard_library_logs, translate
from regent.adapters.github.exchanges import ExchangeHub, Listener, call_scope, observe
from regent.adapters.github.meter import CallMeter
from regent.adapters.github.repository import CONTENTS_READ, GitHubAdapter
from regent.adapters.github.retry import CountedRetry, RetryHooks, RetryPolicy, WaitTooLong
from regent.adapters.github.writes import Writer
from regent.adapters.secrets import SECRETS
from regent.adapters.tracing.github_calls import trace_call
from regent.core.errors import UsageError
from regent.core.model import CallCounts, RepoRef
from regent.core.ports import GitHubSession

log = logging.getLogger(__name__)

USER_AGENT = "release-regent"
DEFAULT_RETRY = RetryPolicy()
DEFAULT_THROTTLE = Throttle()
_FAILURES = (
    GithubException,
    BadAttributeException,
    requests.RequestException,
    TransportError,
    OSError,
    WaitTooLong,
)


def connect_github(
    *,
    token: str | None = None,
    app: AppCredentials | None = None,
    api_url: str = DEFAULT_API_URL,
    retry: RetryPolicy = DEFAULT_RETRY,
    throttle: Throttle = DEFAULT_THROTTLE,
    per_page: int = 100,
    user_agent: str = USER_AGENT,
    hooks: RetryHooks | None = None,
    audit: AuditLog | None = None,
    breakers: Breakers | None = None,
) -> GitHubConnection:
    """The connection to GitHub for a token (workflow token or PAT) or a GitHub App.

    ``api_url`` points at GitHub Enterprise Server (``https://HOST/api/v3``); ``throttle``
    keeps PyGithub's pauses between requests (``Throttle.off()`` only against a simulator);
    ``hooks`` replaces the clock, sleep and randomness (tests); ``audit``: where the record of
    each write goes (the ``regent.audit`` logger only, unless given a file); ``breakers``: the
    circuit breakers' settings and clock (default: 5 failed requests, 30 s).
    """
    if (token is None) == (app is None):
        raise UsageError("give GitHub either a token or a GitHub App (app id and private key)")
    if token is not None and not token.strip():
        raise UsageError("the GitHub token is empty; pass the workflow's GITHUB_TOKEN or a PAT")
    if app is not None:
        check_app_key(app)
    breakers = breakers or Breakers()

    def breaker_of(repo: RepoRef) -> str:
        return clients.breaker_key(repo)

    hooks = replace(hooks or RetryHooks(CallMeter()), guard=breakers.retry_guard(breaker_of))
    options = ClientOptions(
        api_url=api_url,
        retry=CountedRetry(policy=retry, hooks=hooks),
        throttle=throttle,
        per_page=per_page,
        user_agent=user_agent,
    )
    guard_library_logs()
    exchanges = ExchangeHub()
    AuditTrail(audit or AuditLog()).attach(exchanges)
    exchanges.listen(trace_call)  # a span per request while a tracer is installed
    clients = Clients(options, hooks.meter, token=token, app=app)
    exchanges.gate(breakers.gate(breaker_of))
    exchanges.listen(breakers.listener(breaker_of))
    return GitHubConnection(clients, retry, hooks, exchanges=exchanges, breakers=breakers)


class GitHubConnection(GitHubSession):
    """PyGithub clients shared by every repository: binds the port, holds installations and
    tokens, counts every request and remembers the rate limit left."""

    def __init__(
        self,
        clients: Clients,
        policy: RetryPolicy,
        hooks: RetryHooks,
        *,
        exchanges: ExchangeHub | None = None,
        breakers: Breakers | None = None,
    ) -> None:
        self._clients = clients
        self._exchanges = exchanges or ExchangeHub()
        self._breakers = breakers or Breakers()
        self._policy = policy
        self._hooks = hooks
        self.writer = Writer(policy, hooks)
        self._requesters: dict[int, Requester] = {}
        self._requesters_lock = threading.Lock()

    def for_repository(self, repo: RepoRef) -> GitHubAdapter:
        return GitHubAdapter(self, repo)

    def remember_installation(self, repo: RepoRef, installation_id: int) -> None:
        self._clients.remember_installation(repo, installation_id)

    def git_token(self, repo: RepoRef) -> str:
        with self.call(repo, "git_token", "get a token for git", CONTENTS_READ):
            return self._clients.git_token(repo)

    def call_counts(self) -> CallCounts:
        return self._hooks.meter.counts()

    def observe_calls(self, listener: Listener) -> None:
        """Tell ``listener`` of every request sent from now on (metrics, traces)."""
        self._exchanges.listen(listener)

    def breaker_states(self) -> dict[str, BreakerState]:
        """Each circuit breaker used so far (``installation 42``, ``the token``) and its state."""
        return self._breakers.states()

    def rate_limit_remaining(self) -> int | None:
        """The lowest ``X-RateLimit-Remaining`` of the clients' last responses, costing no request
        (PyGithub keeps it on each client's requester); None before any response carried it."""
        with self._requesters_lock:
            requesters = list(self._requesters.values())
        seen = [requester.rate_limiting[0] for requester in requesters]
        known = [remaining for remaining in seen if remaining >= 0]
        return min(known) if known else None

    @contextmanager
    def call(
        self,
        repo: RepoRef,
        operation: str,
        doing: str,
        permission: str,
        subject: str | None = None,
        *,
        tally: CallMeter | None = None,
    ) -> Iterator[RepoCall]:
        """Count the operation's requests (also in ``tally``) and translate its failures."""
        with self._hooks.meter.operation(operation, tally=tally), call_scope(repo, operation):
            try:
                repository = self._clients.repository(repo)
                self._watch(repository.requester)
                yield RepoCall(repo, repository, self.writer)
            except _FAILURES as error:
                log.debug("GitHub %s failed: %s", operation, SECRETS.redact(repr(error)))
                action = Action(doing, permission, subject or f"repository {repo}")
                now = self._hooks.clock()
                raise translate(error, action, now=now, policy=self._policy) from None

    def _watch(self, requester: Requester) -> None:
        """Remember a client's requester, whose last response holds the rate limit left, and
        observe its requests (audit records, metrics) from its first."""
        with self._requesters_lock:
            if self._requesters.setdefault(id(requester), requester) is requester:
                observe(requester, self._exchanges)
