"""`python -m termkit`: the same as the `termkit` command."""

import sys

from .entry import main

sys.exit(main())
