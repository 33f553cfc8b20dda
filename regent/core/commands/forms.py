"""The accepted forms, as every reply to an invalid command lists them."""

from __future__ import annotations

ACCEPTED_FORMS = """\
- `!set-version <version>` on the release PR: the pending release becomes that version \
(prerelease allowed; greater than the last release) until it is released; \
`!set-version auto` drops it. On a monorepo's release PR holding several components, name \
the component: `!set-version <component> <version>` or `!set-version <component> auto` \
(a linked group's members all take it).
- `!release major`, `!release minor` or `!release patch` on any other open pull request: \
the release that contains it bumps at least that much.
- `!release-regent explain` on any pull request: the projected next version and why.

Write each command on its own line, outside quotes and code blocks; \
`/release-regent <command>` works too (`/release-regent set-version 2.0.0`). \
Only people with write, maintain or admin permission on the repository may change a release."""
"""The Markdown list of the commands Release Regent takes, and where."""
