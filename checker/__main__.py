"""``python -m checker``: the command line (checker.apps.cli), kept here as the entry Python runs."""

import sys

from .apps.cli import main

if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the reader stopped early (e.g. `| head`): not an error of ours
        sys.stderr.close()
        sys.exit(0)
