"""The OpenTelemetry tracer the environment configures (``wanted.tracing_wanted`` says whether
it asks for one). ``OTEL_TRACES_EXPORTER`` picks the exporter (``otlp``, the default, or
``console``); everything else is the SDK's own reading of the standard variables: the service
name and resource
(``OTEL_SERVICE_NAME``, ``OTEL_RESOURCE_ATTRIBUTES``), the sampler (``OTEL_TRACES_SAMPLER``),
batching (``OTEL_BSP_*``) and the OTLP/HTTP exporter (``OTEL_EXPORTER_OTLP_*``).
"""

from __future__ import annotations

from collections.abc import Mapping

from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
    SpanExporter,
)

from regent.adapters.tracing.otel import OtelTracer
from regent.core.errors import UsageError

DEFAULT_SERVICE = "release-regent"
EXPORTERS = ("otlp", "console", "none")


def otel_tracer(environ: Mapping[str, str], *, exporter: SpanExporter | None = None) -> OtelTracer:
    """The tracer sending spans where ``environ`` says (``exporter``, given by tests, is sent
    each span as it ends)."""
    resource = Resource.create()  # OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES
    if str(resource.attributes.get(SERVICE_NAME, "")).startswith("unknown_service"):
        resource = resource.merge(Resource({SERVICE_NAME: DEFAULT_SERVICE}))
    provider = TracerProvider(resource=resource)
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        provider.add_span_processor(BatchSpanProcessor(_exporter(environ)))
    return OtelTracer(provider)


def _exporter(environ: Mapping[str, str]) -> SpanExporter:
    names = [
        name.strip().lower()
        for name in environ.get("OTEL_TRACES_EXPORTER", "otlp").split(",")
        if name.strip()
    ]
    unknown = [name for name in names if name not in EXPORTERS]
    if unknown or len(names) != 1:
        raise UsageError(
            f"OTEL_TRACES_EXPORTER={environ.get('OTEL_TRACES_EXPORTER')!r}: give one of "
            f"{', '.join(EXPORTERS)} (otlp sends OTLP over HTTP to OTEL_EXPORTER_OTLP_ENDPOINT)"
        )
    if names == ["console"]:
        return ConsoleSpanExporter()
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import (  # noqa: PLC0415
        OTLPSpanExporter,
    )

    return OTLPSpanExporter()
