"""`python -m kerax run script.py [args]`: see `kerax.cli`."""

import sys

from kerax.cli import main

if __name__ == "__main__":
    sys.exit(main())
