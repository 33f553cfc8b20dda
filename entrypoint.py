"""The Action door from a source checkout; the image runs the installed `regent-action` script."""

from __future__ import annotations

import sys

from regent.runtimes.action.main import main

if __name__ == "__main__":
    sys.exit(main())
