"""``python -m regent.runtimes.action``: the Action door, as the `regent-action` script runs it."""

import sys

from regent.runtimes.action.main import main

sys.exit(main())
