"""What release notes show beyond the commits: who made them, the text each entry takes, and
GitHub's own generated notes."""
