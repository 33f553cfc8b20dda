"""Example Release Regent plugins (see pyproject.toml for their entry points)."""
