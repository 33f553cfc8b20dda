"""The release PR: branch, title, labels, body, marker, integrity, decision and actions."""
