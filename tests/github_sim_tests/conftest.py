"""Fixtures for the simulator's self-tests."""

from tests.github_sim.fixtures import sim

__all__ = ["sim"]
