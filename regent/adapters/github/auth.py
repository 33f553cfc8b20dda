"""Credentials and PyGithub clients: a token, or a GitHub App's installations, each metered."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from github import Auth, Consts, Github, GithubIntegration
from github.Repository import Repository

from regent.adapters.github.endpoint import THROTTLE_SETTING, throttle_off
from regent.adapters.github.meter import APP_AUTH, CallMeter
from regent.adapters.github.retry import CountedRetry
from regent.adapters.secrets import SECRETS
from regent.core.errors import GitHubAuthError
from regent.core.model import RepoRef

DEFAULT_API_URL = Consts.DEFAULT_BASE_URL


@dataclass(frozen=True, slots=True)
class AppCredentials:
    """A GitHub App: its id and private key (PEM), and its installation id when known."""

    app_id: int | str
    private_key: str = field(repr=False)
    installation_id: int | None = None


@dataclass(frozen=True, slots=True)
class Throttle:
    """Pauses PyGithub keeps between requests and between writes (GitHub's guidance)."""

    seconds_between_requests: float | None = Consts.DEFAULT_SECONDS_BETWEEN_REQUESTS
    seconds_between_writes: float | None = Consts.DEFAULT_SECONDS_BETWEEN_WRITES

    @classmethod
    def off(cls) -> Throttle:
        """No pauses: for a local simulator only."""
        return cls(None, None)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Throttle:
        """No pauses when ``REGENT_GITHUB_THROTTLE=off`` (a local simulator only), else GitHub's."""
        return cls.off() if throttle_off(environ.get(THROTTLE_SETTING)) else cls()


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """How every PyGithub client is built."""

    api_url: str
    retry: CountedRetry
    throttle: Throttle
    per_page: int
    user_agent: str

    def kwargs(self) -> dict[str, Any]:
        return {
            "base_url": self.api_url.rstrip("/"),
            "timeout": self.retry.policy.timeout,
            "retry": self.retry,
            "per_page": self.per_page,
            "user_agent": self.user_agent,
            "seconds_between_requests": self.throttle.seconds_between_requests,
            "seconds_between_writes": self.throttle.seconds_between_writes,
            "lazy": True,
        }


class _MeteredToken(Auth.Token):
    """A constant token (workflow token or PAT) that counts each request it signs."""

    def __init__(self, token: str, meter: CallMeter) -> None:
        super().__init__(token)
        self._meter = meter

    def authentication(self, headers: dict[str, str]) -> None:
        self._meter.record()
        super().authentication(headers)


class _MeteredAppAuth(Auth.AppAuth):
    """The App's own JWT authentication, counting its requests as ``app_auth``."""

    def __init__(self, app: AppCredentials, meter: CallMeter) -> None:
        super().__init__(app.app_id, app.private_key)
        self._meter = meter

    def authentication(self, headers: dict[str, str]) -> None:
        self._meter.record(APP_AUTH)
        super().authentication(headers)


class _MeteredInstallationAuth(Auth.AppInstallationAuth):
    """An installation token, fetched and refreshed by PyGithub, counted and kept out of logs."""

    def __init__(self, app_auth: _MeteredAppAuth, installation_id: int, meter: CallMeter) -> None:
        super().__init__(app_auth, installation_id)
        self._meter = meter
        self._token_lock = threading.RLock()

    def authentication(self, headers: dict[str, str]) -> None:
        self._meter.record()
        super().authentication(headers)

    @property
    def token(self) -> str:
        with self._token_lock:  # one renewal when several threads find the token expiring
            value = super().token
        SECRETS.add(value)
        return value


def check_app_key(app: AppCredentials) -> None:
    """Fail early, and clearly, when the App's private key cannot sign a JWT."""
    try:
        Auth.AppAuth(app.app_id, app.private_key).create_jwt()
    except Exception as error:
        raise GitHubAuthError(
            f"the GitHub App's private key cannot sign a token ({type(error).__name__}); pass the "
            "PEM private key generated in the App's settings, whole, BEGIN and END lines included"
        ) from None


class Clients:
    """Lazy PyGithub repositories, one client per token or per App installation (cached)."""

    def __init__(
        self,
        options: ClientOptions,
        meter: CallMeter,
        *,
        token: str | None = None,
        app: AppCredentials | None = None,
    ) -> None:
        if (token is None) == (app is None):
            raise ValueError("give exactly one of token and app")
        self._options = options
        self._meter = meter
        self._app = app
        self._lock = threading.Lock()
        self._installations: dict[str, int] = {}
        self._clients: dict[int, Github] = {}
        self._auths: dict[int, _MeteredInstallationAuth] = {}
        self._app_auth = _MeteredAppAuth(app, meter) if app else None
        self._token = token
        self._token_client = self._client(_MeteredToken(token, meter)) if token else None
        SECRETS.add(token)

    def remember_installation(self, repo: RepoRef, installation_id: int) -> None:
        """``repo``'s App installation, as a delivery named it: no lookup request needed for any
        repository of its owner."""
        with self._lock:
            self._installations[_known_as(repo)] = installation_id

    def breaker_key(self, repo: RepoRef) -> str:
        """The circuit breaker guarding ``repo``'s requests: the token's, or its installation's
        (as a delivery named it or configured; its account's before it is looked up)."""
        if self._token is not None:
            return "the token"
        assert self._app is not None
        with self._lock:
            known = self._installations.get(_known_as(repo), self._app.installation_id)
        return f"installation {known}" if known is not None else f"account {_known_as(repo)}"

    def git_token(self, repo: RepoRef) -> str:
        """The token for git: the constant token, or the installation's (fetched when missing or
        about to expire, else PyGithub's cached one)."""
        if self._token is not None:
            return self._token
        self._for(repo)
        installation = self._installation(repo)
        with self._lock:
            auth = self._auths[installation]
        return auth.token

    def repository(self, repo: RepoRef) -> Repository:
        """The repository as a lazy PyGithub object: getting it costs no request."""
        return self._for(repo).get_repo(repo.full_name)

    def _for(self, repo: RepoRef) -> Github:
        if self._token_client is not None:
            return self._token_client
        installation = self._installation(repo)
        with self._lock:
            client = self._clients.get(installation)
            if client is None:
                assert self._app_auth is not None
                auth = _MeteredInstallationAuth(self._app_auth, installation, self._meter)
                client = self._clients[installation] = self._client(auth)
                self._auths[installation] = auth
            return client

    def _installation(self, repo: RepoRef) -> int:
        """The installation a delivery named, else the configured one, else looked up once."""
        assert self._app is not None
        assert self._app_auth is not None
        with self._lock:
            known = self._installations.get(_known_as(repo))
        if known is not None:
            return known
        if self._app.installation_id is not None:
            return self._app.installation_id
        integration = GithubIntegration(auth=self._app_auth, **self._options.kwargs())
        found = integration.get_repo_installation(repo.owner, repo.name).id
        with self._lock:
            self._installations[_known_as(repo)] = found
        return found

    def _client(self, auth: Auth.Auth) -> Github:
        return Github(auth=auth, **self._options.kwargs())


def _known_as(repo: RepoRef) -> str:
    """An App is installed at most once per account, so its installation is the owner's (GitHub
    names ignore case): ``owner/.github`` is read with the installation of ``owner/widget``."""
    return repo.owner.lower()
