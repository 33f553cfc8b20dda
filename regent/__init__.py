"""Release Regent: release automation for GitHub from Conventional Commits."""

__version__ = "0.1.0"
