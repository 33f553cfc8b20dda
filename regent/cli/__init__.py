"""The ``regent`` command line. Imports stay lazy so ``regent --version`` starts fast."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from regent import __version__

FORMATS = ("text", "json", "markdown")
MIGRATION_TOOLS = ("release-please", "semantic-release", "python-semantic-release", "commitizen")
"""What ``regent init --from`` reads (regent.config.migration.TOOLS, named here to start fast)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regent", description="Release automation from Conventional Commits."
    )
    parser.add_argument("--version", action="version", version=f"regent {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    plan = commands.add_parser(
        "plan",
        help="show the next release of a checkout (no network without a token; with one, "
        "merged pull requests' overrides and floors and the release PR's pin are read)",
    )
    plan.add_argument(
        "path", nargs="?", default=".", help="a directory inside the git checkout (default: .)"
    )
    plan.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    plan.add_argument(
        "--prerelease",
        metavar="CHANNEL",
        help="release on a prerelease channel (e.g. rc); 'none' for stable",
    )
    plan.add_argument("--release-as", metavar="VERSION", help="force the next version")
    plan.add_argument(
        "--config", metavar="FILE", help="configuration file (default: looked up in the checkout)"
    )
    plan.add_argument(
        "--since",
        metavar="REV",
        help="with no release tag yet, list only the commits after REV (overrides `since:`)",
    )
    plan.add_argument(
        "--all",
        action="store_true",
        help="list every commit (default: those that bump the version, and a count of the rest)",
    )
    plan.add_argument(
        "--deepen",
        action="store_true",
        help="fetch the full history of a shallow clone first (default: plan what it holds)",
    )
    plan.add_argument(
        "--token",
        metavar="TOKEN",
        help="read merged pull requests (BEGIN_COMMIT_OVERRIDE, release-regent: bump-* labels) "
        "and the release PR's !set-version pin (default: $GITHUB_TOKEN, else $GH_TOKEN)",
    )
    plan.add_argument(
        "--repo",
        metavar="OWNER/NAME",
        help="the repository on GitHub (default: from the origin remote)",
    )
    plan.add_argument(
        "--api-url",
        metavar="URL",
        help="GitHub's API (default: $GITHUB_API_URL, else https://api.github.com)",
    )

    run = commands.add_parser(
        "run", help="replay one GitHub event against a checkout (token from GITHUB_TOKEN)"
    )
    run.add_argument("--event-file", required=True, metavar="FILE", help="the event's JSON payload")
    run.add_argument(
        "--event",
        metavar="NAME",
        help="the event name, as X-GitHub-Event (default: from FILE's sibling .headers.json)",
    )
    run.add_argument(
        "--checkout", default=".", metavar="PATH", help="a clone of the repository (default: .)"
    )
    run.add_argument("--dry-run", action="store_true", help="decide and print; write nothing")
    run.add_argument(
        "--api-url",
        metavar="URL",
        help="GitHub's API (default: $GITHUB_API_URL, else https://api.github.com)",
    )

    changelog = commands.add_parser(
        "changelog",
        help="print the changelog of every release tag in the history, newest first (offline)",
    )
    changelog.add_argument(
        "path", nargs="?", default=".", help="a directory inside the git checkout (default: .)"
    )
    changelog.add_argument(
        "--write",
        action="store_true",
        help="write it to the changelog file (changelog.path), keeping the text above the "
        "first release section",
    )
    changelog.add_argument(
        "--since",
        metavar="TAG",
        help="only the releases after release tag TAG; --write keeps the file's older sections",
    )
    changelog.add_argument(
        "--config", metavar="FILE", help="configuration file (default: looked up in the checkout)"
    )

    validate = commands.add_parser("validate", help="check a configuration file")
    validate.add_argument(
        "file", nargs="?", help="the file (default: looked up in the current checkout)"
    )

    commands.add_parser("schema", help="print the configuration's JSON Schema (for editors)")

    init = commands.add_parser("init", help="write a starter configuration and an example workflow")
    init.add_argument("path", nargs="?", default=".", help="the repository root (default: .)")
    init.add_argument("--force", action="store_true", help="overwrite existing files")
    init.add_argument(
        "--changelog",
        action="store_true",
        help="also write CHANGELOG.md from the repository's release tags (regent changelog)",
    )
    init.add_argument(
        "--from",
        dest="from_tool",
        choices=MIGRATION_TOOLS,
        help="translate this tool's configuration in the repository (see docs/migration.md)",
    )

    serve = commands.add_parser(
        "serve", help="run the webhook service for a GitHub App (settings from the environment)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to bind (default: 8000)")
    serve.add_argument(
        "--workers",
        type=_positive_int,
        default=4,
        metavar="N",
        help="deliveries handled at once, one per repository (default: 4)",
    )
    serve.add_argument(
        "--shutdown-timeout",
        type=_positive_int,
        default=25,
        metavar="SECONDS",
        help="on SIGTERM, how long running deliveries get to finish; the rest is journalled and "
        "replayed at the next start (default: 25)",
    )
    return parser


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (0 done, 1 failure, 2 bad usage or config)."""
    arguments = build_parser().parse_args(argv)
    from regent.cli.commands import run_command

    return run_command(arguments)


if __name__ == "__main__":
    sys.exit(main())
