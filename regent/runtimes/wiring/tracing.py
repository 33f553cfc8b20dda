"""Tracing for a process: the OpenTelemetry tracer installed behind the core's port when the
environment asks for it and the ``otel`` extra is installed; the no-op tracer otherwise."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from regent.adapters.tracing.wanted import tracing_wanted
from regent.core.tracing import install_tracer, tracing

log = logging.getLogger(__name__)

EXTRA = "pip install 'release-regent[otel]'"
_LOCK = threading.Lock()


def start_tracing(environ: Mapping[str, str]) -> bool:
    """Install the tracer ``environ`` configures (once per process); whether tracing is on."""
    with _LOCK:
        if tracing() or not tracing_wanted(environ):
            return tracing()
        try:
            from regent.adapters.tracing.setup import otel_tracer  # noqa: PLC0415 - the extra
        except ImportError as error:
            log.warning(
                "tracing is asked for but OpenTelemetry is not installed (%s): %s; "
                "running without traces",
                error.name,
                EXTRA,
            )
            return False
        install_tracer(otel_tracer(environ))
        log.info("tracing on: spans sent as the OTEL_* environment variables say")
        return True
