"""The bundle's entry point: it declares itself the bundle, then runs the `autograph` command.

PyInstaller freezes this script as the `autograph` executable (see autograph.spec).
"""

import sys

from autograph_desktop.frozen import declare_bundle

declare_bundle()

from autograph_desktop.cli import main  # noqa: E402  (after the declaration, which the CLI reads)

sys.exit(main())
