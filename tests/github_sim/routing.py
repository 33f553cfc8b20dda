"""Route table, request/response values and GitHub-style errors and pagination.

Route templates use OpenAPI form: ``{name}`` matches one path segment; ``{name+}`` matches one
or more characters including slashes (for git refs, branch names and file paths), e.g.
``/repos/{owner}/{repo}/git/refs/{ref+}``. Path parameters arrive percent-decoded. When several
templates match a path, the one with the most literal text wins, so
``/repos/{owner}/{repo}/commits/{commit_sha}/pulls`` beats ``/repos/{owner}/{repo}/commits/{ref+}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlencode

if TYPE_CHECKING:
    from tests.github_sim.state import SimState

DOCUMENTATION_URL = "https://docs.github.com/rest"
DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100


class Headers(Mapping[str, str]):
    """Read-only headers with case-insensitive lookup."""

    def __init__(self, pairs: Mapping[str, str] | None = None) -> None:
        self._items = {key.lower(): (key, value) for key, value in (pairs or {}).items()}

    def __getitem__(self, key: str) -> str:
        return self._items[key.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (original for original, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._items


@dataclass(frozen=True)
class Request:
    """One HTTP request as a handler sees it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: Mapping[str, str]
    body: Any
    raw_body: bytes
    token: str | None
    params: dict[str, str]
    base_url: str

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The first value of query parameter ``name``."""
        values = self.query.get(name)
        return values[0] if values else default


@dataclass(frozen=True)
class Response:
    """What a handler returns: status, JSON-serialisable body (None: empty) and extra headers.

    ``operation_id`` names the operation whose schema the body follows when it is not the
    route's (a path GitHub answers with one shape or another, as ``git/refs/{ref}`` does).
    """

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    operation_id: str | None = None


class SimError(Exception):
    """An error response rendered the way GitHub renders errors."""

    def __init__(
        self, status: int, message: str, *, errors: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors

    def response(self) -> Response:
        return error_response(self.status, self.message, errors=self.errors)


def error_response(
    status: int,
    message: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A GitHub error body: message, documentation_url, status (and errors for 422s)."""
    body: dict[str, Any] = {
        "message": message,
        "documentation_url": DOCUMENTATION_URL,
        "status": str(status),
    }
    if errors is not None:
        body["errors"] = errors
    return Response(status, body, dict(headers or {}))


Handler = Callable[["SimState", Request], Response]


@dataclass(frozen=True)
class Route:
    """A registered handler and the template it answers."""

    method: str
    template: str
    operation_id: str
    permission: tuple[str, str] | None
    handler: Handler
    pattern: re.Pattern[str]
    literal_length: int


@dataclass(frozen=True)
class Match:
    """A route chosen for a request, with its decoded path parameters."""

    route: Route
    params: dict[str, str]


API_ROUTES: list[Route] = []
CONTROL_ROUTES: list[Route] = []

_PARAM = re.compile(r"\{(\w+)(\+?)\}")


def _compile(template: str) -> tuple[re.Pattern[str], int]:
    parts: list[str] = []
    literal = 0
    position = 0
    for found in _PARAM.finditer(template):
        text = template[position : found.start()]
        parts.append(re.escape(text))
        literal += len(text)
        greedy = found.group(2) == "+"
        parts.append(f"(?P<{found.group(1)}>{'.+?' if greedy else '[^/]+'})")
        position = found.end()
    tail = template[position:]
    parts.append(re.escape(tail))
    literal += len(tail)
    return re.compile("^" + "".join(parts) + "$"), literal


def _register(table: list[Route], route_: Route) -> None:
    table[:] = [
        existing
        for existing in table
        if (existing.method, existing.template) != (route_.method, route_.template)
    ]
    table.append(route_)


def route(
    method: str,
    template: str,
    operation_id: str,
    *,
    permission: tuple[str, str] | None = None,
) -> Callable[[Handler], Handler]:
    """Register an API handler for ``method`` and ``template`` (OpenAPI ``operation_id``)."""

    def register(handler: Handler) -> Handler:
        pattern, literal = _compile(template)
        _register(
            API_ROUTES,
            Route(method.upper(), template, operation_id, permission, handler, pattern, literal),
        )
        return handler

    return register


def control(method: str, template: str) -> Callable[[Handler], Handler]:
    """Register a ``/_sim/...`` control handler (not validated, logged, rate-limited or faulted)."""

    def register(handler: Handler) -> Handler:
        pattern, literal = _compile(template)
        _register(
            CONTROL_ROUTES,
            Route(method.upper(), template, "", None, handler, pattern, literal),
        )
        return handler

    return register


def find_route(table: list[Route], method: str, path: str) -> Match | None:
    """The best route in ``table`` for ``method`` and ``path`` (most literal text wins)."""
    best: Match | None = None
    for candidate in table:
        if candidate.method != method:
            continue
        found = candidate.pattern.match(path)
        if found is None:
            continue
        if best is None or candidate.literal_length > best.route.literal_length:
            params = {name: unquote(value) for name, value in found.groupdict().items()}
            best = Match(candidate, params)
    return best


def page_window(request: Request, total: int) -> tuple[slice, dict[str, str]]:
    """The slice of ``total`` items for the requested page, and the Link header (if any)."""
    per_page = _bounded_int(request.arg("per_page"), DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    page = _bounded_int(request.arg("page"), 1, 1, None)
    last = max(1, -(-total // per_page))
    links = [(min(page - 1, last), "prev")] if page > 1 else []
    if page < last:
        links += [(page + 1, "next"), (last, "last")]
    if page > 1:
        links.append((1, "first"))
    start = (page - 1) * per_page
    header = ", ".join(f'<{_page_url(request, number)}>; rel="{rel}"' for number, rel in links)
    return slice(start, start + per_page), ({"Link": header} if header else {})


def paginate(
    request: Request,
    items: list[Any],
    *,
    render: Callable[[list[Any]], list[Any]] | None = None,
) -> Response:
    """A 200 with one page of ``items`` (``per_page`` default 30, max 100) and a Link header.

    ``render`` turns the items of the page into JSON, so that only one page is rendered.
    """
    window, headers = page_window(request, len(items))
    page = items[window]
    return Response(200, render(page) if render else page, headers)


def _bounded_int(text: str | None, default: int, low: int, high: int | None) -> int:
    try:
        value = int(text) if text is not None else default
    except ValueError:
        value = default
    value = max(low, value)
    return min(high, value) if high is not None else value


def _page_url(request: Request, page: int) -> str:
    query = {name: values for name, values in request.query.items() if name != "page"}
    query["page"] = [str(page)]
    return f"{request.base_url}{request.path}?{urlencode(query, doseq=True)}"
