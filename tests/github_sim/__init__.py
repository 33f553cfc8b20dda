"""A local GitHub simulator for tests: REST endpoints backed by real bare git repositories."""
