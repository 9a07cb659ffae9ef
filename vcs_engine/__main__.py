"""`python -m vcs_engine …` is the same as the `vcs` command."""

import sys

from .cli import main

sys.exit(main())
