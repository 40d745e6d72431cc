"""`python -m autograph_server` is the `autograph-server` command."""

from autograph_server.cli import main

raise SystemExit(main())
