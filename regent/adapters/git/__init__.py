"""The history port over git: log streaming, repository reads and the clone cache."""
