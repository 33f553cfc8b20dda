"""Whether the environment asks for traces, read without importing OpenTelemetry.

On when ``REGENT_TRACING=1``, or ``OTEL_TRACES_EXPORTER`` names an exporter, or an OTLP endpoint
is set (``OTEL_EXPORTER_OTLP_ENDPOINT``, ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``); off, whatever
else says, when ``OTEL_SDK_DISABLED=true`` or ``OTEL_TRACES_EXPORTER=none``.
"""

from __future__ import annotations

from collections.abc import Mapping

ENDPOINTS = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
_YES = frozenset({"1", "true", "yes", "on"})


def tracing_wanted(environ: Mapping[str, str]) -> bool:
    """Whether ``environ`` asks for traces (see the module's description)."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    exporter = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporter == "none":
        return False
    asked = environ.get("REGENT_TRACING", "").strip().lower() in _YES
    return asked or bool(exporter) or any(environ.get(name, "").strip() for name in ENDPOINTS)
