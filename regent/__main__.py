"""``python -m regent``."""

import sys

from regent.cli import main

sys.exit(main())
