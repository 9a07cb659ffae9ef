"""`python -m studio [COMPOSITION]`."""

import sys

from .app import main

sys.exit(main())
