"""timeline/: the append-only log, state at a date, history, conflicts and the CLI."""
