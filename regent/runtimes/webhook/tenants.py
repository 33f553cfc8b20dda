"""Which installations and repositories a webhook service works for, and how much at once.

``TenantLists`` (``REGENT_ALLOW_INSTALLATIONS``, ``REGENT_DENY_INSTALLATIONS``: App installation
ids; ``REGENT_ALLOW_REPOSITORIES``, ``REGENT_DENY_REPOSITORIES``: ``owner/name`` or ``owner/*``;
each comma-separated) is applied by every door's receiver: a delivery that needs work and is
refused is answered 403 and logged under its delivery id. A deny list wins over an allow list;
an allow list that is set admits only what it names.

``InstallationQuotas`` (``REGENT_INSTALLATION_CONCURRENCY``, default 2;
``REGENT_INSTALLATION_DELIVERIES_PER_MINUTE``, default 0: no cap) is applied by ``regent
serve``'s queues: a delivery over its installation's cap waits in its queue, never dropped.
Standard library only.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from regent.webhook import Reply

ALLOW_INSTALLATIONS = "REGENT_ALLOW_INSTALLATIONS"
DENY_INSTALLATIONS = "REGENT_DENY_INSTALLATIONS"
ALLOW_REPOSITORIES = "REGENT_ALLOW_REPOSITORIES"
DENY_REPOSITORIES = "REGENT_DENY_REPOSITORIES"
CONCURRENCY = "REGENT_INSTALLATION_CONCURRENCY"
PER_MINUTE = "REGENT_INSTALLATION_DELIVERIES_PER_MINUTE"
DEFAULT_CONCURRENCY = 2
WINDOW_SECONDS = 60.0


@dataclass(frozen=True, slots=True, kw_only=True)
class TenantLists:
    """The installations and repositories allowed and denied (empty: no such list)."""

    allow_installations: frozenset[int] = frozenset()
    deny_installations: frozenset[int] = frozenset()
    allow_repositories: tuple[str, ...] = ()
    deny_repositories: tuple[str, ...] = ()
    """Lower-case ``owner/name`` or ``owner/*`` (GitHub's names ignore case)."""

    def refusal(self, *, installation: int | None, repository: str | None) -> str | None:
        """Why a delivery of ``installation`` for ``repository`` is refused, or None."""
        if installation is not None and installation in self.deny_installations:
            return f"installation {installation} is denied ({DENY_INSTALLATIONS})"
        if self.allow_installations and installation not in self.allow_installations:
            named = (
                f"installation {installation}" if installation is not None else "no installation"
            )
            return f"{named} is not allowed ({ALLOW_INSTALLATIONS})"
        if repository is not None and _matches(repository, self.deny_repositories):
            return f"repository {repository} is denied ({DENY_REPOSITORIES})"
        if self.allow_repositories and (
            repository is None or not _matches(repository, self.allow_repositories)
        ):
            return (
                f"repository {repository or '(none named)'} is not allowed ({ALLOW_REPOSITORIES})"
            )
        return None


def _matches(repository: str, patterns: tuple[str, ...]) -> bool:
    name = repository.lower()
    owner = name.split("/", 1)[0]
    return name in patterns or f"{owner}/*" in patterns


def not_served(reason: str) -> Reply:
    """403: this service does not work for the delivery's installation or repository."""
    message = f"not served here: {reason}"
    return Reply(403, {"message": message}, "refused_tenant")


@dataclass(frozen=True, slots=True, kw_only=True)
class QuotaSettings:
    """Per installation: reconciles at once, and deliveries started per minute (0: no cap)."""

    concurrency: int = DEFAULT_CONCURRENCY
    per_minute: int = 0


def read_tenant_lists(environ: Mapping[str, str], problems: list[str]) -> TenantLists:
    """The four lists in ``environ``; each bad entry appended to ``problems``."""
    return TenantLists(
        allow_installations=_ids(environ, ALLOW_INSTALLATIONS, problems),
        deny_installations=_ids(environ, DENY_INSTALLATIONS, problems),
        allow_repositories=_repositories(environ, ALLOW_REPOSITORIES, problems),
        deny_repositories=_repositories(environ, DENY_REPOSITORIES, problems),
    )


def read_quota_settings(environ: Mapping[str, str], problems: list[str]) -> QuotaSettings:
    """The two caps in ``environ``; a bad value appended to ``problems``."""
    concurrency = _count(environ, CONCURRENCY, DEFAULT_CONCURRENCY, problems, least=1)
    return QuotaSettings(
        concurrency=concurrency, per_minute=_count(environ, PER_MINUTE, 0, problems, least=0)
    )


def _entries(environ: Mapping[str, str], name: str) -> list[str]:
    return [entry.strip() for entry in environ.get(name, "").split(",") if entry.strip()]


def _ids(environ: Mapping[str, str], name: str, problems: list[str]) -> frozenset[int]:
    entries = _entries(environ, name)
    bad = [entry for entry in entries if not entry.isdigit()]
    if bad:
        problems.append(
            f"{name} holds {', '.join(map(repr, bad))}; give App installation ids (numbers, "
            "comma-separated: the id in the installation's settings URL)"
        )
    return frozenset(int(entry) for entry in entries if entry.isdigit())


def _repositories(environ: Mapping[str, str], name: str, problems: list[str]) -> tuple[str, ...]:
    entries = _entries(environ, name)
    bad = [entry for entry in entries if not _repository_shape(entry)]
    if bad:
        problems.append(
            f"{name} holds {', '.join(map(repr, bad))}; give owner/name or owner/* "
            "(comma-separated)"
        )
    return tuple(entry.lower() for entry in entries if _repository_shape(entry))


def _repository_shape(entry: str) -> bool:
    owner, _, name = entry.partition("/")
    return (
        bool(owner)
        and bool(name)
        and "*" not in owner
        and "/" not in name
        and (name == "*" or "*" not in name)
    )


def _count(
    environ: Mapping[str, str], name: str, default: int, problems: list[str], *, least: int
) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < least:
        problems.append(f"{name} is {value!r}; give a whole number of at least {least}")
        return default
    return int(value)


class InstallationQuotas:
    """How many deliveries each installation runs now and started within the last minute.

    The queue asks ``wait`` before starting a delivery and says ``started`` / ``finished``;
    a delivery that waited while its installation was at a cap is counted (``held``) when it
    starts.
    """

    def __init__(
        self,
        settings: QuotaSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        window: float = WINDOW_SECONDS,
    ) -> None:
        self.settings = settings or QuotaSettings()
        self._clock = clock
        self._window = window
        self._lock = threading.Lock()
        self._running: dict[int, int] = {}
        self._starts: dict[int, deque[float]] = {}
        self._capped: dict[int, tuple[float, str]] = {}
        """When each installation was last found at a cap, and which."""
        self._held: dict[tuple[int, str], int] = {}

    def wait(self, installation: int | None) -> float | None:
        """0 when a delivery of ``installation`` may start now; else the seconds until a
        minute's slot frees, or None while its concurrent reconciles are at the cap."""
        if installation is None:
            return 0.0
        with self._lock:
            if self._running.get(installation, 0) >= self.settings.concurrency:
                self._capped[installation] = (self._clock(), "concurrency")
                return None
            left = self._minute_left(installation)
            if left > 0:
                self._capped[installation] = (self._clock(), "per_minute")
            return left

    def started(self, installation: int | None, *, waited_since: float) -> None:
        """A delivery of ``installation`` starts, having waited since ``waited_since`` (on this
        clock): held by the cap its installation was last found at, if that was since."""
        if installation is None:
            return
        with self._lock:
            self._running[installation] = self._running.get(installation, 0) + 1
            if self.settings.per_minute:
                self._starts.setdefault(installation, deque()).append(self._clock())
            capped = self._capped.get(installation)
            if capped is not None and capped[0] >= waited_since:
                key = (installation, capped[1])
                self._held[key] = self._held.get(key, 0) + 1

    def finished(self, installation: int | None) -> None:
        if installation is None:
            return
        with self._lock:
            left = self._running.get(installation, 0) - 1
            if left > 0:
                self._running[installation] = left
            else:
                self._running.pop(installation, None)

    def held(self) -> dict[tuple[int, str], int]:
        """Deliveries started after waiting for a cap, by installation and the cap
        (``concurrency``, ``per_minute``) their installation was last found at."""
        with self._lock:
            return dict(self._held)

    def _minute_left(self, installation: int) -> float:
        """Seconds until ``installation`` may start one more this minute (the lock held)."""
        cap = self.settings.per_minute
        starts = self._starts.get(installation)
        if not cap or not starts:
            return 0.0
        now = self._clock()
        while starts and starts[0] <= now - self._window:
            starts.popleft()
        if len(starts) < cap:
            return 0.0
        return starts[0] + self._window - now
