"""Fakes of the ports for fast service tests: GitHub in memory over real git repositories."""
