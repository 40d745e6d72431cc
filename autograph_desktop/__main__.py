"""`python -m autograph_desktop` runs the same CLI as the `autograph` command."""

import sys

from autograph_desktop.cli import main

sys.exit(main())
