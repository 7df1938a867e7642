"""python -m functions: the command-line interface."""

import sys

from functions.entry.cli import main

sys.exit(main())
