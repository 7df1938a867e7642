"""python -m functions: the command-line interface."""

from functions.entry.cli import main
from functions.entry.process_exit import exit_at_once

exit_at_once(main())
