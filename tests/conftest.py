"""Property tests that do the same thing every run: Hypothesis draws from a fixed seed per test
(``derandomize``) and has no per-example deadline, which a loaded machine could miss."""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("reproducible", derandomize=True, deadline=None)
settings.load_profile("reproducible")
