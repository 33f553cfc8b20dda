"""OpenTelemetry behind the core's tracer port (``regent.core.tracing``); the optional extra
``otel``. Import lazily: only the wiring does, when the environment asks for tracing."""
