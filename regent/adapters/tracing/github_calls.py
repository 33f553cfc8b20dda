"""Each GitHub request as a span, from the connection's report of it (``observe_calls``):
``{METHOD} {route template}`` with the method, route template, status and attempts (urllib3's
retries inside one exchange), a child of the span in progress in the thread that sent it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from regent.core.tracing import AttributeValue, current_tracer, tracing

if TYPE_CHECKING:
    from regent.adapters.github.exchanges import Exchange


def trace_call(exchange: Exchange) -> None:
    """Record ``exchange`` as a finished span (nothing while tracing is off); failed when no
    answer came or GitHub answered 5xx (a 404 is how a check finds nothing: not a failure)."""
    if not tracing():
        return
    attributes: dict[str, AttributeValue] = {
        "http.request.method": exchange.method,
        "url.template": exchange.route,
        "github.attempts": exchange.attempts,
        "http.request.resend_count": exchange.attempts - 1,
    }
    if exchange.status is not None:
        attributes["http.response.status_code"] = exchange.status
    if exchange.scope is not None:
        attributes["github.operation"] = exchange.scope.operation
    failed = exchange.error
    if failed is None and exchange.status is not None and exchange.status >= 500:
        failed = str(exchange.status)
    current_tracer().record(
        f"{exchange.method} {exchange.route}",
        attributes,
        seconds=exchange.seconds,
        error=failed,
    )
