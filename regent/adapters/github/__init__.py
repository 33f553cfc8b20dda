"""The GitHub port over PyGithub: calls, retries, metering and the operations."""
