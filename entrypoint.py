"""The Docker Action's entry point. Until the Action door lands it previews the next release."""

import sys

from regent.cli import main

if __name__ == "__main__":
    sys.exit(main(["plan", "--format", "markdown"]))
