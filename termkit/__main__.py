"""`python -m termkit`: the same as the `termkit` command."""

import sys

from termkit.cli.entry import main

sys.exit(main())
