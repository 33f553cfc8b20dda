"""The ``regent`` command line. Imports stay lazy so ``regent --version`` starts fast."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from regent import __version__

FORMATS = ("text", "json", "markdown")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regent", description="Release automation from Conventional Commits."
    )
    parser.add_argument("--version", action="version", version=f"regent {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    plan = commands.add_parser(
        "plan", help="show the next release of a checkout (no network, no token)"
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

    validate = commands.add_parser("validate", help="check a configuration file")
    validate.add_argument(
        "file", nargs="?", help="the file (default: looked up in the current checkout)"
    )

    commands.add_parser("schema", help="print the configuration's JSON Schema (for editors)")

    init = commands.add_parser("init", help="write a starter configuration and an example workflow")
    init.add_argument("path", nargs="?", default=".", help="the repository root (default: .)")
    init.add_argument("--force", action="store_true", help="overwrite existing files")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (0 done, 1 failure, 2 bad usage or config)."""
    arguments = build_parser().parse_args(argv)
    from regent.cli.commands import run_command

    return run_command(arguments)


if __name__ == "__main__":
    sys.exit(main())
