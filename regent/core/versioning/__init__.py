"""SemVer, versions, bump rules, the next version and release tags."""
