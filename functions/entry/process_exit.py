"""End `python -m functions` without tearing the heap down object by object."""

from __future__ import annotations

import atexit
import logging
import os
import sys
from typing import NoReturn


def exit_at_once(code: int | None) -> NoReturn:
    """Run the exit handlers, flush the standard streams, then leave with code at once.

    Hand-written because the interpreter's own exit frees every object one at a time first: after a night
    that is 170,000 parsed contacts and their index, 0.04–0.07 s (1 % of the night) spent on memory the
    operating system takes back anyway. Files are closed by the jobs themselves (with-blocks), and the
    handlers (logging, thread pools, coverage) still run here, as they would at a normal exit.
    """
    run_handlers = getattr(atexit, "_run_exitfuncs", logging.shutdown)  # CPython's; else logging at least
    try:
        run_handlers()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):  # a closed pipe or stream: nothing more to say
                pass
        os._exit(code or 0)  # None: success, as sys.exit(None)
