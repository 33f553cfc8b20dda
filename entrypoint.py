"""The Docker Action's entry point: hands the runner's environment to the Action door."""

from __future__ import annotations

import sys

from regent.runtimes.action.main import main

if __name__ == "__main__":
    sys.exit(main())
