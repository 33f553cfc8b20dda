"""Contract tests: adapters against real external behaviour (the GitHub simulator over HTTP)."""
