"""Entry point of the frozen app."""

from planner.cli import main

raise SystemExit(main())
