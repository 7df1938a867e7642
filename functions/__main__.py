"""python -m functions: the command-line interface."""

import gc

gc.disable()  # importing the jobs' 200 modules makes next to no garbage: 60 collections (0.02 s) found none

from functions.entry.cli import main  # noqa: E402
from functions.entry.process_exit import exit_at_once  # noqa: E402

gc.freeze()  # the modules live as long as the process: no later collection need look at them again
gc.enable()
exit_at_once(main())
