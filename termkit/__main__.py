"""`python -m termkit`: the same as the `termkit` command."""

import sys

from .cli import main

sys.exit(main())
