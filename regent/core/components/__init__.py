"""Components of a monorepo: release lines of their own, their commits and their versions (pure)."""
