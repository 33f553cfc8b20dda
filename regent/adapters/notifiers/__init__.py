"""Notifiers that carry a failed (or recovered) release elsewhere: Slack, a signed webhook, and
the ones plugins register (``registry``)."""
